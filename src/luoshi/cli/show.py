"""`luoshi show`: one task with its whole timeline, read from the events."""

from __future__ import annotations

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Json, TaskId


def show(ctx: typer.Context, task_id: TaskId, as_json: Json = False) -> None:
    from luoshi.services.browse import show_task
    from luoshi.services.inputs import task_id as parse_id

    def render(detail, sctx) -> None:
        from luoshi.render.detail import print_detail

        print_detail(detail, sctx.now, sctx.lang)

    run(ctx, lambda sctx: show_task(sctx, parse_id(task_id)), as_json, render, lambda d: d.to_json())
