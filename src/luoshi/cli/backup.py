"""`luoshi backup`: a consistent, verified copy of a live ledger, never a half-written file."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Anchor, Json
from luoshi.i18n import _


def backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(
        metavar="FILE", help=_("Where to write the copy: a file, replaced whole only once the copy verifies."),
        show_default=False)],
    anchor: Anchor = None,
    as_json: Json = False,
) -> None:
    from luoshi.render.keeping import print_backup
    from luoshi.services.backup import backup as service

    run(ctx, lambda sctx: service(sctx, file, anchor), as_json, print_backup,)
