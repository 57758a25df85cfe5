"""交办: recording new commitments, one at a time or a whole meeting at once.

A commitment is only recorded with an owner, a deliverable and a deadline. The bulk form
reads one commitment per line (`[- ]OWNER: TITLE @WHEN [#project] [+tag]…`) and is all or
nothing: every line is checked first, and a bad line is reported with its number before
anything is written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from luoshi.clock import to_utc_text
from luoshi.domain import events as ev
from luoshi.domain import rules
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _, ngettext
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import open_for_writing, record
from luoshi.services.views import AssignResult, TaskView

SOURCES = {
    "meeting": "meeting", "会议": "meeting", "会议决定": "meeting",
    "instruction": "instruction", "批示": "instruction", "领导批示": "instruction",
    "transfer": "transfer", "转办": "transfer", "上级转办": "transfer",
    "self": "self", "自己": "self", "自我承诺": "self",
}


@dataclass(frozen=True, kw_only=True)
class AssignRequest:
    """One checked commitment, ready to record (built only from checked values)."""

    title: str
    owner: str
    lead: str
    due: datetime
    helpers: tuple[str, ...] = ()
    standard: str | None = None
    source: str = "self"
    project: str | None = None
    tags: tuple[str, ...] = ()
    cadence: int | None = None
    urgent: bool = False
    parent: int | None = None


def make_request(ctx: Context, title: str, due: str, owner: str | None = None,
                 lead: str | None = None, helpers: list[str] | None = None,
                 standard: str | None = None, source: str | None = None,
                 project: str | None = None, tags: list[str] | None = None,
                 every: str | None = None, urgent: bool = False,
                 parent: int | None = None) -> AssignRequest:
    """Check every field as typed and build the request; BadInput names the first problem."""
    owner = inputs.name(owner, _("owner")) if owner is not None else ctx.actor
    lead = inputs.name(lead, _("lead")) if lead is not None else ctx.actor
    if source is None:
        source = "self" if owner == lead else "instruction"
    if source.strip().lower() not in SOURCES:
        raise BadInput(_("unknown source {source!r}").format(source=source),
                       _("use meeting, instruction, transfer or self (会议决定/领导批示/上级转办)"))
    return AssignRequest(
        title=inputs.text(title, _("title"), inputs.TITLE_LIMIT, required=True),
        owner=owner, lead=lead, due=inputs.deadline(ctx, due),
        helpers=tuple(inputs.name(h, _("helper")) for h in helpers or ()),
        standard=inputs.text(standard, _("standard")),
        source=SOURCES[source.strip().lower()],
        project=inputs.label(project, _("project")) if project else None,
        tags=tuple(dict.fromkeys(inputs.label(t, _("tag")) for t in tags or ())),
        cadence=inputs.duration(every, _("cadence (--every)")) if every else None,
        urgent=urgent,
        parent=inputs.task_id(parent) if parent is not None else None,
    )


def record_assignments(ctx: Context, requests: list[AssignRequest], many: bool = False) -> AssignResult:
    """Record every request in one transaction (all or nothing), with ids in order."""
    with open_for_writing(ctx) as ledger, ledger.writing():
        done = ledger.events_with_key(ctx.key, ctx.actor)
        if done:
            states = [ledger.task(e.task_id) for e in done if e.kind == "assigned"]
            return AssignResult(tasks=[TaskView.of(s, ctx) for s in states], replayed=True,
                                many=many)
        for req in requests:
            problem = rules.may_assign(req.owner, req.lead, ctx.actor, ctx.role)
            if problem:
                raise Refused(problem.message, problem.hint)
        next_id = ledger.next_task_id()
        views = []
        for number, req in enumerate(requests):
            if req.parent is not None and ledger.task(req.parent) is None:
                raise BadInput(_("there is no parent task {id}").format(id=req.parent),
                               _("see the task ids with: luoshi list"))
            payload = ev.Assigned(
                uid=uuid.uuid4().hex, title=req.title, owner=req.owner, lead=req.lead,
                due=to_utc_text(req.due), helpers=req.helpers, project=req.project,
                tags=req.tags, source=req.source, standard=req.standard,
                parent=req.parent, cadence=req.cadence, urgent=req.urgent,
            )
            suffix = f"#{number}" if len(requests) > 1 else ""
            state = record(ledger, ctx, next_id + number, None, payload, suffix)[1]
            views.append(TaskView.of(state, ctx))
        return AssignResult(tasks=views, many=many)


def assign_one(ctx: Context, **fields) -> AssignResult:
    return record_assignments(ctx, [make_request(ctx, **fields)])


def parse_line(ctx: Context, line: str) -> AssignRequest:
    """`[- ]OWNER[、HELPER…]: TITLE @WHEN [#project] [+tag]…` → a request."""
    body = line.strip().removeprefix("- ").removeprefix("* ").strip()
    owner_part, sep, rest = body.replace("：", ":", 1).partition(":")
    if not sep or not owner_part.strip():
        raise BadInput(_("expected OWNER: TITLE @WHEN"))
    words = rest.split()
    project, tags = None, []
    while words and words[-1][:1] in ("#", "+") and len(words[-1]) > 1:
        word = words.pop()
        if word[0] == "#":
            if project is not None:
                raise BadInput(_("more than one #project"))
            project = word[1:]
        else:
            tags.insert(0, word[1:])
    text = " ".join(words).replace("＠", "@")
    title, at, when = text.rpartition("@")
    if not at or not title.strip() or not when.strip():
        raise BadInput(_("missing @WHEN (the deadline), e.g. @下周五 or @2026-12-01"))
    people = [p for p in owner_part.replace("，", "、").replace(",", "、").split("、") if p.strip()]
    return make_request(ctx, title=title, due=when.strip(), owner=people[0], helpers=people[1:],
                        source="meeting", project=project, tags=tags)


def parse_lines(ctx: Context, text: str, source_name: str = "input") -> list[AssignRequest]:
    """Every commitment of a bulk file; blank lines and lines starting with # are skipped."""
    requests, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            requests.append(parse_line(ctx, line))
        except BadInput as exc:
            problems.append((number, exc))
    if problems:
        number, exc = problems[0]
        extra = len(problems) - 1
        more = ngettext(" ({n} more bad line)", " ({n} more bad lines)", extra).format(n=extra) if extra else ""
        raise BadInput(_("{source} line {number}: {problem}{more}; nothing was recorded").format(
                           source=source_name, number=number, problem=exc.message, more=more),
                       exc.hint or _("each line reads: OWNER: TITLE @WHEN [#project] [+tag]"))
    if not requests:
        raise BadInput(_("{source} holds no commitments").format(source=source_name),
                       _("each line reads: OWNER: TITLE @WHEN [#project] [+tag]"))
    return requests
