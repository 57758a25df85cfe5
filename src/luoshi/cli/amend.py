"""`luoshi amend`: the lead corrects a task (更正); the old values stay in its timeline."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import step_command
from luoshi.cli.options import Json, Lead, Project, Reason, TaskId
from luoshi.i18n import _


def amend(
    ctx: typer.Context,
    task_id: TaskId,
    reason: Reason,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help=_("The corrected title."))] = None,
    standard: Annotated[Optional[str], typer.Option("--standard", metavar="TEXT", help=_("The corrected acceptance standard (工作要求)."))] = None,
    lead: Lead = None,
    helper: Annotated[Optional[list[str]], typer.Option("--helper", metavar="NAME", help=_("The helpers (协办), replacing the old list; repeat for more."), autocompletion=complete.people)] = None,
    project: Project = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", "-t", metavar="TAG", help=_("The tags, replacing the old list; repeat for more."))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import dialogue
    from luoshi.services.inputs import task_id as parse_id

    step_command(ctx, as_json, lambda sctx: dialogue.amend(
        sctx, parse_id(task_id), reason, title=title, standard=standard, lead=lead,
        helpers=helper, project=project, tags=tag))
