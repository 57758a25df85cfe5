"""`luoshi waive`: Record an excuse (容错) that lowers the task's rung and lifts its penalty."""

from __future__ import annotations

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Reason, TaskId


def waive(ctx: typer.Context, task_id: TaskId, reason: Reason, as_json: Json = False) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.waive(sctx, parse_id(task_id), reason))
