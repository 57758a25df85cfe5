"""Reading the ledger: task listings (from the current-state table) and one task's history
(from the events)."""

from __future__ import annotations

from luoshi.domain.task import HEALTHS, STATUSES
from luoshi.errors import BadInput
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import get_task, open_ledger
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
    with open_ledger(ctx) as ledger:
        states = ledger.tasks(owner=owner, lead=lead, statuses=statuses,
                              project=project, tag=tag)
    views = [TaskView.of(s, ctx) for s in states]
    return [v for v in views if health is None or v.health == health]


def show_task(ctx: Context, task_id: int) -> TaskDetail:
    with open_ledger(ctx) as ledger:
        state = get_task(ledger, task_id)
        events = ledger.task_events(task_id)
    return TaskDetail(task=TaskView.of(state, ctx), events=[event_json(e) for e in events])


def people(ctx: Context) -> list[str]:
    with open_ledger(ctx) as ledger:
        return ledger.people()
