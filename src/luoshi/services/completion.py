"""What the shell may offer after a command: task ids with their titles, and people's names.

Candidates depend on the command (checkin offers open tasks, close finished ones, show any),
from a ledger file or a team ledger alike. Nothing here raises: completion shows candidates
or nothing.
"""

from __future__ import annotations

from luoshi.store import lookup

LIMIT = 200  # a shell shows a screenful; more would only slow the Tab key down
_OPEN = ("open",)
STATUSES: dict[str, tuple[str, ...] | None] = {
    "checkin": _OPEN, "done": _OPEN, "remind": _OPEN, "escalate": _OPEN, "extend": _OPEN,
    "reassign": _OPEN, "cancel": _OPEN, "waive": _OPEN, "accept": _OPEN, "return": _OPEN,
    "amend": _OPEN, "note": _OPEN, "plan": _OPEN,
    "score": ("done", "closed"), "close": ("done",), "reopen": ("done", "closed"),
}


def ledger_file(db: str) -> str | None:
    """The SQLite file a --db value names, or None for a database server."""
    if db.startswith("sqlite:///"):
        return db.removeprefix("sqlite:///") or None
    return None if "://" in db else db


def _team(db: str) -> bool:
    return db.split("://", 1)[0].startswith("postgresql") if "://" in db else False


def task_choices(db: str, command: str | None, prefix: str) -> list[tuple[str, str]]:
    """(id, title) pairs the command may act on, ids starting with `prefix`."""
    statuses = STATUSES.get(command or "")
    if _team(db):
        rows = lookup.team_task_choices(db, prefix, statuses, LIMIT)
    else:
        path = ledger_file(db)
        rows = lookup.task_choices(path, prefix, statuses, LIMIT) if path else []
    return [(str(task_id), title) for task_id, title in rows]


def people(db: str, prefix: str) -> list[str]:
    if _team(db):
        return lookup.team_people(db, prefix, LIMIT)
    path = ledger_file(db)
    return [] if path is None else lookup.people(path, prefix, LIMIT)
