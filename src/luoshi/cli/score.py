"""`luoshi score`: rate a finished task's quality and effect."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Note, TaskId
from luoshi.i18n import _


def score(
    ctx: typer.Context,
    task_id: TaskId,
    rating: Annotated[str, typer.Argument(metavar="RATING", help=_("1 (poor) to 5 (excellent)."), show_default=False)],
    note: Note = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.score(sctx, parse_id(task_id), rating, note))
