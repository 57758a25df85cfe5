"""`luoshi done`: the owner reports a task finished."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, TaskId
from luoshi.i18n import _


def done(
    ctx: typer.Context,
    task_id: TaskId,
    evidence: Annotated[Optional[str], typer.Option("--evidence", "-e", metavar="TEXT", help=_("What shows it is done: a document, a link, a result."))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.done(sctx, parse_id(task_id), evidence))
