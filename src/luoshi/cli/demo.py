"""`luoshi demo`: a throwaway ledger built from the example meetings, shown at once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from luoshi.cli.common import run
from luoshi.i18n import _


def demo(
    ctx: typer.Context,
    source: Annotated[Optional[Path], typer.Option("--from", metavar="DIR", help=_("A folder of meeting files (default: the examples shipped with luoshi)."))] = None,
) -> None:
    from luoshi.services import demo as service
    from luoshi.services.review import build_report

    def render(demo_ctx, sctx) -> None:
        from luoshi.render.report import print_report

        review_ctx, last_week = service.review_context(demo_ctx)
        print(_("Demo ledger: {path}").format(path=demo_ctx.db))
        print((_("Three weeks of two example meetings; last week's review (today is Monday):")
               if last_week else _("Three weeks of two example meetings; this week's review:"))
              + "\n")
        print_report(build_report(review_ctx, "week").model_dump(), sctx.lang, review_ctx.now)
        print("\n" + _("Try: luoshi --db {path} list --status all").format(path=demo_ctx.db))

    run(ctx, lambda sctx: service.build(sctx, source), False, render)
