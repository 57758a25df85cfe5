"""Read-only lookups for shell completion: a few task ids and names, or nothing at all.

Completion runs on every Tab, so this module imports only the standard library's sqlite3
and the statements: it opens the file read-only (never creating, migrating or locking it for
writing) and gives up quietly — an empty list — when the file is missing, busy, damaged or
not a ledger, because a shell prompt is no place for an error message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from luoshi.store import sql
from luoshi.store.schema import APPLICATION_ID


def _read(path: str, statement: str, params: dict) -> list[tuple]:
    file = Path(path)
    if not file.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{quote(str(file.resolve()))}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return []
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return []
        return conn.execute(statement, params).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def task_choices(path: str, prefix: str, statuses: tuple[str, ...] | None,
                 limit: int) -> list[tuple[int, str]]:
    """(id, title) of the tasks whose id starts with `prefix`, in one of `statuses` (None: any)."""
    if prefix and not prefix.isdigit():
        return []
    status, params = "", {"prefix": prefix, "limit": limit}
    if statuses:
        names = [f":status{i}" for i in range(len(statuses))]
        status = f"AND status IN ({', '.join(names)})"
        params |= {n[1:]: s for n, s in zip(names, statuses)}
    return _read(path, sql.SELECT_TASK_CHOICES.format(status=status), params)


def people(path: str, prefix: str, limit: int) -> list[str]:
    """Owners, leads and helpers named in the ledger whose name starts with `prefix`."""
    return [row[0] for row in _read(path, sql.SELECT_PEOPLE_CHOICES,
                                    {"prefix": prefix, "limit": limit})]
