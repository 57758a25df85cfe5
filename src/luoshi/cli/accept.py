"""`luoshi accept`: the owner signs for a task (签收)."""

from __future__ import annotations

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Note, TaskId


def accept(ctx: typer.Context, task_id: TaskId, note: Note = None, as_json: Json = False) -> None:
    from luoshi.services import dialogue
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: dialogue.accept(sctx, parse_id(task_id), note))
