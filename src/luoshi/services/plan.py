"""倒排工期: `luoshi plan ID LINE…` — milestones of a task, each a task of its own.

A milestone is written like a minutes line, `[OWNER:] TITLE @WHEN [*WEIGHT] [#project]
[+tag]…` (domain/minutes.py's plan form), one per argument or one per line of a file with
the minutes' headers. What it guarantees:
- Only the task's lead, or on a team ledger a team lead, plans it, and only while it is open
  (domain/rules.py `may_plan`, as the team ledger's server checks it); a refusal exits 1.
- Every milestone is due no later than the task; every bad line is named with its number and
  nothing is written (exit 2). All the milestones are recorded in one transaction, or none.
- A milestone's owner is the task's owner unless the line names one; its lead the task's
  lead (or a `主持:` header's, or `--lead`), its source and project the task's unless given.
  Its weight is the line's `*N`, else `--weight`, else none (the rollup then weighs it by its
  planned duration: domain/milestones.py).
"""

from __future__ import annotations

from luoshi.domain import rules
from luoshi.domain.minutes import WEIGHT_LIMIT, parse_minutes
from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import N_, _
from luoshi.services import inputs
from luoshi.services.assign import (AssignRequest, Defaults, bad_lines, due_after, make_request,
                                    record_in, replayed)
from luoshi.services.context import Context
from luoshi.services.ledger import get_task, open_for_writing
from luoshi.services.milestones import read_task
from luoshi.services.views import PlanResult

PLAN_HINT = N_("each milestone reads: [OWNER:] TITLE @WHEN [*WEIGHT] [#project] [+tag]")


def check_weight(value: object) -> int:
    """A weight as typed: a whole number from 1 to WEIGHT_LIMIT."""
    raw = str(value).strip().lstrip("*")
    if isinstance(value, bool) or not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= WEIGHT_LIMIT):
        raise BadInput(_("weight {value!r} is not a whole number from 1 to {limit}").format(
            value=value, limit=WEIGHT_LIMIT), _("e.g. --weight 3, or *3 at the end of a line"))
    return int(raw)


def plan(ctx: Context, task_id: object, text: str, source_name: str | None = None,
         weight: object | None = None, defaults: Defaults = Defaults()) -> PlanResult:
    """Record the milestones `text` holds (one a line) under task `task_id`."""
    task_id = inputs.task_id(task_id)
    weight = check_weight(weight) if weight is not None else None
    source_name = source_name or _("milestones")
    with open_for_writing(ctx) as ledger, ledger.writing():
        again = replayed(ledger, ctx, many=True)
        if again is not None:
            return PlanResult(read_task(ledger, ctx, get_task(ledger, task_id)), again.tasks, True)
        parent = get_task(ledger, task_id)
        problem = rules.may_plan(parent, ctx.actor, ctx.role)
        if problem:
            raise Refused(problem.message, problem.hint)
        requests = milestone_requests(ctx, parent, text, source_name, weight, defaults)
        made = record_in(ledger, ctx, requests, many=True)
        return PlanResult(read_task(ledger, ctx, ledger.task(task_id)), made.tasks)


def milestone_requests(ctx: Context, parent: TaskState, text: str, source_name: str,
                       weight: int | None = None, defaults: Defaults = Defaults()) -> list[AssignRequest]:
    """Every milestone of `text` as a checked request; BadInput names every bad line."""
    minutes = parse_minutes(text, milestones=True)
    problems = list(minutes.problems)
    requests = []
    for line in minutes.lines:
        try:
            req = make_request(
                ctx, title=line.title, due=line.when, owner=line.owner or parent.owner,
                helpers=list(line.helpers), lead=defaults.lead or line.lead or parent.lead,
                source=defaults.source or line.source or parent.source,
                project=line.project or defaults.project or parent.project,
                tags=[*defaults.tags, *line.tags], every=defaults.every, urgent=defaults.urgent,
                parent=parent.id, weight=line.weight or weight)
        except BadInput as exc:
            problems.append((line.number, exc.message))
            continue
        late = due_after(parent, req.due)
        if late:
            problems.append((line.number, late))
        requests.append(req)
    if problems:
        raise bad_lines(problems, source_name, _(PLAN_HINT))
    if not requests:
        raise BadInput(_("{source} holds no milestones").format(source=source_name), _(PLAN_HINT))
    return requests
