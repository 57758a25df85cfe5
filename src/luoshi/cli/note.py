"""`luoshi note`: a remark on a task; a lead's note is an instruction (批示) the owner sees."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, TaskId
from luoshi.i18n import _


def note(
    ctx: typer.Context,
    task_id: TaskId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help=_("The remark or instruction."), show_default=False)],
    as_json: Json = False,
) -> None:
    from luoshi.services import dialogue
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: dialogue.note(sctx, parse_id(task_id), text))
