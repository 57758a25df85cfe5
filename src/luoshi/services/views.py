"""Result models: what services return and what `--json` prints (CONTRACT.md's shapes).

Plain frozen classes, each with `to_json()`: a step command builds one and prints it without
any validation library on its path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from luoshi.clock import local_tz
from luoshi.domain.events import Event
from luoshi.domain.task import TaskState


def local(text: str | None) -> str | None:
    """A stored UTC time as ISO 8601 in the local zone (cached: reports repeat deadlines)."""
    return _local(text, local_tz()) if text else None


@lru_cache(maxsize=1 << 16)
def _local(text: str, tz) -> str:
    return datetime.fromisoformat(text).astimezone(tz).isoformat()


def task_dict(state: TaskState, health_now: str, children: tuple[int, ...] = (),
              expected: float | None = None) -> dict[str, Any]:
    """The contract's task shape, built directly: a report may hold tens of thousands.
    `expected`: where progress should stand (0–100, one decimal), None when unknown."""
    return {
        "id": state.id, "uid": state.uid, "title": state.title, "owner": state.owner,
        "lead": state.lead, "helpers": list(state.helpers), "project": state.project,
        "tags": list(state.tags), "source": state.source, "standard": state.standard,
        "parent": state.parent, "created": local(state.created), "due": local(state.due),
        "original_due": local(state.original_due), "status": state.status,
        "health": health_now, "progress": state.progress, "expected": expected,
        "last_checkin": local(state.last_checkin), "escalation": state.escalation,
        "rating": state.rating, "blocker": state.blocker, "urgent": state.urgent,
        "accepted": local(state.accepted), "children": list(children),
        "pending_extension": {"due": local(state.pending_due), "reason": state.pending_reason,
                              "at": local(state.pending_at)} if state.pending_at else None,
        "returned": {"reason": state.returned_reason, "missing": list(state.returned_missing),
                     "at": local(state.returned_at)} if state.returned_at else None,
    }


@dataclass(frozen=True, slots=True)
class TaskView:
    """A task as people see it: its state (with its milestones' progress and last word when it
    has any: domain/milestones.py), its health and expected progress now, its milestones."""

    state: TaskState
    health: str
    children: tuple[int, ...] = ()
    expected: float | None = None
    rolled: bool = False  # its progress comes from its milestones (it takes no check-ins)

    @classmethod
    def of(cls, state: TaskState, ctx, children: tuple[int, ...] = ()) -> "TaskView":
        """A task read on its own (no milestones rolled up: see services/milestones.py)."""
        from luoshi.domain.milestones import alone

        r = alone(state, ctx.now, ctx.health_rules)
        return cls(state, r.health, children, r.expected)

    @classmethod
    def rolled_up(cls, r) -> "TaskView":
        """From a domain `Rollup`."""
        return cls(r.state, r.health, r.children, r.expected, r.rolled)

    def __getattr__(self, name: str) -> Any:  # id, title, owner… read through to the state
        return getattr(self.state, name)

    def to_json(self) -> dict[str, Any]:
        return task_dict(self.state, self.health, self.children, self.expected)


@lru_cache(maxsize=None)
def _moments(kind: str) -> frozenset[str]:
    """The payload fields of a kind that hold a time (a deadline, when it was recorded)."""
    from luoshi.domain.events import PAYLOADS
    from luoshi.domain.shape import declared

    cls = PAYLOADS.get(kind)
    return frozenset(f.name for f in declared(cls) if f.limits.utc) if cls else frozenset()


def event_json(event: Event) -> dict[str, Any]:
    """The contract's event shape: seq, kind, at, actor, then the payload's fields; times in
    the local zone, as everywhere in a view (the ledger keeps them in UTC)."""
    base = {"seq": event.seq, "task": event.task_id, "kind": event.kind,
            "at": local(event.at), "actor": event.actor}
    moments = _moments(event.kind)
    return base | {k: (local(v) if k in moments and isinstance(v, str) else v)
                   for k, v in event.payload.items() if k not in base}


@dataclass(frozen=True)
class StepResult:
    """One recorded step: the event and the task as it now stands."""

    event: dict[str, Any]
    task: TaskView
    replayed: bool = False  # True when this invocation's key had already been recorded

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "task": self.task.to_json(), "replayed": self.replayed}


@dataclass(frozen=True)
class AssignResult:
    tasks: list[TaskView]
    replayed: bool = False
    many: bool = False  # from a minutes file: always a list in --json

    def to_json(self) -> Any:
        if len(self.tasks) == 1 and not self.many:
            return self.tasks[0].to_json()
        return [t.to_json() for t in self.tasks]


@dataclass(frozen=True)
class TaskDetail:
    task: TaskView
    events: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[TaskView] = field(default_factory=list)  # its direct milestones, by id

    def to_json(self) -> dict[str, Any]:
        return self.task.to_json() | {"milestones": [m.to_json() for m in self.milestones],
                                      "events": self.events}


@dataclass(frozen=True)
class PlanResult:
    """`plan`: the task as it now reads, and the milestones just recorded."""

    task: TaskView
    milestones: list[TaskView]
    replayed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task.to_json(), "milestones": [m.to_json() for m in self.milestones],
                "replayed": self.replayed}


def plain(value: Any) -> Any:
    """A result as JSON: its `to_json()`, a dataclass's fields, or the value itself."""
    if hasattr(value, "to_json"):
        return value.to_json()
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
