"""The luoshi export format, read back: one event per line, exactly as it was stored.

A line is a JSON object with the keys seq, task, kind, at, actor, payload, key, prev_hash,
hash (in that order when luoshi writes it). Reading one is strict — a missing or unknown
key, a wrong type, a hash that is not what the event's columns hash to, a payload that does
not fit its kind, or a break in the chain is a problem with that line — because an import
writes the events as they are, and a ledger can only be trusted if what went in was whole.

`Importer` folds the accepted events and refuses what no luoshi ledger could hold (a task
assigned twice, a step before the assignment, a reused uid or key, a parent task that is
not in the file). Problems are messages (str); the caller adds the line number. Pure.
"""

from __future__ import annotations

import json
from typing import Any

from luoshi.domain.hashing import GENESIS, canonical_payload
from luoshi.domain.events import Event
from luoshi.domain.task import TaskState, fold
from luoshi.domain.verify import Row, row_problem
from luoshi.i18n import _

EXPORT_KEYS = ("seq", "task", "kind", "at", "actor", "payload", "key", "prev_hash", "hash")
_HEX = frozenset("0123456789abcdef")


class LineError(ValueError):
    """A line of an export that cannot be imported; the message says why."""


def _whole(value: Any) -> bool:
    return type(value) is int and value >= 1


def _digest(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def parse_line(text: str) -> tuple[Row, dict[str, Any]]:
    """One export line as a stored event row (payload as canonical text) and its payload."""
    try:
        obj = json.loads(text)
    except ValueError as exc:  # the position, not the parser's English sentence
        raise LineError(_("not valid JSON (the error is at character {n})").format(
            n=getattr(exc, "pos", 0) + 1)) from None
    if not isinstance(obj, dict):
        raise LineError(_("not a JSON object"))
    missing = [k for k in EXPORT_KEYS if k not in obj]
    unknown = [k for k in obj if k not in EXPORT_KEYS]
    if missing or unknown:
        keys = ", ".join(EXPORT_KEYS)
        if missing:
            raise LineError(_("missing key {key!r} (an event has {keys})").format(
                key=missing[0], keys=keys))
        raise LineError(_("unknown key {key!r} (an event has {keys})").format(
            key=unknown[0], keys=keys))
    for name in ("seq", "task"):
        if not _whole(obj[name]):
            raise LineError(_("{name} must be a whole number from 1 up").format(name=name))
    for name in ("kind", "at", "actor"):
        if not isinstance(obj[name], str):
            raise LineError(_("{name} must be text").format(name=name))
    if obj["key"] is not None and not isinstance(obj["key"], str):
        raise LineError(_("key must be text or null"))
    if not isinstance(obj["payload"], dict):
        raise LineError(_("payload must be a JSON object"))
    for name in ("prev_hash", "hash"):
        if not _digest(obj[name]):
            raise LineError(_("{name} must be 64 lowercase hex digits").format(name=name))
    row = (obj["seq"], obj["task"], obj["kind"], obj["at"], obj["actor"],
           canonical_payload(obj["payload"]), obj["key"], obj["prev_hash"], obj["hash"])
    try:  # a lone surrogate (\ud800) decodes from JSON but is no text a ledger can hold
        "".join(str(v) for v in row).encode("utf-8")
    except UnicodeEncodeError:
        raise LineError(_("holds a character that is not valid Unicode text (a lone surrogate)")) from None
    return row, obj["payload"]


class Importer:
    """Checks events in file order and folds them into the tasks they make."""

    def __init__(self) -> None:
        self.states: dict[int, TaskState] = {}
        self.count = 0
        self.head = GENESIS
        self._uids: set[str] = set()
        self._keys: set[str] = set()
        self._assigned_on: dict[int, int] = {}  # task id → line of its assignment

    def add(self, line: int, row: Row, payload: dict[str, Any]) -> None:
        """Accept one event (raising LineError) and fold it into its task."""
        problem = row_problem(row, self.count + 1, self.head)
        if problem:
            raise LineError(problem)
        seq, task_id, kind, key = row[0], row[1], row[2], row[6]
        if key is not None:
            if key in self._keys:
                raise LineError(_("event {seq}: key {key!r} was already used by an earlier event").format(
                    seq=seq, key=key))
            self._keys.add(key)
        if kind == "assigned":
            if task_id in self.states:
                raise LineError(_("event {seq}: task {id} is assigned a second time").format(
                    seq=seq, id=task_id))
            if payload["uid"] in self._uids:
                raise LineError(_("event {seq}: uid {uid!r} belongs to another task").format(
                    seq=seq, uid=payload["uid"]))
            self._uids.add(payload["uid"])
            self._assigned_on[task_id] = line
        try:
            state = fold(self.states.get(task_id), Event(*row[:5], payload, *row[6:]))
        except ValueError as exc:
            raise LineError(_("event {seq}: {problem}").format(seq=seq, problem=exc)) from None
        self.states[task_id] = state
        self.count, self.head = seq, row[8]

    def orphan(self) -> tuple[int, str] | None:
        """(line, message) for the first task whose parent is not among the imported tasks."""
        for task_id, state in sorted(self.states.items()):
            if state.parent is not None and state.parent not in self.states:
                return (self._assigned_on[task_id],
                        _("task {id} names parent task {parent}, which the file does not "
                          "hold").format(id=task_id, parent=state.parent))
        return None
