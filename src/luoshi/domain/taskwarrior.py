"""Taskwarrior's `task export`, read as luoshi commitments.

A Taskwarrior task becomes: an assignment at its `entry` time (description → title,
project, tags, due), one check-in per annotation (the annotation as its note, progress
unchanged), then `finished` at `end` for a completed task or `cancelled` for a deleted one.
Pending and waiting tasks stay open. Recurring templates are skipped (their instances
are ordinary tasks in the export).

An open task without a deadline comes in with the deadline the import was given
(`--due WHEN`), or else with none: its health is `needs_due` (never late, never scored) until
someone extends it to a real date. A finished or deleted task without one is taken as due
when it ended. What luoshi does not keep (priority, dependencies, wait, scheduled, recurrence
…) is named, so the import can say which fields it dropped.

Pure: `now` is a parameter; problems raise `TaskwarriorError` naming the task's place in
the file.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from luoshi.i18n import _

OPEN = ("pending", "waiting")
KNOWN = OPEN + ("completed", "deleted", "recurring")
KEPT = ("id", "uuid", "description", "entry", "end", "modified", "status", "due", "project", "tags",
        "annotations", "urgency", "imask", "mask", "parent", "last")
# what a Taskwarrior task may carry that luoshi has no place for (urgency is Taskwarrior's own
# computation, id a working-set number: neither is dropped information)


class TaskwarriorError(ValueError):
    """A Taskwarrior export that cannot be read; the message names where."""


@dataclass(frozen=True)
class Planned:
    """One Taskwarrior task as the facts luoshi will record (times are UTC text)."""

    uid: str
    title: str
    entry: str
    due: str | None
    needs_due: bool
    project: str | None = None
    tags: tuple[str, ...] = ()
    annotations: tuple[tuple[str, str], ...] = ()  # (at, note)
    ending: tuple[str, str] | None = None  # ("finished" or "cancelled", at)
    dropped: tuple[str, ...] = ()  # the task's fields luoshi does not keep


def read_export(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(where, task) pairs from a JSON array, a single object, or one object per line."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, list):
        items = [(_("task {n} of the array").format(n=i), item)
                 for i, item in enumerate(data, start=1)]
    elif isinstance(data, dict):
        items = [(_("the task"), data)]
    else:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            try:
                items.append((_("line {number}").format(number=number), json.loads(line)))
            except ValueError as exc:
                raise TaskwarriorError(_("line {number}: not valid JSON (the error is at "
                                         "character {n})").format(
                    number=number, n=getattr(exc, "pos", 0) + 1)) from None
    for where, item in items:
        if not isinstance(item, dict):
            raise TaskwarriorError(_("{where}: not a JSON object").format(where=where))
    return items


def tw_time(value: Any, what: str) -> str:
    """Taskwarrior's 20261201T100000Z (or ISO 8601) as the ledger's UTC text."""
    if not isinstance(value, str):
        raise TaskwarriorError(_("{what} is not a time").format(what=what))
    try:
        moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise TaskwarriorError(_("{what} {value!r} is not a Taskwarrior time like "
                                     "20261201T100000Z").format(what=what, value=value)) from None
        if moment.tzinfo is None:
            raise TaskwarriorError(_("{what} {value!r} has no time zone").format(what=what, value=value))
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _texts(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaskwarriorError(_("{what} must be a list of text").format(what=what))
    return tuple(value)


def _annotations(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TaskwarriorError(_("{where}: annotations must be a list").format(where=where))
    found = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("description"), str):
            raise TaskwarriorError(_("{where}: an annotation has no description").format(where=where))
        found.append((tw_time(item.get("entry"), _("{where}: an annotation's entry").format(
                          where=where)),
                      item["description"]))
    return tuple(sorted(found, key=lambda a: a[0]))


def plan(where: str, task: dict[str, Any], now: str, default_due: str | None = None) -> Planned | None:
    """The facts for one Taskwarrior task; None for a recurring template. An open task
    without a deadline takes `default_due`, or none."""
    status = task.get("status", "pending")
    if status not in KNOWN:
        raise TaskwarriorError(_("{where}: unknown status {status!r}").format(where=where, status=status))
    if status == "recurring":
        return None
    title = task.get("description")
    if not isinstance(title, str) or not title.strip():
        raise TaskwarriorError(_("{where}: no description").format(where=where))
    entry = tw_time(task["entry"], _("{where}: entry").format(where=where)) if "entry" in task else now
    ending = None
    if status in ("completed", "deleted"):
        moment = task.get("end") or task.get("modified")
        at = tw_time(moment, _("{where}: end").format(where=where)) if moment else entry
        ending = ("finished" if status == "completed" else "cancelled", at)
    due = tw_time(task["due"], _("{where}: due").format(where=where)) if task.get("due") else None
    if due is None and ending is None:
        due = default_due
    needs_due = due is None and ending is None
    project = task.get("project")
    if project is not None and not isinstance(project, str):
        raise TaskwarriorError(_("{where}: project must be text").format(where=where))
    try:
        uid = uuid.UUID(str(task.get("uuid"))).hex
    except ValueError:
        uid = uuid.uuid5(uuid.NAMESPACE_URL, f"taskwarrior:{title}:{entry}").hex
    return Planned(
        uid=uid, title=title, entry=entry, needs_due=needs_due,
        due=due or (ending[1] if ending else None), project=project or None,
        tags=_texts(task.get("tags"), _("{where}: tags").format(where=where)),
        annotations=_annotations(task.get("annotations"), where), ending=ending,
        dropped=tuple(sorted(k for k in task if k not in KEPT)),
    )
