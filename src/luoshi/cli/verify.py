"""`luoshi verify`: is the ledger still exactly what luoshi wrote?"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import fail, run
from luoshi.cli.options import Anchor, Json
from luoshi.i18n import _

def verify(
    ctx: typer.Context,
    anchor: Anchor = None,
    anchor_to: Annotated[Optional[str], typer.Option(
        "--anchor-to", metavar="FILE",
        help=_("Also keep the head in FILE (another disk, a repository), or print it with - : what "
               "a later `verify --anchor FILE` checks the ledger against."))] = None,
    as_json: Json = False,
) -> None:
    import sys

    from luoshi.render.keeping import print_verify
    from luoshi.services.integrity import verify as service

    if anchor_to == "-" and as_json:
        fail(_("--anchor-to - prints the anchor on standard output; it does not go with --json"), code=2)
    results = []
    run(ctx, lambda sctx: results.append(service(sctx, anchor, anchor_to, sys.stdout)) or results[-1],
        as_json, print_verify if anchor_to != "-" else lambda r, s: None)
    result = results[-1]
    if not result.intact:
        fail(result.problem, _("the ledger was changed outside luoshi; put a verified backup "
                               "back with: luoshi restore FILE"), code=1)
