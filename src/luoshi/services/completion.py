"""What the shell may offer after a command: task ids with their titles, and people's names.

Candidates depend on the command (checkin offers open tasks, close finished ones, show any).
A ledger that is not a local SQLite file offers nothing yet. Nothing here raises: completion
shows candidates or nothing.
"""

from __future__ import annotations

from luoshi.store import lookup

LIMIT = 200  # a shell shows a screenful; more would only slow the Tab key down
_OPEN = ("open",)
STATUSES: dict[str, tuple[str, ...] | None] = {
    "checkin": _OPEN, "done": _OPEN, "remind": _OPEN, "escalate": _OPEN, "extend": _OPEN,
    "reassign": _OPEN, "cancel": _OPEN, "waive": _OPEN,
    "score": ("done", "closed"), "close": ("done",), "reopen": ("done", "closed"),
}


def ledger_file(db: str) -> str | None:
    """The SQLite file a --db value names, or None for a database server."""
    if db.startswith("sqlite:///"):
        return db.removeprefix("sqlite:///") or None
    return None if "://" in db else db


def task_choices(db: str, command: str | None, prefix: str) -> list[tuple[str, str]]:
    """(id, title) pairs the command may act on, ids starting with `prefix`."""
    path = ledger_file(db)
    if path is None:
        return []
    rows = lookup.task_choices(path, prefix, STATUSES.get(command or ""), LIMIT)
    return [(str(task_id), title) for task_id, title in rows]


def people(db: str, prefix: str) -> list[str]:
    path = ledger_file(db)
    return [] if path is None else lookup.people(path, prefix, LIMIT)
