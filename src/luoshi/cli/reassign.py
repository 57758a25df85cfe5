"""`luoshi reassign`: hand a task to a new owner (转办)."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli import complete
from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Reason, TaskId
from luoshi.i18n import _


def reassign(
    ctx: typer.Context,
    task_id: TaskId,
    owner: Annotated[str, typer.Option("--owner", "-o", metavar="NAME", help=_("The new owner."), show_default=False, autocompletion=complete.people)],
    reason: Reason,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: steps.reassign(sctx, parse_id(task_id), owner, reason))
