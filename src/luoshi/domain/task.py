"""A task's current state as a fold over its events.

`fold(None, first_event)` starts a task; `fold(state, event)` returns the next state. The
store keeps the result in its current-state table, updated in the same transaction as the
append, and `replay(events)` rebuilds it from history: the two must always agree (a
property test checks it, on SQLite and on the team ledger's server, whose trigger is the
same fold written in PL/pgSQL). Pure: no I/O and no clock; times are UTC text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from luoshi.domain.events import Event
from luoshi.domain.states import STATUSES  # noqa: F401 (the statuses a state holds)


@dataclass(frozen=True)
class TaskState:
    id: int
    uid: str
    title: str
    owner: str
    lead: str
    created: str
    due: str | None  # None: no deadline yet (an imported task; health needs_due)
    original_due: str | None
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
    # since schema 5
    cadence_day: int | None = None
    weight: int | None = None
    accepted: str | None = None
    extensions: int = 0
    extension_reason: str | None = None
    last_note: str | None = None
    last_note_at: str | None = None
    pending_due: str | None = None
    pending_reason: str | None = None
    pending_at: str | None = None
    returned_reason: str | None = None
    returned_missing: tuple[str, ...] = ()
    returned_at: str | None = None


def _start(event: Event) -> dict[str, Any]:
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
        "cadence_day": p.get("cadence_day"), "weight": p.get("weight"), "accepted": None,
        "extensions": 0, "extension_reason": None, "last_note": None, "last_note_at": None,
        "pending_due": None, "pending_reason": None, "pending_at": None,
        "returned_reason": None, "returned_missing": (), "returned_at": None,
    }


# One function per kind of event: how it changes a draft (a dict of TaskState's fields) in
# place, given the payload, the time and whether the actor is the task's owner. `reminded`
# changes nothing but the sequence; a kind not listed here changes nothing either.
def _finish(d: dict, at: str) -> None:
    d["status"], d["progress"], d["finished_at"], d["blocker"] = "done", 100, at, None


def _checked_in(d: dict, p: dict, at: str, owner: bool) -> None:
    if not owner:
        return  # a helper's own part (协办): the task's progress is the owner's to report
    d["progress"], d["last_checkin"], d["blocker"] = p["progress"], at, p.get("blocker")
    if p.get("note"):
        d["last_note"], d["last_note_at"] = p["note"], at
    if p["progress"] >= 100:
        _finish(d, at)


def _escalated(d: dict, p: dict, at: str, owner: bool) -> None:
    d["escalation"] = max(d["escalation"], p["rung"])


def _clear_request(d: dict) -> None:
    d["pending_due"] = d["pending_reason"] = d["pending_at"] = None


def _clear_return(d: dict) -> None:
    d["returned_reason"], d["returned_missing"], d["returned_at"] = None, (), None


def _extended(d: dict, p: dict, at: str, owner: bool) -> None:
    d["due"], d["extensions"], d["extension_reason"] = p["due"], d["extensions"] + 1, p["reason"]
    _clear_request(d)


def _reassigned(d: dict, p: dict, at: str, owner: bool) -> None:
    d["owner"], d["reassigned"], d["last_touch"] = p["to_owner"], d["reassigned"] + 1, at
    d["accepted"] = None  # the new owner signs for it again
    _clear_return(d)


def _finished(d: dict, p: dict, at: str, owner: bool) -> None:
    _finish(d, at)


def _closed(d: dict, p: dict, at: str, owner: bool) -> None:
    d["status"], d["closed_at"] = "closed", at


def _reopened(d: dict, p: dict, at: str, owner: bool) -> None:
    d["status"], d["finished_at"], d["closed_at"], d["last_touch"] = "open", None, None, at
    d["progress"] = min(d["progress"], 99)


def _scored(d: dict, p: dict, at: str, owner: bool) -> None:
    d["rating"] = p["rating"]


def _waived(d: dict, p: dict, at: str, owner: bool) -> None:
    d["escalation"], d["waived"] = min(d["escalation"], p.get("rung", 0)), d["waived"] + 1


def _cancelled(d: dict, p: dict, at: str, owner: bool) -> None:
    d["status"], d["blocker"] = "cancelled", None
    _clear_request(d)
    _clear_return(d)


def _accepted(d: dict, p: dict, at: str, owner: bool) -> None:
    d["accepted"] = at


def _returned(d: dict, p: dict, at: str, owner: bool) -> None:
    d["returned_reason"], d["returned_at"] = p["reason"], at
    d["returned_missing"] = tuple(p.get("missing") or ())


def _extension_requested(d: dict, p: dict, at: str, owner: bool) -> None:
    d["pending_due"], d["pending_reason"], d["pending_at"] = p["due"], p["reason"], at


def _extension_rejected(d: dict, p: dict, at: str, owner: bool) -> None:
    _clear_request(d)


_AMENDABLE = ("title", "standard", "lead", "project")


def _amended(d: dict, p: dict, at: str, owner: bool) -> None:
    for name in _AMENDABLE:
        if p.get(name) is not None:
            d[name] = p[name]
    for name in ("helpers", "tags"):
        if p.get(name) is not None:
            d[name] = tuple(p[name])
    _clear_return(d)


def _noted(d: dict, p: dict, at: str, owner: bool) -> None:
    if owner:
        d["last_note"], d["last_note_at"] = p["note"], at


# The owner's steps that sign for a task (签收) when they have not yet: a check-in, a done
# report, a request or a note shows they have it. A return (退回) does not: it refuses it.
SIGNING = frozenset({"accepted", "checked_in", "finished", "extension_requested", "noted"})

STEPS: dict[str, Callable[[dict, dict, str, bool], None]] = {
    "checked_in": _checked_in, "escalated": _escalated, "extended": _extended,
    "reassigned": _reassigned, "finished": _finished, "closed": _closed,
    "reopened": _reopened, "scored": _scored, "waived": _waived, "cancelled": _cancelled,
    "accepted": _accepted, "returned": _returned,
    "extension_requested": _extension_requested, "extension_rejected": _extension_rejected,
    "amended": _amended, "noted": _noted,
}


def _apply(d: dict, event: Event) -> None:
    at = event.at
    owner = event.actor == d["owner"]  # anything the owner does shows the task is alive
    step = STEPS.get(event.kind)
    if step is not None:
        step(d, event.payload, at, owner)
    if owner:
        d["last_touch"] = at
        if d["accepted"] is None and event.kind in SIGNING:
            d["accepted"] = at  # the owner's own word on the task shows they have it
    d["last_seq"], d["updated"] = event.seq, at


class TaskBuilder:
    """One task's state built up event by event in a mutable draft, frozen on `build()`:
    the fold without a new frozen state per event (what makes replaying a long history
    cheap). `fold` is this for one event."""

    __slots__ = ("_draft",)

    def __init__(self, state: TaskState | None = None) -> None:
        self._draft: dict[str, Any] | None = None if state is None else dict(vars(state))

    def add(self, event: Event) -> "TaskBuilder":
        """Fold one event in. The first event of a task must be `assigned`."""
        if self._draft is None:
            if event.kind != "assigned":
                from luoshi.i18n import _

                raise ValueError(_("task {id} starts with {kind!r}, not 'assigned'").format(
                    id=event.task_id, kind=event.kind))
            self._draft = _start(event)
        else:
            if event.kind == "assigned":
                from luoshi.i18n import _

                raise ValueError(_("task {id} is assigned a second time").format(id=event.task_id))
            _apply(self._draft, event)
        return self

    def build(self) -> TaskState | None:
        return None if self._draft is None else TaskState(**self._draft)


def fold(state: TaskState | None, event: Event) -> TaskState:
    """The state after `event`. The first event of a task must be `assigned`."""
    return TaskBuilder(state).add(event).build()  # type: ignore[return-value]


def replay(events: Iterable[Event]) -> dict[int, TaskState]:
    """Every task's state rebuilt from the full history."""
    builders: dict[int, TaskBuilder] = {}
    for event in events:
        builder = builders.get(event.task_id)
        if builder is None:
            builder = builders[event.task_id] = TaskBuilder()
        builder.add(event)
    return {task_id: builder.build() for task_id, builder in builders.items()}  # type: ignore[misc]
