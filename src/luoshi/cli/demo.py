"""`luoshi demo`: a throwaway ledger built from the example meetings, shown at once.

The ledger lives in a new temporary folder, removed once the report is printed (also when
printing fails or is interrupted); with --keep it stays, and the output says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from luoshi.cli.common import run
from luoshi.i18n import _


def demo(
    ctx: typer.Context,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="DIR", help=_("A folder of meeting files (default: the examples shipped with luoshi)."))] = None,
    keep: Annotated[bool, typer.Option("--keep", help=_("Keep the demo ledger afterwards, to look around in it."))] = False,
) -> None:
    from luoshi.services import demo as service
    from luoshi.services.review import build_report

    built = []

    def action(sctx):
        built.append(service.build(sctx, source))
        return built[-1]

    def render(demo_ctx, sctx) -> None:
        from luoshi.render.report import print_report

        review_ctx, last_week = service.review_context(demo_ctx)
        if keep:
            print(_("Demo ledger: {path}").format(path=demo_ctx.db))
        print((_("Three weeks of two example meetings; last week's review (today is Monday):")
               if last_week else _("Three weeks of two example meetings; this week's review:"))
              + "\n")
        print_report(build_report(review_ctx, "week").to_json(), sctx.lang, review_ctx.now)
        if keep:
            print("\n" + _("Try: luoshi --db {path} list --status all").format(path=demo_ctx.db))
        else:
            print("\n" + _("The demo ledger is removed now; to look around in one, run: luoshi demo --keep"))

    try:
        run(ctx, action, False, render)
    finally:
        if built and not keep:
            service.discard(built[0])
