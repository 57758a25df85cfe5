"""`luoshi extend`: give a task a new deadline; the original is kept for scoring."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Reason, TaskId
from luoshi.i18n import _


def extend(
    ctx: typer.Context,
    task_id: TaskId,
    due: Annotated[str, typer.Option("--due", "-d", metavar="WHEN", help=_("The new deadline: 2026-12-15, 下周五, in 3 days…"), show_default=False)],
    reason: Reason,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.extend(sctx, parse_id(task_id), due, reason))
