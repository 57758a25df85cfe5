"""A task's current state as a fold over its events, and its health at a moment.

`fold(None, first_event)` starts a task; `fold(state, event)` returns the next state. The
store keeps the result in its current-state table, updated in the same transaction as the
append, and `replay(events)` rebuilds it from history: the two must always agree (a
property test checks it). Pure: no I/O and no clock; times are UTC text and `now` is a
parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable

from luoshi.domain.events import Recorded
from luoshi.domain.times import parse_utc

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


def _start(event: Recorded) -> dict[str, Any]:
    p = event.payload
    return {
        "id": event.task_id, "uid": p["uid"], "title": p["title"], "owner": p["owner"],
        "lead": p["lead"], "created": event.at, "due": p["due"], "original_due": p["due"],
        "helpers": tuple(p.get("helpers") or ()), "project": p.get("project"),
        "tags": tuple(p.get("tags") or ()), "source": p.get("source", "self"),
        "standard": p.get("standard"), "parent": p.get("parent"), "status": "open",
        "progress": 0, "last_checkin": None, "last_touch": event.at, "blocker": None,
        "escalation": 0, "rating": None, "cadence": p.get("cadence"),
        "due_window": p.get("due_window"), "urgent": bool(p.get("urgent", False)),
        "waived": 0, "finished_at": None, "closed_at": None, "reassigned": 0,
        "last_seq": event.seq, "updated": event.at,
    }


# One function per kind of event: how it changes a draft (a dict of TaskState's fields) in
# place. Each reads what it needs before it writes. `reminded` changes nothing but the
# sequence; a kind not listed here changes nothing either.
def _finish(d: dict, p: dict, at: str) -> None:
    d["status"], d["progress"], d["finished_at"], d["blocker"] = "done", 100, at, None


def _checked_in(d: dict, p: dict, at: str) -> None:
    d["progress"], d["last_checkin"], d["blocker"] = p["progress"], at, p.get("blocker")
    if p["progress"] >= 100:
        _finish(d, p, at)


def _escalated(d: dict, p: dict, at: str) -> None:
    d["escalation"] = max(d["escalation"], p["rung"])


def _extended(d: dict, p: dict, at: str) -> None:
    d["due"] = p["due"]


def _reassigned(d: dict, p: dict, at: str) -> None:
    d["owner"], d["reassigned"], d["last_touch"] = p["to_owner"], d["reassigned"] + 1, at


def _closed(d: dict, p: dict, at: str) -> None:
    d["status"], d["closed_at"] = "closed", at


def _reopened(d: dict, p: dict, at: str) -> None:
    d["status"], d["finished_at"], d["closed_at"], d["last_touch"] = "open", None, None, at
    d["progress"] = min(d["progress"], 99)


def _scored(d: dict, p: dict, at: str) -> None:
    d["rating"] = p["rating"]


def _waived(d: dict, p: dict, at: str) -> None:
    d["escalation"], d["waived"] = min(d["escalation"], p.get("rung", 0)), d["waived"] + 1


def _cancelled(d: dict, p: dict, at: str) -> None:
    d["status"], d["blocker"] = "cancelled", None


_STEPS: dict[str, Callable[[dict, dict, str], None]] = {
    "checked_in": _checked_in, "escalated": _escalated, "extended": _extended,
    "reassigned": _reassigned, "finished": _finish, "closed": _closed,
    "reopened": _reopened, "scored": _scored, "waived": _waived, "cancelled": _cancelled,
}


def _apply(d: dict, event: Recorded) -> None:
    at = event.at
    alive = event.actor == d["owner"]  # anything the owner does shows the task is alive
    step = _STEPS.get(event.kind)
    if step is not None:
        step(d, event.payload, at)
    if alive:
        d["last_touch"] = at
    d["last_seq"], d["updated"] = event.seq, at


class TaskBuilder:
    """One task's state built up event by event in a mutable draft, frozen on `build()`:
    the fold without a new frozen state per event (what makes replaying a long history
    cheap). `fold` is this for one event."""

    __slots__ = ("_draft",)

    def __init__(self, state: TaskState | None = None) -> None:
        self._draft: dict[str, Any] | None = None if state is None else dict(vars(state))

    def add(self, event: Recorded) -> "TaskBuilder":
        """Fold one event in. The first event of a task must be `assigned`."""
        if self._draft is None:
            if event.kind != "assigned":
                from luoshi.i18n import _

                raise ValueError(_("task {id} starts with {kind!r}, not 'assigned'").format(
                    id=event.task_id, kind=event.kind))
            self._draft = _start(event)
        else:
            _apply(self._draft, event)
        return self

    def build(self) -> TaskState | None:
        return None if self._draft is None else TaskState(**self._draft)


def fold(state: TaskState | None, event: Recorded) -> TaskState:
    """The state after `event`. The first event of a task must be `assigned`."""
    return TaskBuilder(state).add(event).build()  # type: ignore[return-value]


def replay(events: Iterable[Recorded]) -> dict[int, TaskState]:
    """Every task's state rebuilt from the full history."""
    builders: dict[int, TaskBuilder] = {}
    for event in events:
        builder = builders.get(event.task_id)
        if builder is None:
            builder = builders[event.task_id] = TaskBuilder()
        builder.add(event)
    return {task_id: builder.build() for task_id, builder in builders.items()}  # type: ignore[misc]


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
    due = parse_utc(state.due)
    if now >= due:
        return "late"
    if state.blocker:
        return "blocked"
    silence = timedelta(seconds=state.cadence or cadence)
    if now - parse_utc(state.last_touch or state.created) > silence:
        return "stalled"
    warn = state.due_window or (urgent_window if state.urgent else window)
    if due - now <= timedelta(seconds=warn):
        return "due_soon"
    return "on_track"
