"""Read-only lookups for shell completion: a few task ids and names, or nothing at all.

Completion runs on every Tab, so this module imports only what it needs: sqlite3 for a file
(opened read-only: never created, migrated or locked for writing), psycopg for a team ledger
(a read-only transaction, a server that does not answer within 0.3 s offers nothing). It
gives up quietly — an empty list — when the ledger is missing, busy, down, damaged or not a
ledger, because a shell prompt is no place for an error message.
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


def _task_query(prefix: str, statuses: tuple[str, ...] | None,
                limit: int) -> tuple[str, dict] | None:
    """The statement and parameters of the task choices; None when `prefix` is no id."""
    if prefix and not prefix.isdigit():
        return None
    status, params = "", {"prefix": prefix, "limit": limit}
    if statuses:
        names = [f":status{i}" for i in range(len(statuses))]
        status = f"AND status IN ({', '.join(names)})"
        params |= {n[1:]: s for n, s in zip(names, statuses)}
    return sql.SELECT_TASK_CHOICES.format(status=status), params


def task_choices(path: str, prefix: str, statuses: tuple[str, ...] | None,
                 limit: int) -> list[tuple[int, str]]:
    """(id, title) of the tasks whose id starts with `prefix`, in one of `statuses` (None: any)."""
    query = _task_query(prefix, statuses, limit)
    return _read(path, *query) if query else []


def people(path: str, prefix: str, limit: int) -> list[str]:
    """Owners, leads and helpers named in the ledger whose name starts with `prefix`."""
    return [row[0] for row in _read(path, sql.SELECT_PEOPLE_CHOICES,
                                    {"prefix": prefix, "limit": limit})]


TEAM_TIMEOUT = 0.3  # seconds a Tab waits for a team ledger's server


def _reachable(url: str) -> bool:
    """The server's port answers within the timeout (libpq's own timeout is at least 2 s)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432),
                                      timeout=TEAM_TIMEOUT):
            return True
    except (OSError, ValueError):
        return False


def _team_read(url: str, statement: str, params: dict) -> list[tuple]:
    if not _reachable(url):
        return []
    try:
        import psycopg

        from luoshi.store.postgres import _statement, conninfo
        from luoshi.store.schema import PG_SCHEMA

        with psycopg.connect(conninfo(url), connect_timeout=2, application_name="luoshi-complete",
                             options=f"-c search_path={PG_SCHEMA} -c statement_timeout=300") as conn:
            conn.read_only = True
            return conn.execute(_statement(statement), params).fetchall()
    except Exception:  # noqa: BLE001 - a Tab offers candidates or nothing, never an error
        return []


def team_task_choices(url: str, prefix: str, statuses: tuple[str, ...] | None,
                      limit: int) -> list[tuple[int, str]]:
    query = _task_query(prefix, statuses, limit)
    return _team_read(url, *query) if query else []


def team_people(url: str, prefix: str, limit: int) -> list[str]:
    like = sql.like_escape(prefix) + "%"
    return [row[0] for row in _team_read(url, sql.SELECT_PEOPLE_CHOICES_PG,
                                         {"like": like, "limit": limit})]
