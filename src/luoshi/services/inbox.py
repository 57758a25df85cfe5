"""收件箱: what one person must do now, gathered from the ledger.

As an owner: tasks to sign for (签收), reminders and escalations received, a lead's
instructions (批示), an answer to their extension request, tasks late, stalled, behind or
due soon. As a task's lead: tasks returned to them (退回), extension requests to answer,
finished work to check and close (销号). An item about something others recorded leaves the
inbox at the person's next step on that task; a return or a request leaves it when answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from luoshi.services.context import Context
from luoshi.services.ledger import open_view
from luoshi.services.milestones import rollups
from luoshi.services.views import event_json, local

ORDER = ("returned", "request", "sign", "late", "escalated", "instruction", "reminded",
         "stalled", "behind", "due_soon", "answer", "amended", "close")
_HEALTH_ITEMS = ("late", "stalled", "behind", "due_soon")
_EVENT_ITEMS = {"reminded": "reminded", "escalated": "escalated", "noted": "instruction",
                "extension_rejected": "answer", "extended": "answer", "amended": "amended"}


@dataclass
class Inbox:
    actor: str
    items: list[dict[str, Any]] = field(default_factory=list)
    ledger_has_tasks: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"actor": self.actor, "items": self.items}


def _item(kind: str, state, **extra) -> dict[str, Any]:
    return {"kind": kind, "task": state.id, "title": state.title, "owner": state.owner,
            "lead": state.lead, "due": local(state.due)} | extra


def inbox(ctx: Context) -> Inbox:
    ledger = open_view(ctx)
    if ledger is None:
        return Inbox(ctx.actor, ledger_has_tasks=False)
    with ledger, ledger.reading():
        tasks, events = ledger.inbox(ctx.actor)
        has_tasks = bool(tasks) or not ledger.is_empty()
        read = rollups(ledger, [t for t in tasks if t.status == "open"], ctx.now, ctx.health_rules)
    items = []
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        if t.owner == ctx.actor and t.status == "open":
            if t.accepted is None and t.lead != ctx.actor:
                items.append(_item("sign", t, at=local(t.created)))
            now_health = read[t.id].health
            if now_health in _HEALTH_ITEMS:
                items.append(_item(now_health, t))
        if t.lead == ctx.actor:
            if t.returned_at:
                items.append(_item("returned", t, at=local(t.returned_at), reason=t.returned_reason,
                                   missing=list(t.returned_missing)))
            if t.pending_at:
                items.append(_item("request", t, at=local(t.pending_at), asked=local(t.pending_due),
                                   reason=t.pending_reason))
            if t.status == "done":
                items.append(_item("close", t, at=local(t.finished_at)))
    for e in events:
        kind = _EVENT_ITEMS[e.kind]
        if e.kind == "noted" and not e.payload.get("instruction"):
            continue
        items.append(_item(kind, by_id[e.task_id], event=event_json(e), at=local(e.at)))
    items.sort(key=lambda i: (ORDER.index(i["kind"]), i["due"] or "~", i["task"]))
    return Inbox(ctx.actor, items, has_tasks)
