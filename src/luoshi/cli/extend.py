"""`luoshi extend`: a new deadline (延期). The lead's moves it at once; the owner's is a
request the lead answers with --approve or --reject. The original deadline still counts in
scores."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import step_command
from luoshi.cli.options import Json, OptionalReason, TaskId
from luoshi.i18n import _


def extend(
    ctx: typer.Context,
    task_id: TaskId,
    due: Annotated[Optional[str], typer.Option("--due", "-d", metavar="WHEN", help=_("The new deadline: 2026-12-15, 下周五, in 3 days…"))] = None,
    reason: OptionalReason = None,
    approve: Annotated[bool, typer.Option("--approve", help=_("Approve the owner's request (with --due: grant another date)."))] = False,
    reject: Annotated[bool, typer.Option("--reject", help=_("Reject the owner's request (with --reason)."))] = False,
    as_json: Json = False,
) -> None:
    from luoshi.services import dialogue
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: dialogue.extend(
        sctx, parse_id(task_id), due, reason, approve=approve, reject=reject))
