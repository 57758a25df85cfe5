"""`luoshi verify`: is the ledger still exactly what luoshi wrote?"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import fail, run
from luoshi.cli.options import Anchor, Json
from luoshi.i18n import _

def verify(ctx: typer.Context, anchor: Anchor = None, as_json: Json = False) -> None:
    from luoshi.render.keeping import print_verify
    from luoshi.services.integrity import verify as service

    results = []
    run(ctx, lambda sctx: results.append(service(sctx, anchor)) or results[-1], as_json,
        print_verify)
    result = results[-1]
    if not result.intact:
        fail(result.problem, _("the ledger was changed outside luoshi; put a verified backup "
                               "back with: luoshi restore FILE"), code=1)
