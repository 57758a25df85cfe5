"""`luoshi board`: the open tasks and their milestones on a time axis (挂图作战)."""

from __future__ import annotations

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Json, Owner, Project


def board(ctx: typer.Context, project: Project = None, owner: Owner = None, as_json: Json = False) -> None:
    from luoshi.services.board import board as service

    def render(result, sctx) -> None:
        from luoshi.render.board import print_board

        print_board(result, sctx.lang)

    run(ctx, lambda sctx: service(sctx, project, owner), as_json, render)
