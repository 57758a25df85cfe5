"""A task's current state as a fold over its events, and its health at a moment.

`fold(None, first_event)` starts a task; `fold(state, event)` returns the next state. The
store keeps the result in its current-state table, updated in the same transaction as the
append, and `replay(events)` rebuilds it from history: the two must always agree (a
property test checks it). Pure: no I/O and no clock; times are UTC text and `now` is a
parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable

from luoshi.domain.events import Event

DEFAULT_CADENCE = 7 * 86400
DEFAULT_WINDOW = 3 * 86400
DEFAULT_URGENT_WINDOW = 6 * 3600

STATUSES = ("open", "done", "closed", "cancelled")
HEALTHS = ("on_track", "due_soon", "late", "stalled", "blocked")


@dataclass(frozen=True)
class TaskState:
    id: int
    uid: str
    title: str
    owner: str
    lead: str
    created: str
    due: str
    original_due: str
    helpers: tuple[str, ...] = ()
    project: str | None = None
    tags: tuple[str, ...] = ()
    source: str = "self"
    standard: str | None = None
    parent: int | None = None
    status: str = "open"
    progress: int = 0
    last_checkin: str | None = None
    last_touch: str = ""
    blocker: str | None = None
    escalation: int = 0
    rating: int | None = None
    cadence: int | None = None
    due_window: int | None = None
    urgent: bool = False
    waived: int = 0
    finished_at: str | None = None
    closed_at: str | None = None
    reassigned: int = 0
    last_seq: int = 0
    updated: str = ""


def _start(event: Event) -> TaskState:
    p = event.payload
    return TaskState(
        id=event.task_id, uid=p["uid"], title=p["title"], owner=p["owner"], lead=p["lead"],
        created=event.at, due=p["due"], original_due=p["due"],
        helpers=tuple(p.get("helpers") or ()), project=p.get("project"),
        tags=tuple(p.get("tags") or ()), source=p.get("source", "self"),
        standard=p.get("standard"), parent=p.get("parent"), cadence=p.get("cadence"),
        due_window=p.get("due_window"), urgent=bool(p.get("urgent", False)),
        last_touch=event.at, last_seq=event.seq, updated=event.at,
    )


def _finish(state: TaskState, at: str) -> dict:
    return {"status": "done", "progress": 100, "finished_at": at, "blocker": None}


def _changes(state: TaskState, event: Event) -> dict:
    p, kind, at = event.payload, event.kind, event.at
    if kind == "checked_in":
        change = {"progress": p["progress"], "last_checkin": at, "blocker": p.get("blocker")}
        return change | (_finish(state, at) if p["progress"] >= 100 else {})
    if kind == "escalated":
        return {"escalation": max(state.escalation, p["rung"])}
    if kind == "extended":
        return {"due": p["due"]}
    if kind == "reassigned":
        return {"owner": p["to_owner"], "reassigned": state.reassigned + 1, "last_touch": at}
    if kind == "finished":
        return _finish(state, at)
    if kind == "closed":
        return {"status": "closed", "closed_at": at}
    if kind == "reopened":
        return {"status": "open", "finished_at": None, "closed_at": None, "last_touch": at,
                "progress": min(state.progress, 99)}
    if kind == "scored":
        return {"rating": p["rating"]}
    if kind == "waived":
        return {"escalation": min(state.escalation, p.get("rung", 0)), "waived": state.waived + 1}
    if kind == "cancelled":
        return {"status": "cancelled", "blocker": None}
    return {}  # reminded: recorded, changes nothing but the sequence


def fold(state: TaskState | None, event: Event) -> TaskState:
    """The state after `event`. The first event of a task must be `assigned`."""
    if state is None:
        if event.kind != "assigned":
            from luoshi.i18n import _

            raise ValueError(_("task {id} starts with {kind!r}, not 'assigned'").format(
                id=event.task_id, kind=event.kind))
        return _start(event)
    change = _changes(state, event)
    if event.actor == state.owner:  # anything the owner does shows the task is alive
        change.setdefault("last_touch", event.at)
    return replace(state, **change, last_seq=event.seq, updated=event.at)


def replay(events: Iterable[Event]) -> dict[int, TaskState]:
    """Every task's state rebuilt from the full history."""
    states: dict[int, TaskState] = {}
    for event in events:
        states[event.task_id] = fold(states.get(event.task_id), event)
    return states


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def health(
    state: TaskState,
    now: datetime,
    cadence: int = DEFAULT_CADENCE,
    window: int = DEFAULT_WINDOW,
    urgent_window: int = DEFAULT_URGENT_WINDOW,
) -> str:
    """红黄绿灯: late, blocked, stalled, due_soon or on_track for open tasks; else the status.

    Defaults apply where the task sets no cadence or window of its own.
    """
    if state.status != "open":
        return state.status
    due = _utc(state.due)
    if now >= due:
        return "late"
    if state.blocker:
        return "blocked"
    silence = timedelta(seconds=state.cadence or cadence)
    if now - _utc(state.last_touch or state.created) > silence:
        return "stalled"
    warn = state.due_window or (urgent_window if state.urgent else window)
    if due - now <= timedelta(seconds=warn):
        return "due_soon"
    return "on_track"
