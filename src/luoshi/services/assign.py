"""交办: recording new commitments, one at a time or a whole meeting at once.

A commitment is only recorded with an owner, a deliverable and a deadline. The bulk form
reads minutes (domain/minutes.py): one commitment a line, numbering, header lines for the
lead and the source, helpers; options given beside `--from` apply to every line. It is all
or nothing: every line is checked first, and every bad line is reported with its number
before anything is written. A milestone (a task with a parent) is due no later than its
parent. A name typed in another case or width than a known person's is read as theirs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from luoshi.clock import to_utc_text
from luoshi.domain import events as ev
from luoshi.domain import rules
from luoshi.domain.minutes import SOURCES, parse_minutes
from luoshi.errors import BadInput, Refused
from luoshi.i18n import N_, _, ngettext
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import open_for_writing, record
from luoshi.services.views import AssignResult, TaskView

LINE_HINT = N_("each line reads: OWNER: TITLE @WHEN [#project] [+tag]")


@dataclass(frozen=True, kw_only=True)
class AssignRequest:
    """One checked commitment, ready to record (built only from checked values)."""

    title: str
    owner: str
    lead: str
    due: datetime | None
    helpers: tuple[str, ...] = ()
    standard: str | None = None
    source: str = "self"
    project: str | None = None
    tags: tuple[str, ...] = ()
    cadence: int | None = None
    cadence_day: int | None = None
    urgent: bool = False
    parent: int | None = None
    weight: int | None = None
    at: datetime | None = None  # a backdated assignment: when it really happened


@dataclass(frozen=True)
class Defaults:
    """Options given beside `--from`: they apply to every line of the minutes."""

    lead: str | None = None
    source: str | None = None
    project: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    every: str | None = None
    urgent: bool = False


def make_request(ctx: Context, title: str, due: str | None, owner: str | None = None,
                 lead: str | None = None, helpers: list[str] | None = None,
                 standard: str | None = None, source: str | None = None,
                 project: str | None = None, tags: list[str] | None = None,
                 every: str | None = None, urgent: bool = False,
                 parent: int | str | None = None, weight: int | None = None,
                 at: str | None = None) -> AssignRequest:
    """Check every field as typed and build the request; BadInput names the first problem."""
    owner = inputs.name(owner, _("owner")) if owner is not None else ctx.actor
    lead = inputs.name(lead, _("lead")) if lead is not None else ctx.actor
    if source is None:
        source = "self" if owner == lead else "instruction"
    if source.strip().lower() not in SOURCES:
        raise BadInput(_("unknown source {source!r}").format(source=source),
                       _("use meeting, instruction, transfer or self (会议决定/领导批示/上级转办)"))
    cadence = inputs.cadence(every) if every else None
    return AssignRequest(
        title=inputs.text(title, _("title"), inputs.TITLE_LIMIT, required=True),
        owner=owner, lead=lead, due=inputs.deadline(ctx, due) if due is not None else None,
        helpers=tuple(dict.fromkeys(inputs.name(h, _("helper")) for h in helpers or ())),
        standard=inputs.text(standard, _("standard")),
        source=SOURCES[source.strip().lower()],
        project=inputs.label(project, _("project")) if project else None,
        tags=tuple(dict.fromkeys(inputs.label(t, _("tag")) for t in tags or ())),
        cadence=cadence.seconds if cadence else None,
        cadence_day=cadence.weekday if cadence else None,
        urgent=urgent, weight=weight,
        parent=inputs.task_id(parent) if parent is not None else None,
        at=inputs.backdate(ctx, at) if at is not None else None,
    )


def record_assignments(ctx: Context, requests: list[AssignRequest], many: bool = False) -> AssignResult:
    """Record every request in one transaction (all or nothing), with ids in order."""
    with open_for_writing(ctx) as ledger, ledger.writing():
        return record_in(ledger, ctx, requests, many)


def replayed(ledger, ctx: Context, many: bool = False) -> AssignResult | None:
    """The result of this invocation's key when it was recorded already (a retry), else None."""
    done = ledger.events_with_key(ctx.key, ctx.actor)
    if not done:
        return None
    states = [ledger.task(e.task_id) for e in done if e.kind == "assigned"]
    return AssignResult(tasks=[TaskView.of(s, ctx) for s in states], replayed=True, many=many)


