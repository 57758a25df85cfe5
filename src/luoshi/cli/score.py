"""`luoshi score`: rate a finished task's quality and effect."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import command_help, step_command
from luoshi.cli.options import Json, Note, TaskId
from luoshi.i18n import _


@command_help(_("Rate a finished task from 1 to 5 (考核): quality and effect of the work."))
def score(
    ctx: typer.Context,
    task_id: TaskId,
    rating: Annotated[str, typer.Argument(help=_("1 (poor) to 5 (excellent)."), show_default=False)],
    note: Note = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.score(sctx, parse_id(task_id), rating, note))
