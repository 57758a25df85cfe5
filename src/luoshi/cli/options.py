"""Option and argument aliases shared by the commands, declared once.

Each value an option or argument takes is named by its metavar, the same word everywhere: ID
(a task id), NAME (a person), WHEN (a date or time), TEXT, FILE, PROJECT, TAG, DURATION…
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.i18n import _

Json = Annotated[bool, typer.Option("--json", help=_("Print one JSON document on stdout instead of a table."))]
TaskId = Annotated[str, typer.Argument(metavar="ID", help=_("The task's id (see `luoshi list`)."), show_default=False,
                                       autocompletion=complete.task_ids)]
Reason = Annotated[str, typer.Option("--reason", "-r", metavar="TEXT", help=_("Why: recorded with the event."), show_default=False)]
OptionalReason = Annotated[Optional[str], typer.Option("--reason", "-r", metavar="TEXT", help=_("Why: recorded with the event."))]
Note = Annotated[Optional[str], typer.Option("--note", "-n", metavar="TEXT", help=_("A note recorded with the event."))]
Owner = Annotated[Optional[str], typer.Option("--owner", "-o", metavar="NAME", help=_("The person responsible (承办人)."),
                                              autocompletion=complete.people)]
Lead = Annotated[Optional[str], typer.Option("--lead", "-l", metavar="NAME", help=_("The lead who assigns and checks (牵头领导)."),
                                             autocompletion=complete.people)]
Project = Annotated[Optional[str], typer.Option("--project", "-p", metavar="PROJECT", help=_("Project name."))]
Tag = Annotated[Optional[str], typer.Option("--tag", "-t", metavar="TAG", help=_("Only tasks with this tag."))]
Tags = Annotated[Optional[list[str]], typer.Option("--tag", "-t", metavar="TAG", help=_("A tag; repeat for more."))]
Anchor = Annotated[Optional[str], typer.Option(
    "--anchor", metavar="FILE",
    help=_("The anchors file to check against and add to (default: anchors.jsonl beside the "
           "config file)."))]
