"""`luoshi escalate`: move a slipping task one rung up the accountability ladder."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Reason, TaskId


def escalate(
    ctx: typer.Context,
    task_id: TaskId,
    reason: Reason,
    to: Annotated[Optional[str], typer.Option("--to", help="Go straight to this rung: 1–5, 催办 督办 约谈 限期整改 通报, or remind supervise talk rectify notice.")] = None,
    as_json: Json = False,
) -> None:
    """Escalate a task one rung up the ladder (督办), or to the rung named by --to."""
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.escalate(sctx, parse_id(task_id), reason, to))