def record_in(ledger, ctx: Context, requests: list[AssignRequest], many: bool = False) -> AssignResult:
    """Check and record `requests` inside the caller's write transaction (all or nothing)."""
    again = replayed(ledger, ctx, many)
    if again is not None:
        return again
    known = ledger.people()
    requests = [_known_names(ctx, req, known) for req in requests]
    for req in requests:
        problem = rules.may_assign(req.owner, req.lead, ctx.actor, ctx.role)
        if problem:
            raise Refused(problem.message, problem.hint)
        _check_parent(ledger, ctx, req)
    next_id = ledger.next_task_id()
    views = []
    for number, req in enumerate(requests):
        state = _record(ledger, ctx, next_id + number, req, f"#{number}" if len(requests) > 1 else "")
        views.append(TaskView.of(state, ctx))
    return AssignResult(tasks=views, many=many)


def _record(ledger, ctx: Context, task_id: int, req: AssignRequest, suffix: str):
    payload = ev.Assigned(
        uid=uuid.uuid4().hex, title=req.title, owner=req.owner, lead=req.lead,
        due=to_utc_text(req.due) if req.due else None, helpers=req.helpers, project=req.project,
        tags=req.tags, source=req.source, standard=req.standard, parent=req.parent,
        cadence=req.cadence, urgent=req.urgent, cadence_day=req.cadence_day, weight=req.weight,
        recorded_at=to_utc_text(ctx.now) if req.at else None)
    when = replace(ctx, now=req.at) if req.at else ctx
    return record(ledger, when, task_id, None, payload, suffix, backdated=req.at is not None)[1]


def _check_parent(ledger, ctx: Context, req: AssignRequest) -> None:
    """A milestone names an existing open task that the actor may plan (its lead, or a team
    lead), and is due no later than it."""
    if req.parent is None:
        return
    parent = ledger.task(req.parent)
    if parent is None:
        raise BadInput(_("there is no parent task {id}").format(id=req.parent),
                       _("see the task ids with: luoshi list"))
    problem = rules.may_plan(parent, ctx.actor, ctx.role)
    if problem:
        raise Refused(problem.message, problem.hint)
    late = due_after(parent, req.due)
    if late:
        raise BadInput(late, _("give an earlier @WHEN, or extend task {id} first").format(id=parent.id))


def due_after(parent, due: datetime | None) -> str | None:
    """Why a milestone due then cannot be one of `parent`'s (after it, or without a deadline
    under one that has one), else None."""
    if parent.due and (due is None or to_utc_text(due) > parent.due):
        from luoshi.services.views import local

        return _("a milestone of task {id} is due no later than it ({due})").format(
            id=parent.id, due=local(parent.due))
    return None


def _known_names(ctx: Context, req: AssignRequest, known: list[str]) -> AssignRequest:
    """Names typed in another case or width than a known person's are read as theirs."""
    def one(name: str) -> str:
        return inputs.known_person(ctx, name, known)

    return replace(req, owner=one(req.owner), lead=one(req.lead),
                   helpers=tuple(dict.fromkeys(one(h) for h in req.helpers)))


def assign_one(ctx: Context, **fields) -> AssignResult:
    return record_assignments(ctx, [make_request(ctx, **fields)])


def parse_lines(ctx: Context, text: str, source_name: str = "input",
                defaults: Defaults = Defaults(), at: str | None = None) -> list[AssignRequest]:
    """Every commitment of a minutes text; BadInput names every bad line, with its number."""
    minutes = parse_minutes(text)
    problems = list(minutes.problems)
    requests = []
    for line in minutes.lines:
        try:
            requests.append(make_request(
                ctx, title=line.title, due=line.when, owner=line.owner, helpers=list(line.helpers),
                lead=defaults.lead or line.lead, source=defaults.source or line.source or "meeting",
                project=line.project or defaults.project, tags=[*defaults.tags, *line.tags],
                every=defaults.every, urgent=defaults.urgent, at=at))
        except BadInput as exc:
            problems.append((line.number, exc.message))
    if problems:
        raise bad_lines(problems, source_name, _(LINE_HINT))
    if not requests:
        raise BadInput(_("{source} holds no commitments").format(source=source_name), _(LINE_HINT))
    return requests


def bad_lines(problems: list[tuple[int, str]], source_name: str, hint: str) -> BadInput:
    """One refusal naming every bad line, by number."""
    problems = sorted(problems)
    listed = "; ".join(_("line {number}: {problem}").format(number=n, problem=p) for n, p in problems)
    return BadInput(ngettext("{source}: {n} bad line, nothing was recorded — {lines}",
                             "{source}: {n} bad lines, nothing was recorded — {lines}",
                             len(problems)).format(source=source_name, n=len(problems), lines=listed),
                    hint)
