"""`luoshi export`: every event as JSON Lines, streamed."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import run
from luoshi.i18n import _


def export(
    ctx: typer.Context,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="FILE",
        help=_("Write to FILE (replaced whole, atomically) instead of standard output."))] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help=_("With --output: print a JSON summary (the events themselves are "
                         "JSON Lines already)."))] = False,
) -> None:
    import sys

    from luoshi.render.jsonl import event_line
    from luoshi.render.keeping import print_export
    from luoshi.services.exchange import export as service

    def action(sctx):
        sys.stdout.flush()
        return service(sctx, output, event_line, sys.stdout.buffer)

    if output is None:  # the stream is the output; there is nothing else to report
        run(ctx, action, False, lambda r, s: None)
    else:
        run(ctx, action, as_json, print_export)
