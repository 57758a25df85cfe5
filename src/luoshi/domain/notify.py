"""Who hears of an event, and what `luoshi notify` may do with each waiting delivery. Pure.

Guarantees (services/notify.py relies on them; tests/unit/test_notify_rules.py shows them):
- `uid(event)` is the event's hash: stable (the same event always has the same uid, in every
  channel and every run), unique in a ledger (the chain makes every hash differ, even when a
  restored ledger reuses a sequence number), and the same in an export. Receivers drop a
  repeat by it.
- `concerned(event, task)` names the one person an event is for: the new owner of an
  assignment or a hand-over, the lead of a return or an extension request, else the owner.
- `next_step(latest, …)` reads the latest delivery row of an event on a channel: nothing yet
  → send (attempt 1); a failure → send again once its backoff (2^attempt minutes, at most
  `MAX_BACKOFF_MINUTES`) has passed, else wait; a claim → leave it to its claimer, unless the
  claimer is gone (its process ended: told by the caller) or the claim is older than
  `CLAIM_MINUTES` — then claim again (the one message that claimer had in flight may go twice).
- `group(…)`: a chat channel with more than `digest_over` events waiting sends one digest; a
  generic webhook and e-mail send one message per event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, Sequence

CLAIM_MINUTES = 30  # a claim older than this is taken to have died with its process
MAX_BACKOFF_MINUTES = 8 * 60
FAILING_HOURS = 24  # a channel failing this long is named in every lead's inbox
CHAT_KINDS = ("dingtalk", "wecom", "feishu", "slack")
RATE_PER_MINUTE = {"dingtalk": 20, "wecom": 20, "feishu": 100, "slack": 60, "generic": 0, "smtp": 0}
_FOR_LEAD = ("returned", "extension_requested")


def uid(event) -> str:
    """The event's stable id for receivers: its hash in the chain."""
    return event.hash


def concerned(event, task) -> str:
    """The person the event is for (payload of the event as stored, task as it stands)."""
    if event.kind == "assigned":
        return event.payload.get("owner") or task.owner
    if event.kind == "reassigned":
        return event.payload.get("to_owner") or task.owner
    if event.kind in _FOR_LEAD:
        return task.lead
    return task.owner


def channel_key(kind: str, name: str | None, address: str) -> str:
    """How the ledger knows a channel: its kind and name, or (unnamed) a digest of its
    address, so no token is ever stored. Renaming or moving an unnamed channel starts a new
    channel (its first run skips finished tasks again)."""
    if name:
        return f"{kind}:{name}"
    return f"{kind}:{hashlib.sha256(address.encode()).hexdigest()[:10]}"


def backoff(attempt: int) -> timedelta:
    """How long after failed attempt N the next may start: 2^N minutes, capped."""
    return timedelta(minutes=min(2 ** min(attempt, 20), MAX_BACKOFF_MINUTES))


@dataclass(frozen=True)
class Step:
    """What to do with one waiting event on one channel: `send` (as attempt `attempt`),
    `wait` (until `until`, after a failure) or `busy` (another notify holds its claim)."""

    action: str
    attempt: int
    until: datetime | None = None
    repeat: bool = False  # a dead claim is taken over: its message may have gone out


def next_step(latest: tuple | None, now: datetime, parse: Callable[[str], datetime],
              gone: Callable[[str], bool]) -> Step:
    """The step for an event whose latest delivery row is `latest` = (state, attempt, at,
    claimer), or None. `parse` reads a stored time; `gone(claimer)` is True when the
    claimer's process is known to have ended."""
    if latest is None:
        return Step("send", 1)
    state, attempt, at, claimer = latest
    if state == "failed":
        until = parse(at) + backoff(attempt)
        return Step("send", attempt + 1) if now >= until else Step("wait", attempt, until)
    # claimed
    if gone(claimer) or now - parse(at) > timedelta(minutes=CLAIM_MINUTES):
        return Step("send", attempt + 1, repeat=True)
    return Step("busy", attempt)


def group(kind: str, seqs: Sequence[int], digest_over: int) -> list[tuple[int, ...]]:
    """The messages a channel sends for the events waiting, in order: each a tuple of event
    seqs (one seq, or all of them in a digest)."""
    if kind in CHAT_KINDS and len(seqs) > digest_over:
        return [tuple(seqs)]
    return [(s,) for s in seqs]


def rate_budget(kind: str, rate_per_minute: int | None, claimed_last_minute: int) -> int | None:
    """How many more messages may go in this minute (None: no limit). A digest's claims count
    one each: the budget errs on the side of sending less."""
    limit = RATE_PER_MINUTE.get(kind, 0) if rate_per_minute is None else rate_per_minute
    if not limit:
        return None
    return max(0, limit - claimed_last_minute)


def mentions(people: Iterable[str], mobiles: dict[str, str]) -> tuple[str, ...]:
    """The mobile numbers to @-mention for these people, each once, in order."""
    out: list[str] = []
    for person in people:
        number = mobiles.get(person)
        if number and number not in out:
            out.append(number)
    return tuple(out)
