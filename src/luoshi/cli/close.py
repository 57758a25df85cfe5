"""`luoshi close`: the lead checks a finished task and strikes it off."""

from __future__ import annotations

import typer

from luoshi.cli.common import command_help, step_command
from luoshi.cli.options import Json, Note, TaskId
from luoshi.i18n import _


@command_help(_("Check a finished task and strike it off the ledger (销号). Only the task's lead may."))
def close(ctx: typer.Context, task_id: TaskId, note: Note = None, as_json: Json = False) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.close(sctx, parse_id(task_id), note))
