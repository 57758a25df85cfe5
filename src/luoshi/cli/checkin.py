"""`luoshi checkin`: report progress on a task, or walk through my open tasks."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from luoshi.cli import complete, helpformat
from luoshi.cli.common import fail, step_command
from luoshi.cli.options import Json
from luoshi.i18n import _


class CheckinCommand(helpformat.Command):
    """`checkin 12 -10`: a negative number is a progress out of range, not an unknown option."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        import re

        from typer._click.exceptions import UsageError

        for word in args:
            if word == "--":
                break
            if re.fullmatch(r"-\d+(?:\.\d+)?%?", word):
                raise UsageError(_("progress {value} is out of range").format(value=word), ctx=ctx)
        return super().parse_args(ctx, args)


COMMAND_CLASS = CheckinCommand


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


    if task_id is None:
        if as_json or not sys.stdin.isatty():
            fail(_("give a task ID and PROGRESS, like: luoshi checkin 12 60"),
                 _("the walk through your tasks needs a terminal"), code=2)
        from luoshi.cli.walk import walk

        return walk(ctx)
    if progress is None:
        fail(_("give the PROGRESS too, like: luoshi checkin 12 60"), code=2)
    step_command(ctx, as_json, lambda sctx: steps.checkin(sctx, parse_id(task_id), progress, note, blocker))
