"""Reading the ledger: task listings (from the current-state table, milestones rolled up) and
one task's history (from the events) with its milestones. A view never creates a ledger."""

from __future__ import annotations

from luoshi.domain.health import HEALTHS
from luoshi.domain.task import STATUSES
from luoshi.errors import BadInput
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import get_task, open_view
from luoshi.services.milestones import read_tasks, rollups
from luoshi.services.views import TaskDetail, TaskView, event_json


def list_tasks(ctx: Context, owner: str | None = None, lead: str | None = None,
               status: str = "open", health: str | None = None,
               project: str | None = None, tag: str | None = None) -> list[TaskView]:
    if status != "all" and status not in STATUSES:
        raise BadInput(_("unknown status {status!r}").format(status=status),
                       _("use one of: {choices}").format(choices=", ".join((*STATUSES, "all"))))
    if health is not None and health not in HEALTHS + STATUSES:
        raise BadInput(_("unknown health {health!r}").format(health=health),
                       _("use one of: {choices}").format(choices=", ".join(HEALTHS)))
    statuses = None if status == "all" else (status,)
    owner = inputs.name(owner, _("owner")) if owner else None
    lead = inputs.name(lead, _("lead")) if lead else None
    project = inputs.label(project, _("project")) if project else None
    tag = inputs.label(tag, _("tag")) if tag else None
    ledger = open_view(ctx)
    if ledger is None:
        return []
    with ledger:
        states = ledger.tasks(owner=owner, lead=lead, statuses=statuses, project=project, tag=tag)
        views = read_tasks(ledger, ctx, states)
    return [v for v in views if health is None or v.health == health]


def show_task(ctx: Context, task_id: int) -> TaskDetail:
    ledger = open_view(ctx)
    if ledger is None:
        raise BadInput(_("there is no task {id}").format(id=task_id))
    with ledger:
        state = get_task(ledger, task_id)
        events = ledger.task_events(task_id)
        below = ledger.descendants([task_id])
    direct = [d for d in below if d.parent == task_id]
    found = rollups(ledger, [state, *direct], ctx.now, ctx.health_rules, below)
    return TaskDetail(task=TaskView.rolled_up(found[task_id]), events=[event_json(e) for e in events],
                      milestones=[TaskView.rolled_up(found[d.id]) for d in direct])
