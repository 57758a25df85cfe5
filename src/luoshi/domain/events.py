"""The facts a ledger records: one frozen class per kind of event, named in the past tense.

An event is never edited: a correction is a new event. `Event` is the envelope the store
reads and writes (sequence, task, kind, time, actor, payload as stored, key, chain hashes);
the payload classes below declare exactly what each kind carries — each field's type and
limits, once (`domain/shape.py` checks a stored payload against its class; the team
ledger's server derives its checks from the same classes). A payload is stored as the JSON
object of every field of its class (`payload_of`), so a kind's fields are part of the hash
chain: a field added later has a default, and older events simply lack it.

Plain classes (no validation on construction): the step commands build a payload from
values the services already checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, NamedTuple

from luoshi.domain.shape import Limits, as_dict

TITLE_LIMIT = 500
TEXT_LIMIT = 4000
NAME_LIMIT = 64
MAX_TASK_ID = 2**31 - 1
SOURCES = ("meeting", "instruction", "transfer", "self")

Name = Annotated[str, Limits(min_len=1, max_len=NAME_LIMIT, line=True)]
Label = Annotated[str, Limits(min_len=1, max_len=NAME_LIMIT, word=True)]
Title = Annotated[str, Limits(min_len=1, max_len=TITLE_LIMIT)]
Text = Annotated[str, Limits(min_len=1, max_len=TEXT_LIMIT)]
Moment = Annotated[str, Limits(utc=True)]
TaskRef = Annotated[int, Limits(lo=1, hi=MAX_TASK_ID)]
Seconds = Annotated[int, Limits(lo=60, hi=366 * 86400)]
Rung = Annotated[int, Limits(lo=1, hi=5)]


class Payload:
    """What every payload class has: its kind (the event's `kind` column)."""

    __slots__ = ()
    kind: ClassVar[str]


_FROZEN = dict(frozen=True, slots=True, kw_only=True)


@dataclass(**_FROZEN)
class Assigned(Payload):
    """交办: a new commitment — a person, a thing and a time (`due` None: no deadline yet,
    only for imported tasks)."""

    kind: ClassVar[str] = "assigned"
    uid: Annotated[str, Limits(min_len=1, max_len=64, word=True)]
    title: Title
    owner: Name
    lead: Name
    due: Moment | None
    helpers: Annotated[tuple[Name, ...], Limits(max_len=50)] = ()
    project: Label | None = None
    tags: Annotated[tuple[Label, ...], Limits(max_len=50)] = ()
    source: Annotated[str, Limits(choices=SOURCES)] = "self"
    standard: Text | None = None
    parent: TaskRef | None = None
    cadence: Seconds | None = None
    due_window: Seconds | None = None
    urgent: bool = False
    # since schema 5
    cadence_day: Annotated[int, Limits(lo=0, hi=6)] | None = None  # check in every Monday…Sunday
    weight: Annotated[int, Limits(lo=1, hi=100000)] | None = None  # a milestone's weight
    recorded_at: Moment | None = None  # when a backdated assignment was really recorded


@dataclass(**_FROZEN)
class CheckedIn(Payload):
    """反馈: progress 0–100, what was done, and any blocker. 100 means finished. By a helper
    (协办) it is their own part and leaves the task's progress as it is."""

    kind: ClassVar[str] = "checked_in"
    progress: Annotated[int, Limits(lo=0, hi=100)]
    note: Text | None = None
    blocker: Text | None = None


@dataclass(**_FROZEN)
class Reminded(Payload):
    """催办: a nudge."""

    kind: ClassVar[str] = "reminded"
    note: Text | None = None


@dataclass(**_FROZEN)
class Escalated(Payload):
    """督办 and up: the task now stands on `rung` of the ladder."""

    kind: ClassVar[str] = "escalated"
    rung: Rung
    reason: Text
    rule: Text | None = None


@dataclass(**_FROZEN)
class Extended(Payload):
    """延期: a new deadline; the original one is kept for scoring."""

    kind: ClassVar[str] = "extended"
    due: Moment
    reason: Text


@dataclass(**_FROZEN)
class Reassigned(Payload):
    """转办: a new owner."""

    kind: ClassVar[str] = "reassigned"
    from_owner: Name
    to_owner: Name
    reason: Text


@dataclass(**_FROZEN)
class Finished(Payload):
    """办结: the owner says it is done."""

    kind: ClassVar[str] = "finished"
    evidence: Text | None = None


@dataclass(**_FROZEN)
class Closed(Payload):
    """销号: the lead checked the result and struck it off."""

    kind: ClassVar[str] = "closed"
    note: Text | None = None


@dataclass(**_FROZEN)
class Reopened(Payload):
    """The lead found the result wanting: open again."""

    kind: ClassVar[str] = "reopened"
    reason: Text


@dataclass(**_FROZEN)
class Scored(Payload):
    """考核: a 1–5 rating of a finished task's quality and effect."""

    kind: ClassVar[str] = "scored"
    rating: Annotated[int, Limits(lo=1, hi=5)]
    note: Text | None = None


@dataclass(**_FROZEN)
class Waived(Payload):
    """容错: a recorded excuse; the task's rung drops to `rung` and its penalty is lifted."""

    kind: ClassVar[str] = "waived"
    reason: Text
    rung: Annotated[int, Limits(lo=0, hi=5)] = 0


@dataclass(**_FROZEN)
class Cancelled(Payload):
    """The commitment is withdrawn."""

    kind: ClassVar[str] = "cancelled"
    reason: Text


@dataclass(**_FROZEN)
class Accepted(Payload):
    """签收: the owner acknowledges the task."""

    kind: ClassVar[str] = "accepted"
    note: Text | None = None


@dataclass(**_FROZEN)
class Returned(Payload):
    """退回: the owner sends the task back to its lead, naming everything missing at once
    (一次性告知)."""

    kind: ClassVar[str] = "returned"
    reason: Text
    missing: Annotated[tuple[Text, ...], Limits(max_len=50)] = ()


@dataclass(**_FROZEN)
class ExtensionRequested(Payload):
    """延期申请: the owner asks for a new deadline; nothing moves until the lead answers."""

    kind: ClassVar[str] = "extension_requested"
    due: Moment
    reason: Text


@dataclass(**_FROZEN)
class ExtensionRejected(Payload):
    """The lead turns an extension request down (an approval is an `extended` event)."""

    kind: ClassVar[str] = "extension_rejected"
    reason: Text


@dataclass(**_FROZEN)
class Amended(Payload):
    """更正: the lead corrects the task; a field left None is unchanged. The old values stay
    in the events before this one."""

    kind: ClassVar[str] = "amended"
    reason: Text
    title: Title | None = None
    standard: Text | None = None
    lead: Name | None = None
    helpers: Annotated[tuple[Name, ...], Limits(max_len=50)] | None = None
    project: Label | None = None
    tags: Annotated[tuple[Label, ...], Limits(max_len=50)] | None = None


@dataclass(**_FROZEN)
class Noted(Payload):
    """批示 / 备注: a remark; `instruction` when a lead wrote it (the owner must see it)."""

    kind: ClassVar[str] = "noted"
    note: Text
    instruction: bool = False


PAYLOADS: dict[str, type[Payload]] = {
    cls.kind: cls
    for cls in (
        Assigned, CheckedIn, Reminded, Escalated, Extended, Reassigned, Finished, Closed,
        Reopened, Scored, Waived, Cancelled, Accepted, Returned, ExtensionRequested,
        ExtensionRejected, Amended, Noted,
    )
}
KINDS = tuple(PAYLOADS)


def payload_of(payload: Payload) -> dict[str, Any]:
    """The payload as it is stored: every field of its class (lists for tuples)."""
    return as_dict(payload)


class Event(NamedTuple):
    """One recorded fact, as stored. `at` is UTC text (`2026-11-23T01:30:00Z`); seq is 1, 2,
    3…; `payload` is the stored JSON object decoded (its class: `PAYLOADS[kind]`)."""

    seq: int
    task_id: int
    kind: str
    at: str
    actor: str
    payload: dict[str, Any]
    key: str | None = None
    prev_hash: str = ""
    hash: str = ""
