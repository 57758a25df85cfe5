"""Checking a ledger's history: the pure half of `luoshi verify`, `backup`, `restore` and
`import`.

The hash chain makes every stored event tamper-evident: an event's hash covers its content
and the hash of the event before it, so changing, dropping or reordering any event breaks
the chain at that event. What the chain alone cannot see is a tail cut off cleanly (or
rewritten and re-hashed); anchors — (seq, hash) pairs of the head written down outside the
database — catch that. The current-state table must equal a replay of the events.

Every check here works over iterables, one row at a time, and returns the *first* problem
as a value (a `Problem` naming the event), never raising for a bad ledger. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from itertools import groupby
from typing import Iterable, Iterator

from pydantic import ValidationError

from luoshi.domain.events import PAYLOADS, Event
from luoshi.domain.hashing import GENESIS, event_hash
from luoshi.domain.task import TaskState, fold

UTC_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")

# a stored event row: (seq, task_id, kind, at, actor, payload_text, key, prev_hash, hash)
Row = tuple


@dataclass(frozen=True)
class Problem:
    """The first thing found wrong; `seq` is the first bad event when there is one."""

    message: str
    seq: int | None = None
    task: int | None = None


@dataclass(frozen=True)
class Anchor:
    """A ledger head written down outside the database by `verify`, `backup` or `restore`."""

    seq: int
    hash: str
    at: str = ""
    by: str = ""


@dataclass(frozen=True)
class ChainReport:
    """How far the chain checked out: `count` good events ending at `head_hash`."""

    count: int
    head_hash: str
    problem: Problem | None = None


def payload_problem(kind: str, payload_text: str) -> str | None:
    """Why a payload does not fit its kind's strict model, or None when it does."""
    model = PAYLOADS.get(kind)
    if model is None:
        return f"unknown event kind {kind!r}"
    try:
        model.model_validate_json(payload_text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        return f"payload does not fit a {kind!r} event ({where}: {first['msg']})"
    return None


def row_problem(row: Row, expected_seq: int, prev_hash: str) -> str | None:
    """What is wrong with one event row in its place in the chain, or None."""
    seq, task_id, kind, at, actor, payload, _key, prev, digest = row
    if seq != expected_seq:
        if expected_seq == 1:
            return f"event 1: missing (the ledger starts at event {seq})"
        return f"event {expected_seq}: missing (event {expected_seq - 1} is followed by {seq})"
    if prev != prev_hash:
        if seq == 1:
            return "event 1: does not start the chain (its prev_hash is not the genesis hash)"
        return f"event {seq}: does not link to event {seq - 1} (prev_hash differs)"
    if not (isinstance(payload, str) and isinstance(at, str) and isinstance(actor, str)
            and isinstance(kind, str) and isinstance(task_id, int)):
        return f"event {seq}: a column holds the wrong type of value"
    if event_hash(prev, seq, task_id, kind, at, actor, payload) != digest:
        return f"event {seq}: hash does not match its content"
    if not UTC_TEXT.match(at):
        return f"event {seq}: time {at!r} is not UTC text like 2026-11-23T01:30:00Z"
    if not actor.strip():
        return f"event {seq}: has no actor"
    problem = payload_problem(kind, payload)
    return f"event {seq}: {problem}" if problem else None


def _anchor_index(anchors: Iterable[Anchor]) -> dict[int, list[Anchor]]:
    index: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        if anchor.seq > 0:
            index.setdefault(anchor.seq, []).append(anchor)
    return index


def _recorded(anchor: Anchor) -> str:
    by = f" by {anchor.by}" if anchor.by else ""
    return f"the anchor recorded {anchor.at or '(no time)'}{by}"


def check_chain(rows: Iterable[Row], anchors: Iterable[Anchor] = ()) -> ChainReport:
    """Walk the rows in seq order: contiguous from 1, linked from GENESIS, each hash right,
    each payload fitting its kind, and every anchor's event present with the anchor's hash."""
    index = _anchor_index(anchors)
    count, prev = 0, GENESIS
    for row in rows:
        message = row_problem(row, count + 1, prev)
        if message:
            return ChainReport(count, prev, Problem(message, seq=count + 1, task=row[1]))
        for anchor in index.get(row[0], ()):
            if anchor.hash != row[8]:
                message = (f"event {row[0]}: differs from {_recorded(anchor)} "
                           "(history was rewritten at or before this event)")
                return ChainReport(count, prev, Problem(message, seq=row[0], task=row[1]))
        count, prev = count + 1, row[8]
    beyond = [seq for seq in index if seq > count]
    if beyond:
        anchor = index[min(beyond)][0]
        message = (f"event {count + 1}: missing — the ledger ends at event {count}, but "
                   f"{_recorded(anchor)} saw event {anchor.seq} (the tail was cut off)")
        return ChainReport(count, prev, Problem(message, seq=count + 1))
    return ChainReport(count, prev)


def _differences(stored: TaskState, replayed: TaskState) -> str:
    diffs = [f"{f.name}: stored {getattr(stored, f.name)!r}, replayed "
             f"{getattr(replayed, f.name)!r}"
             for f in fields(TaskState) if getattr(stored, f.name) != getattr(replayed, f.name)]
    return "; ".join(diffs[:3]) + ("; …" if len(diffs) > 3 else "")


def check_replay(events: Iterable[Event], stored: Iterable[TaskState]) -> Problem | None:
    """Fold the events (ordered by task, then seq) and compare each task with its stored
    row (ordered by id): a merge of two streams, so memory stays constant."""
    rows: Iterator[TaskState] = iter(stored)
    pending = next(rows, None)
    for task_id, group in groupby(events, key=lambda e: e.task_id):
        state = None
        for event in group:
            try:
                state = fold(state, event)
            except (ValueError, KeyError, TypeError) as exc:
                return Problem(f"event {event.seq}: cannot be replayed ({exc})",
                               seq=event.seq, task=task_id)
        if pending is not None and pending.id < task_id:
            return _no_events(pending)
        if pending is None or pending.id > task_id:
            return Problem(f"task {task_id} (last event {state.last_seq}): missing from the "
                           "tasks table", seq=state.last_seq, task=task_id)
        if pending != state:
            return Problem(f"task {task_id} (last event {state.last_seq}): the tasks table does "
                           f"not match a replay of its events ({_differences(pending, state)})",
                           seq=state.last_seq, task=task_id)
        pending = next(rows, None)
    return _no_events(pending) if pending is not None else None


def _no_events(state: TaskState) -> Problem:
    return Problem(f"task {state.id}: in the tasks table but no event records it",
                   task=state.id)
