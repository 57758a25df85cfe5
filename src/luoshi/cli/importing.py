"""`luoshi import`: events from a luoshi export, or tasks from Taskwarrior."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import run
from luoshi.cli.options import Json
from luoshi.i18n import _

FORMATS = ("luoshi", "taskwarrior")


def import_events(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(
        metavar="FILE", help=_("A luoshi export (luoshi export), or the output of Taskwarrior's `task export`."),
        show_default=False)],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", autocompletion=complete.choices(FORMATS),
        help=_("luoshi (an export; the ledger must be empty) or taskwarrior."))] = "luoshi",
    due: Annotated[Optional[str], typer.Option(
        "--due", "-d", metavar="WHEN",
        help=_("taskwarrior: the deadline of tasks that have none (else they come in without one)."))] = None,
    as_json: Json = False,
) -> None:
    import sys

    from luoshi.errors import BadInput
    from luoshi.render.keeping import print_import

    data = sys.stdin.buffer.read() if file == "-" else None  # `-`: the export comes on stdin

    def action(sctx):
        if fmt == "luoshi":
            if due is not None:
                raise BadInput(_("--due goes with --format taskwarrior"))
            from luoshi.services.exchange import import_luoshi

            return import_luoshi(sctx, file, data)
        if fmt == "taskwarrior":
            from luoshi.services.taskwarrior import import_taskwarrior

            return import_taskwarrior(sctx, file, data, due)
        raise BadInput(_("unknown format {fmt!r}").format(fmt=fmt),
                       _("use one of: {choices}").format(choices=", ".join(FORMATS)))

    run(ctx, action, as_json, print_import, needs_actor=True)
