"""Result models: what services return and what `--json` prints (CONTRACT.md's shapes)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from luoshi.clock import local_tz
from luoshi.domain.events import Event
from luoshi.domain.task import TaskState, health


def local(text: str | None) -> str | None:
    """A stored UTC time as ISO 8601 in the local zone (cached: reports repeat deadlines)."""
    return _local(text, local_tz()) if text else None


@lru_cache(maxsize=1 << 16)
def _local(text: str, tz) -> str:
    return datetime.fromisoformat(text).astimezone(tz).isoformat()


def task_dict(state: TaskState, health_now: str) -> dict[str, Any]:
    """The contract's task shape (what `TaskView(...).model_dump()` gives), built directly:
    a report may hold tens of thousands of tasks."""
    return {
        "id": state.id, "uid": state.uid, "title": state.title, "owner": state.owner,
        "lead": state.lead, "helpers": list(state.helpers), "project": state.project,
        "tags": list(state.tags), "source": state.source, "standard": state.standard,
        "parent": state.parent, "created": local(state.created), "due": local(state.due),
        "original_due": local(state.original_due), "status": state.status,
        "health": health_now, "progress": state.progress,
        "last_checkin": local(state.last_checkin), "escalation": state.escalation,
        "rating": state.rating, "blocker": state.blocker, "urgent": state.urgent,
    }


class TaskView(BaseModel):
    model_config = ConfigDict(defer_build=True)  # built on first use: not every command needs each

    id: int
    uid: str
    title: str
    owner: str
    lead: str
    helpers: list[str]
    project: str | None
    tags: list[str]
    source: str
    standard: str | None
    parent: int | None
    created: str
    due: str
    original_due: str
    status: str
    health: str
    progress: int
    last_checkin: str | None
    escalation: int
    rating: int | None
    blocker: str | None = None
    urgent: bool = False

    @classmethod
    def of(cls, state: TaskState, ctx) -> "TaskView":
        h = ctx.config.health
        return cls(**task_dict(state, health(state, ctx.now, h.seconds("cadence"),
                                             h.seconds("due_soon"), h.seconds("urgent_due_soon"))))


def event_json(event: Event) -> dict[str, Any]:
    """The contract's event shape: seq, kind, at, actor, then the payload's fields."""
    base = {"seq": event.seq, "task": event.task_id, "kind": event.kind,
            "at": local(event.at), "actor": event.actor}
    return base | {k: v for k, v in event.payload.items() if k not in base}


class StepResult(BaseModel):
    """One recorded step: the event and the task as it now stands."""

    model_config = ConfigDict(defer_build=True)

    event: dict[str, Any]
    task: TaskView
    replayed: bool = False  # True when this invocation's key had already been recorded

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "task": self.task.model_dump(), "replayed": self.replayed}


class AssignResult(BaseModel):
    model_config = ConfigDict(defer_build=True)

    tasks: list[TaskView]
    replayed: bool = False


class TaskDetail(BaseModel):
    model_config = ConfigDict(defer_build=True)

    task: TaskView
    events: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return self.task.model_dump() | {"events": self.events}
