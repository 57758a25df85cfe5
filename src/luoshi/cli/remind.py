"""`luoshi remind`: nudge the owner of a task (催办)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, TaskId
from luoshi.i18n import _


def remind(
    ctx: typer.Context,
    task_id: TaskId,
    note: Annotated[Optional[str], typer.Argument(metavar="NOTE", help=_("What to say."), show_default=False)] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.remind(sctx, parse_id(task_id), note))
