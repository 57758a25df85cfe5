"""`luoshi checkin`: report progress on a task, or walk through my open tasks."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import fail, step_command
from luoshi.cli.options import Json
from luoshi.i18n import _

# `checkin 12 -10`: a negative number is a progress out of range, not an unknown option
CONTEXT_SETTINGS = {"ignore_unknown_options": True}


def checkin(
    ctx: typer.Context,
    task_id: Annotated[Optional[str], typer.Argument(metavar="ID", help=_("The task's id."), show_default=False, autocompletion=complete.task_ids)] = None,
    progress: Annotated[Optional[str], typer.Argument(metavar="PROGRESS", help=_("Progress 0–100, like 60 or 60%. 100 means finished."), show_default=False)] = None,
    note: Annotated[Optional[str], typer.Argument(metavar="NOTE", help=_("What was done."), show_default=False)] = None,
    blocker: Annotated[Optional[str], typer.Option("--blocker", "-b", metavar="TEXT", help=_("A difficulty that blocks the work (存在困难)."))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    for word in (task_id, progress, note):  # what Click let through as an argument
        if word and word.startswith("-") and not word.lstrip("-").replace("%", "").isdigit():
            fail(_("No such option: {name}").format(name=word), _("see 'luoshi checkin --help'"), code=2)

    if task_id is None:
        if as_json or not sys.stdin.isatty():
            fail(_("give a task ID and PROGRESS, like: luoshi checkin 12 60"),
                 _("the walk through your tasks needs a terminal"), code=2)
        from luoshi.cli.walk import walk

        return walk(ctx)
    if progress is None:
        fail(_("give the PROGRESS too, like: luoshi checkin 12 60"), code=2)
    step_command(ctx, as_json, lambda sctx: steps.checkin(sctx, parse_id(task_id), progress, note, blocker))
