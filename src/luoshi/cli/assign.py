"""`luoshi assign`: record a commitment, or a whole meeting's from a file."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import fail, run
from luoshi.cli.options import Json, Lead, Owner, Project, Tags
from luoshi.i18n import _


def assign(
    ctx: typer.Context,
    title: Annotated[Optional[str], typer.Argument(metavar="TITLE", help=_("What is to be delivered."), show_default=False)] = None,
    owner: Owner = None,
    due: Annotated[Optional[str], typer.Option("--due", "-d", metavar="WHEN", help=_("The deadline: 2026-12-01, 下周五, 月底, tomorrow 5pm…"))] = None,
    lead: Lead = None,
    helper: Annotated[Optional[list[str]], typer.Option("--helper", metavar="NAME", help=_("A helper (协办); repeat for more."), autocompletion=complete.people)] = None,
    standard: Annotated[Optional[str], typer.Option("--standard", metavar="TEXT", help=_("The acceptance standard (工作要求)."))] = None,
    source: Annotated[Optional[str], typer.Option("--source", metavar="SOURCE", help=_("meeting, instruction, transfer or self."))] = None,
    project: Project = None,
    tag: Tags = None,
    every: Annotated[Optional[str], typer.Option("--every", metavar="CADENCE", help=_("Check-in cadence: 3d, 1w, 12h, or a weekday: friday, 每周五 (default 7d)."))] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help=_("Urgent work: the due-soon warning counts in hours."))] = False,
    parent: Annotated[Optional[str], typer.Option("--parent", metavar="ID", help=_("The id of the larger task this is part of."), autocompletion=complete.task_ids)] = None,
    from_file: Annotated[Optional[str], typer.Option("--from", metavar="FILE", help=_("Assign many at once from FILE (- for stdin), one per line: OWNER: TITLE @WHEN [#project] [+tag]. The other options apply to every line."))] = None,
    at: Annotated[Optional[str], typer.Option("--at", metavar="WHEN", help=_("Record it as assigned at this earlier moment (a meeting held before); on a team ledger a lead's, within team.backdate_limit."))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import assign as service

    if from_file is not None:
        if title is not None:
            fail(_("give either a TITLE or --from FILE, not both"), code=2)
        if due is not None or owner is not None:
            fail(_("--due and --owner are written on each line of FILE"),
                 _("each line reads: OWNER: TITLE @WHEN [#project] [+tag]"), code=2)
        text, name = _read_source(from_file)
        defaults = service.Defaults(lead=lead, source=source, project=project, tags=tuple(tag or ()),
                                    every=every, urgent=urgent)
        action = lambda sctx: service.record_assignments(
            sctx, service.parse_lines(sctx, text, name, defaults, at=at), many=True)
    else:
        if title is None:
            fail(_("what is to be done? give a TITLE"),
                 _('luoshi assign "Draft the safety plan" --owner Zhang --due "next friday"'), code=2)
        if due is None:
            fail(_("every commitment needs a deadline: give --due WHEN"),
                 _('e.g. --due 下周五, --due 2026-12-01, --due "tomorrow 5pm"'), code=2)
        action = lambda sctx: service.assign_one(
            sctx, title=title, due=due, owner=owner, lead=lead, helpers=helper,
            standard=standard, source=source, project=project, tags=tag, every=every, at=at,
            urgent=urgent, parent=parent)
    run(ctx, action, as_json, _print, needs_actor=True)


def _read_source(path: str) -> tuple[str, str]:
    """The minutes as text: UTF-8, else GB18030 (said on stderr); any failure is one line."""
    from luoshi.domain.minutes import MinutesDecodeError, decode_minutes

    name = "stdin" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read(8 << 20)
        text, note = decode_minutes(data)
    except MinutesDecodeError as exc:
        fail(_("{path} line {line} is not text luoshi can read; nothing was recorded").format(
            path=name, line=exc.line), _("save the file as UTF-8"), code=2)
    except OSError as exc:
        fail(_("cannot read {path}: {reason}").format(path=name, reason=exc.strerror), code=2)
    if note:
        sys.stderr.write(f"luoshi: {_('note')}: {note}\n")
    return text, name


def _print(result, sctx) -> None:
    from luoshi.render.dates import format_when
    from luoshi.render.text import inert
    from datetime import datetime

    if result.replayed:
        print(_("Already recorded by this invocation:"))
    for t in result.tasks:
        due = format_when(datetime.fromisoformat(t.due), sctx.lang, sctx.now) if t.due else "—"
        print(_("#{id} {title} — {owner}, due {when}").format(
            id=t.id, title=inert(t.title), owner=inert(t.owner), when=due))
