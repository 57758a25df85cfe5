"""`luoshi restore`: put a verified backup back in place of the ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Anchor, Json
from luoshi.i18n import _


def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help=_("A backup written by luoshi backup."),
                                        show_default=False)],
    anchor: Anchor = None,
    as_json: Json = False,
) -> None:
    from luoshi.render.keeping import print_restore
    from luoshi.services.backup import restore as service

    run(ctx, lambda sctx: service(sctx, file, anchor), as_json, print_restore)
