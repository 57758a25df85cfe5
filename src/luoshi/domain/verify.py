"""Checking a ledger's history: the pure half of `verify`, `backup`, `restore` and `import`.

The hash chain makes every stored event tamper-evident: an event's hash covers its content
and the hash of the event before it, so changing, dropping or reordering any event breaks
the chain at that event. What the chain alone cannot see is a tail cut off cleanly (or
rewritten and re-hashed); anchors — (seq, hash) pairs of the head written down outside the
database — catch that. The current-state table must equal a replay of the events.

A ledger is checked in two streams, so memory stays constant however long it is:
`check_links` walks (seq, task, prev_hash, hash) in seq order (contiguity, links, anchors);
`check_history` walks whole rows task by task (each hash recomputed from the stored
columns, each task folded and compared with its stored row). `first_problem` names the
earliest bad event, or else the first task whose stored state is wrong. Problems are
values, never exceptions. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, fields
from itertools import groupby
from operator import itemgetter
from typing import Iterable, Iterator

from luoshi.domain.events import MAX_TASK_ID, NAME_LIMIT, PAYLOADS, Event
from luoshi.domain.hashing import GENESIS, PREFIX_V1
from luoshi.domain.task import TaskBuilder, TaskState
from luoshi.i18n import _

# a stored event row: (seq, task_id, kind, at, actor, payload_text, key, prev_hash, hash)
Row = tuple
# what check_links needs of a row, in seq order: (seq, task_id, prev_hash, hash)
LinkRow = tuple
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_STRING = json.encoder.encode_basestring  # one string exactly as _ENCODE writes it
_DECODE = json.JSONDecoder().decode  # json.loads of a str, without its per-call checks
_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z").fullmatch


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
    """How far the links checked out: `count` events ending at `head_hash`."""

    count: int
    head_hash: str
    problem: Problem | None = None


def stored_hash(row: Row) -> str:
    """`hashing.event_hash` of a stored row, with the JSON encoder built once (same bytes)."""
    seq, task_id, kind, at, actor, payload, _key, prev, _digest = row
    if (type(seq) is int and type(task_id) is int and type(prev) is str and type(kind) is str
            and type(at) is str and type(actor) is str):  # what a ledger holds: no list built
        head = f"[{_STRING(prev)},{seq},{task_id},{_STRING(kind)},{_STRING(at)},{_STRING(actor)}"
    else:
        head = _ENCODE([prev, seq, task_id, kind, at, actor])[:-1]
    return hashlib.sha256(PREFIX_V1 + (head + "," + payload + "]").encode()).hexdigest()


def content_problem(row: Row) -> str | None:
    """What is wrong with one event's own columns (its hash, time, actor), or None."""
    seq, task_id, kind, at, actor, payload = row[:6]
    if not (type(payload) is str and type(at) is str and type(actor) is str
            and type(kind) is str and type(task_id) is int and type(row[7]) is str):
        return _("event {seq}: a column holds the wrong type of value").format(seq=seq)
    if not 1 <= task_id <= MAX_TASK_ID:
        return _("event {seq}: task id {id} is out of range").format(seq=seq, id=task_id)
    if stored_hash(row) != row[8]:
        return _("event {seq}: hash does not match its content").format(seq=seq)
    if not _UTC_TEXT(at):
        return _("event {seq}: time {at!r} is not UTC text like 2026-11-23T01:30:00Z").format(
            seq=seq, at=at)
    if not actor.strip() or len(actor) > NAME_LIMIT or not actor.isprintable():
        return _("event {seq}: its actor {actor!r} is not a name").format(seq=seq, actor=actor[:80])
    return None


def payload_problem(kind: str, payload_text: str) -> str | None:
    """Why a stored payload does not fit its kind's declaration, or None when it does."""
    try:
        payload = _DECODE(payload_text)
    except ValueError:
        return _("payload is not JSON")
    return decoded_payload_problem(kind, payload)


def decoded_payload_problem(kind: str, payload: object) -> str | None:
    """`payload_problem` for a payload already decoded."""
    from luoshi.domain.shape import problem

    cls = PAYLOADS.get(kind)
    if cls is None:
        return _("unknown event kind {kind!r}").format(kind=kind)
    found = problem(cls, payload)
    if found:
        return _("payload does not fit a {kind!r} event ({problem})").format(kind=kind, problem=found)
    return None


def link_problem(seq: int, prev: str, expected_seq: int, prev_hash: str) -> str | None:
    """What is wrong with an event's place in the chain, or None."""
    if seq != expected_seq:
        if expected_seq == 1:
            return _("event 1: missing (the ledger starts at event {seq})").format(seq=seq)
        return _("event {seq}: missing (event {before} is followed by {after})").format(
            seq=expected_seq, before=expected_seq - 1, after=seq)
    if prev != prev_hash:
        if seq == 1:
            return _("event 1: does not start the chain (its prev_hash is not the genesis hash)")
        return _("event {seq}: does not link to event {before} (prev_hash differs)").format(
            seq=seq, before=seq - 1)
    return None


def row_problem(row: Row, expected_seq: int, prev_hash: str) -> str | None:
    """Everything about one row read in seq order (import): place, content, payload."""
    problem = link_problem(row[0], row[7], expected_seq, prev_hash) or content_problem(row)
    if problem:
        return problem
    problem = payload_problem(row[2], row[5])
    return _("event {seq}: {problem}").format(seq=row[0], problem=problem) if problem else None


