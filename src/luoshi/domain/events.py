"""The facts a ledger records, one frozen model per kind of event, named in the past tense.

An event is never edited: a correction is a new event. `Event` is the envelope the store
reads and writes (sequence, task, kind, time, actor, payload); the payload models below say
exactly what each kind carries and are strict, so a stored payload that does not match its
kind is a bug found at once, not a wrong report later. `Fact` is the same envelope as a
plain tuple, for replaying long histories (verify, import) without building a model per
row; the fold reads either through the `Recorded` protocol.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True, extra="forbid", defer_build=True)
    kind: ClassVar[str]


class Assigned(Payload):
    """交办: a new commitment — a person, a thing and a time."""

    kind: ClassVar[str] = "assigned"
    uid: str
    title: str
    owner: str
    lead: str
    due: str
    helpers: list[str] = []
    project: str | None = None
    tags: list[str] = []
    source: str = "self"
    standard: str | None = None
    parent: int | None = None
    cadence: int | None = None
    due_window: int | None = None
    urgent: bool = False


class CheckedIn(Payload):
    """反馈: progress 0–100, what was done, and any blocker. 100 means finished."""

    kind: ClassVar[str] = "checked_in"
    progress: int
    note: str | None = None
    blocker: str | None = None


class Reminded(Payload):
    """催办: a nudge."""

    kind: ClassVar[str] = "reminded"
    note: str | None = None


class Escalated(Payload):
    """督办 and up: the task now stands on `rung` of the ladder."""

    kind: ClassVar[str] = "escalated"
    rung: int
    reason: str
    rule: str | None = None


class Extended(Payload):
    """延期: a new deadline; the original one is kept for scoring."""

    kind: ClassVar[str] = "extended"
    due: str
    reason: str


class Reassigned(Payload):
    """转办: a new owner."""

    kind: ClassVar[str] = "reassigned"
    from_owner: str
    to_owner: str
    reason: str


class Finished(Payload):
    """办结: the owner says it is done."""

    kind: ClassVar[str] = "finished"
    evidence: str | None = None


class Closed(Payload):
    """销号: the lead checked the result and struck it off."""

    kind: ClassVar[str] = "closed"
    note: str | None = None


class Reopened(Payload):
    """The lead found the result wanting: open again."""

    kind: ClassVar[str] = "reopened"
    reason: str


class Scored(Payload):
    """考核: a 1–5 rating of a finished task's quality and effect."""

    kind: ClassVar[str] = "scored"
    rating: int
    note: str | None = None


class Waived(Payload):
    """容错: a recorded excuse; the task's rung drops to `rung` and its penalty is lifted."""

    kind: ClassVar[str] = "waived"
    reason: str
    rung: int = 0


class Cancelled(Payload):
    """The commitment is withdrawn."""

    kind: ClassVar[str] = "cancelled"
    reason: str


PAYLOADS: dict[str, type[Payload]] = {
    cls.kind: cls
    for cls in (
        Assigned, CheckedIn, Reminded, Escalated, Extended, Reassigned,
        Finished, Closed, Reopened, Scored, Waived, Cancelled,
    )
}


class Event(BaseModel):
    """One recorded fact. `at` is UTC text (`2026-11-23T01:30:00Z`); seq is 1, 2, 3…"""

    model_config = ConfigDict(frozen=True, defer_build=True)

    seq: int
    task_id: int
    kind: str
    at: str
    actor: str
    payload: dict[str, Any]
    key: str | None = None
    prev_hash: str = ""
    hash: str = ""

    def data(self) -> Payload:
        """The payload as its kind's model (validated)."""
        return PAYLOADS[self.kind].model_validate(self.payload)


class Recorded(Protocol):
    """What the fold reads of an event: `Event` and `Fact` both have it."""

    @property
    def seq(self) -> int: ...
    @property
    def task_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...


class Fact(NamedTuple):
    """A stored event as a light tuple (no validation): `Event`'s fields in the store's
    column order, so a replay of a long history is not dominated by model construction."""

    seq: int
    task_id: int
    kind: str
    at: str
    actor: str
    payload: dict[str, Any]
    key: str | None = None
    prev_hash: str = ""
    hash: str = ""
