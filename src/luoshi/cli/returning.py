"""`luoshi return`: the owner sends a task back to its lead (退回), naming everything that
is missing at once (一次性告知)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Reason, TaskId
from luoshi.i18n import _


def return_task(
    ctx: typer.Context,
    task_id: TaskId,
    reason: Reason,
    missing: Annotated[Optional[list[str]], typer.Option("--missing", "-m", metavar="TEXT", help=_("Something missing to do the work; repeat for each, all at once (一次性告知)."))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import dialogue
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: dialogue.return_task(sctx, parse_id(task_id), reason, missing))