def _recorded(anchor: Anchor) -> str:
    at = anchor.at or _("(no time)")
    if anchor.by:
        return _("the anchor recorded {at} by {by}").format(at=at, by=anchor.by)
    return _("the anchor recorded {at}").format(at=at)


def check_links(rows: Iterable[LinkRow], anchors: Iterable[Anchor] = ()) -> ChainReport:
    """Seq order: contiguous from 1, linked from GENESIS, and every anchor's event present
    with the anchor's hash (else the history was rewritten, or its tail cut off)."""
    index: dict[int, list[Anchor]] = {}
    for anchor in anchors:
        if anchor.seq > 0:
            index.setdefault(anchor.seq, []).append(anchor)
    count, prev = 0, GENESIS
    for seq, task_id, prev_hash, digest in rows:
        message = link_problem(seq, prev_hash, count + 1, prev)
        if message:
            return ChainReport(count, prev, Problem(message, seq=count + 1, task=task_id))
        for anchor in index.get(seq, ()):
            if anchor.hash != digest:
                message = _("event {seq}: differs from {anchor} (history was rewritten at or "
                            "before this event)").format(seq=seq, anchor=_recorded(anchor))
                return ChainReport(count, prev, Problem(message, seq=seq, task=task_id))
        count, prev = seq, digest
    beyond = [seq for seq in index if seq > count]
    if beyond:
        anchor = index[min(beyond)][0]
        message = _("event {seq}: missing — the ledger ends at event {count}, but {anchor} "
                    "saw event {seen} (the tail was cut off)").format(
                        seq=count + 1, count=count, anchor=_recorded(anchor), seen=anchor.seq)
        return ChainReport(count, prev, Problem(message, seq=count + 1))
    return ChainReport(count, prev)


def _earlier(a: Problem | None, b: Problem) -> Problem:
    return b if a is None or (b.seq or 0) < (a.seq or 0) else a


def _replay_task(rows: Iterable[Row]) -> tuple[TaskState | None, Problem | None]:
    """One task's rows (seq order) re-hashed and folded: its state and its earliest problem."""
    builder, problem, broken = TaskBuilder(), None, False
    for row in rows:
        message = content_problem(row)
        if message:
            problem = _earlier(problem, Problem(message, seq=row[0], task=row[1]))
        if broken:
            continue
        try:
            payload = _DECODE(row[5])
            message = decoded_payload_problem(row[2], payload)
            if message:
                broken = True
                problem = _earlier(problem, Problem(_("event {seq}: {problem}").format(
                    seq=row[0], problem=message), seq=row[0], task=row[1]))
                continue
            builder.add(Event(row[0], row[1], row[2], row[3], row[4], payload))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            broken = True
            problem = _earlier(problem, Problem(_("event {seq}: cannot be replayed ({problem})").format(
                seq=row[0], problem=exc),
                                                seq=row[0], task=row[1]))
    return (None if broken else builder.build()), problem


def check_history(rows: Iterable[Row], stored: Iterable[TaskState]
                  ) -> tuple[Problem | None, Problem | None]:
    """Rows ordered by task then seq, stored states ordered by id (a merge of two streams):
    the earliest bad event, and the first task whose stored state differs from a replay."""
    tasks: Iterator[TaskState] = iter(stored)
    pending = next(tasks, None)
    worst: Problem | None = None
    table: Problem | None = None
    for task_id, group in groupby(rows, key=itemgetter(1)):
        state, problem = _replay_task(group)
        if problem:
            worst = _earlier(worst, problem)
        while pending is not None and pending.id < task_id:
            table = table or _no_events(pending)
            pending = next(tasks, None)
        if pending is None or pending.id != task_id:
            table = table or Problem(_("task {id}: has events but no row in the tasks "
                                       "table").format(id=task_id), task=task_id)
            continue
        if state is not None and pending != state:
            table = table or Problem(
                _("task {id} (last event {seq}): the tasks table does not match a replay of "
                  "its events ({differences})").format(
                    id=task_id, seq=state.last_seq, differences=_differences(pending, state)),
                seq=state.last_seq, task=task_id)
        pending = next(tasks, None)
    if pending is not None:
        table = table or _no_events(pending)
    return worst, table


def first_problem(links: ChainReport, history: tuple[Problem | None, Problem | None]
                  ) -> Problem | None:
    """The earliest bad event of either stream; else the first task stored wrongly."""
    worst, table = history
    events = [p for p in (links.problem, worst) if p is not None]
    if events:
        return min(events, key=lambda p: p.seq or 0)
    return table


def _differences(stored: TaskState, replayed: TaskState) -> str:
    diffs = [_("{field}: stored {stored!r}, replayed {replayed!r}").format(
                 field=f.name, stored=getattr(stored, f.name), replayed=getattr(replayed, f.name))
             for f in fields(TaskState) if getattr(stored, f.name) != getattr(replayed, f.name)]
    return "; ".join(diffs[:3]) + ("; …" if len(diffs) > 3 else "")


def _no_events(state: TaskState) -> Problem:
    return Problem(_("task {id}: in the tasks table but no event records it").format(id=state.id),
                   task=state.id)
