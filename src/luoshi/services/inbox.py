"""收件箱: what one person must do now, gathered from the ledger.

As an owner: tasks to sign for (签收), reminders and escalations received, a lead's
instructions (批示), an answer to their extension request, tasks late, stalled, behind or
due soon — except on a task they returned (退回), which waits for its lead. As a task's lead
(on a team ledger also any lead, for a member's own commitment): tasks returned to them,
extension requests to answer, finished work to check and close (销号). An item about
something others recorded leaves the inbox at the person's next step on that task; a return
or a request leaves it when answered, or once the task is no longer open (nothing can answer
it then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from luoshi.services.context import Context
from luoshi.services.ledger import open_view
from luoshi.services.milestones import rollups
from luoshi.services.views import event_json, local

ORDER = ("channel_failing", "returned", "request", "sign", "late", "escalated", "instruction", "reminded",
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


def _failing_channels(ledger, ctx: Context) -> list[dict[str, Any]]:
    """For a lead (anyone, on a ledger file): each notify channel failing for 24 hours."""
    from datetime import timedelta

    from luoshi.domain.notify import FAILING_HOURS
    from luoshi.domain.times import parse_utc

    if ctx.role is not None and not ctx.role.lead:
        return []
    out = []
    for channel, first, last, detail in ledger.failing_channels():
        if ctx.now - parse_utc(first) >= timedelta(hours=FAILING_HOURS):
            out.append({"kind": "channel_failing", "task": None, "title": channel, "owner": None,
                        "lead": None, "due": None, "channel": channel, "since": local(first),
                        "at": local(last), "reason": detail})
    return out


def _answers(ctx: Context, t) -> bool:
    """Whether the actor answers for the task as its lead (a return, a request, the close):
    its lead; on a team ledger never the owner, and any team lead for a member's own
    commitment (one led by its owner, who may not answer it)."""
    if ctx.role is None:
        return t.lead == ctx.actor
    return t.owner != ctx.actor and (t.lead == ctx.actor or (ctx.role.lead and t.lead == t.owner))


def inbox(ctx: Context) -> Inbox:
    ledger = open_view(ctx)
    if ledger is None:
        return Inbox(ctx.actor, ledger_has_tasks=False)
    with ledger, ledger.reading():
        tasks, events = ledger.inbox(ctx.actor, ctx.role is not None and ctx.role.lead)
        has_tasks = bool(tasks) or not ledger.is_empty()
        failing = _failing_channels(ledger, ctx)
        read = rollups(ledger, [t for t in tasks if t.status == "open"], ctx.now, ctx.health_rules)
    items = list(failing)
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        if t.owner == ctx.actor and t.status == "open" and t.returned_at is None:
            if t.accepted is None and t.lead != ctx.actor:
                items.append(_item("sign", t, at=local(t.created)))
            now_health = read[t.id].health
            if now_health in _HEALTH_ITEMS:
                items.append(_item(now_health, t))
        answers = _answers(ctx, t)
        if answers and t.status == "open":  # only an open task's can be answered
            if t.returned_at:
                items.append(_item("returned", t, at=local(t.returned_at), reason=t.returned_reason,
                                   missing=list(t.returned_missing)))
            if t.pending_at:
                items.append(_item("request", t, at=local(t.pending_at), asked=local(t.pending_due),
                                   reason=t.pending_reason))
        if answers and t.status == "done":
            items.append(_item("close", t, at=local(t.finished_at)))
    for e in events:
        kind = _EVENT_ITEMS[e.kind]
        if e.kind == "noted" and not e.payload.get("instruction"):
            continue
        items.append(_item(kind, by_id[e.task_id], event=event_json(e), at=local(e.at)))
    items.sort(key=lambda i: (ORDER.index(i["kind"]), i["due"] or "~", i["task"] or 0, i["title"]))
    return Inbox(ctx.actor, items, has_tasks)
