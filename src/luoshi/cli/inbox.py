"""`luoshi inbox`: what waits for me now (also what bare `luoshi` shows on a ledger with work)."""

from __future__ import annotations

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Json


def inbox(ctx: typer.Context, as_json: Json = False) -> None:
    from luoshi.services.inbox import inbox as service

    def render(result, sctx) -> None:
        from luoshi.render.inbox import print_inbox

        print_inbox(result, sctx.lang, sctx.now)

    run(ctx, service, as_json, render)
