"""A ledger in a SQLite file, on the standard library's sqlite3 (no SQLAlchemy on this path).

Guarantees:
- the file is a luoshi ledger (application_id) of a schema this luoshi knows, or it is
  refused with one clear line before anything writes to it;
- WAL, synchronous=FULL, busy_timeout 10 s and foreign keys on every connection;
- every write transaction starts with BEGIN IMMEDIATE, so concurrent writers queue for the
  lock instead of failing half-way with SQLITE_BUSY;
- an event and the task row it changes are written in the same transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from luoshi.domain.events import Event
from luoshi.domain.hashing import GENESIS, canonical_payload, event_hash
from luoshi.domain.task import TaskState
from luoshi.errors import Refused
from luoshi.store import sql
from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION
from luoshi.store.schema import APPLICATION_ID, EVENT_COLUMNS, TASK_COLUMNS

BUSY_TIMEOUT_MS = 10_000
_HEADER = b"SQLite format 3\x00"


def _refuse_foreign(path: Path) -> None:
    """Refuse, without opening it for writing, a file that cannot be a SQLite ledger."""
    if path.is_dir():
        raise Refused(f"{path} is a directory, not a ledger file", "point --db at a file")
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head and head != _HEADER:
        raise Refused(
            f"{path} is not a luoshi ledger (not a SQLite file)",
            "point --db (or LUOSHI_DB) at a luoshi ledger, or at a path that does not exist yet",
        )


class SqliteLedger:
    """One open ledger file. Use as a context manager; it closes the connection."""

    backend = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if exists:
            _refuse_foreign(self.path)
        elif not create:
            raise Refused(f"no ledger at {self.path}")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise Refused(f"cannot open the ledger {self.path}: {exc}") from None
        try:
            self._check_identity(exists)
            self._configure()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise Refused(f"{self.path} cannot be read as a luoshi ledger: {exc}") from None
        except BaseException:
            self.conn.close()
            raise

    # -- opening ---------------------------------------------------------------------------
    def _check_identity(self, exists: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            return  # a blank file: it becomes a ledger
        if app_id != APPLICATION_ID:
            raise Refused(
                f"{self.path} is a SQLite file but not a luoshi ledger",
                "point --db (or LUOSHI_DB) at a luoshi ledger",
            )
        if version > SCHEMA_VERSION:
            raise Refused(
                f"{self.path} was written by a newer luoshi (schema {version}; "
                f"this luoshi knows up to {SCHEMA_VERSION})",
                "upgrade luoshi to use this ledger",
            )

    def _configure(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA synchronous = FULL")
        if c.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            c.execute("PRAGMA journal_mode = WAL")

    def _migrate(self) -> None:
        for migration in MIGRATIONS:
            if self.conn.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
                continue
            with self.writing():
                # re-check under the write lock: another process may have just migrated
                if self.conn.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
                    continue
                for statement in migration.sqlite:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version = {migration.version}")
                from luoshi.clock import now, to_utc_text

                self.conn.execute(sql.INSERT_MIGRATION, {
                    "version": migration.version, "name": migration.name,
                    "at": to_utc_text(now()),
                })

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "SqliteLedger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator["SqliteLedger"]:
        """One write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _storage_error(exc, self.path) from None
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _storage_error(exc, self.path) from None
            raise

    def append(
        self, task_id: int, kind: str, at: str, actor: str, payload: dict, key: str | None
    ) -> Event:
        """Append one event at the head of the chain (inside `writing()`)."""
        head = self.conn.execute(sql.SELECT_HEAD).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        text = canonical_payload(payload)
        digest = event_hash(prev, seq, task_id, kind, at, actor, text)
        row = dict(seq=seq, task_id=task_id, kind=kind, at=at, actor=actor, payload=text,
                   key=key, prev_hash=prev, hash=digest)
        self.conn.execute(sql.INSERT_EVENT, row)
        return Event(**(row | {"payload": payload}))

    def save_task(self, state: TaskState) -> None:
        self.conn.execute(sql.UPSERT_TASK, task_row(state))

    def next_task_id(self) -> int:
        return self.conn.execute(sql.NEXT_TASK_ID).fetchone()[0]

    # -- reading ---------------------------------------------------------------------------
    def task(self, task_id: int) -> TaskState | None:
        row = self.conn.execute(sql.SELECT_TASK, {"id": task_id}).fetchone()
        return task_from_row(row) if row else None

    def tasks(self, owner=None, lead=None, statuses=None, project=None, tag=None) -> list[TaskState]:
        clause, params = sql.task_filter(owner, lead, statuses, project, tag)
        rows = self.conn.execute(sql.SELECT_TASKS + clause, params)
        return [task_from_row(r) for r in rows]

    def task_events(self, task_id: int) -> list[Event]:
        rows = self.conn.execute(sql.SELECT_EVENTS_OF_TASK, {"task_id": task_id})
        return [event_from_row(r) for r in rows]

    def events(self, from_seq: int = 1) -> Iterator[Event]:
        for row in self.conn.execute(sql.SELECT_EVENTS_FROM, {"seq": from_seq}):
            yield event_from_row(row)

    def events_with_key(self, key: str) -> list[Event]:
        params = {"key": key, "lo": key + "#", "hi": key + "$"}  # '$' sorts right after '#'

        return [event_from_row(r) for r in self.conn.execute(sql.SELECT_EVENTS_BY_KEY, params)]

    def report_events(self, start: str, now: str) -> Iterator[Event]:
        """Events up to `now` of tasks open or touched since `start` (UTC texts)."""
        rows = self.conn.execute(sql.SELECT_REPORT_EVENTS, {"start": start, "now": now})
        for row in rows:
            yield event_from_row(row, trusted=True)

    # -- the review without replay (see sql.py: what a report reads) -------------------------
    def last_event_at(self) -> str | None:
        """The latest `at` of any event (UTC text), or None for an empty ledger."""
        from luoshi.domain.events import PAYLOADS  # every kind luoshi records

        kinds = sorted(PAYLOADS)
        params = {f"k{i}": kind for i, kind in enumerate(kinds)}
        return self.conn.execute(sql.last_at(len(kinds)), params).fetchone()[0]

    def report_tasks(self, start: str, owner=None, lead=None, project=None) -> list[TaskState]:
        """The current state of every task a report from `start` may show."""
        scope, params = sql.report_scope(owner, lead, project)
        rows = self.conn.execute(sql.report_tasks(scope), params | {"start": start})
        return [task_from_row(r) for r in rows]

    def report_counts(self, start: str, end: str, now: str, owner=None, lead=None,
                      project=None) -> dict[int, tuple[int, int]]:
        """{task id: (check-ins by its owner, escalations)} in [start, end), up to now."""
        scope, params = sql.report_scope(owner, lead, project)
        params |= {"start": start, "end": end, "now": now}
        return {r[0]: (r[1], r[2]) for r in self.conn.execute(sql.report_counts(scope), params)}

    def report_escalations(self, start: str, end: str, now: str, owner=None, lead=None,
                           project=None) -> list[Event]:
        scope, params = sql.report_scope(owner, lead, project)
        params |= {"start": start, "end": end, "now": now}
        return [event_from_row(r, trusted=True)
                for r in self.conn.execute(sql.report_escalations(scope), params)]

    def report_pattern_events(self, start: str, now: str, pushed_min: int, idle_checkins: int,
                              owner=None, lead=None, project=None) -> list[Event]:
        """Every event up to now of the tasks that may show a pattern found in events."""
        scope, params = sql.report_scope(owner, lead, project)
        params |= {"start": start, "now": now, "pushed_min": pushed_min,
                   "idle_checkins": idle_checkins}
        rows = self.conn.execute(sql.report_pattern_events(scope, self.backend), params)
        return [event_from_row(r, trusted=True) for r in rows]

    def people(self) -> list[str]:
        return [r[0] for r in self.conn.execute(sql.SELECT_PEOPLE)]

    # -- keeping the ledger: verify, backup, restore, export, import -------------------------
    @classmethod
    def reader(cls, path: str | os.PathLike[str]) -> "SqliteLedger":
        """A luoshi ledger file opened only to be read and checked (a backup copy, a file to
        restore): its journal mode is left as it is and nothing is migrated."""
        self = cls.__new__(cls)
        self.path = Path(path)
        _refuse_foreign(self.path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None,
                                        timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        except sqlite3.Error as exc:
            raise Refused(f"cannot open {self.path}: {exc}") from None
        try:
            self._check_identity(True)
            if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise Refused(f"{self.path} is not a luoshi ledger (it is empty)")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise Refused(f"{self.path} cannot be read as a luoshi ledger: {exc}") from None
        except BaseException:
            self.conn.close()
            raise
        return self

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def reading(self) -> Iterator["SqliteLedger"]:
        """One read transaction: every query inside sees the same snapshot of the ledger,
        however many writers commit meanwhile."""
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def event_rows(self) -> Iterator[tuple]:
        """Every event row exactly as stored (payload as text), in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENT_ROWS)

    def event_links(self) -> Iterator[tuple]:
        """(seq, task_id, prev_hash, hash) of every event in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENT_LINKS)

    def event_rows_by_task(self) -> Iterator[tuple]:
        """Every event row as stored, task by task, each task's in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENTS_BY_TASK)

    def tasks_by_id(self) -> Iterator[TaskState]:
        """Every row of the current-state table in id order, one at a time."""
        for row in self._rows(sql.SELECT_TASKS_BY_ID):
            try:
                yield task_from_row(row)
            except (ValueError, TypeError) as exc:
                raise Refused(f"task {row[0]}: its row in the tasks table cannot be read "
                              f"({exc})") from None

    def _rows(self, statement: str) -> Iterator[tuple]:
        cursor = None
        try:
            cursor = self.conn.execute(statement)
            yield from cursor
        except sqlite3.DatabaseError as exc:
            raise Refused(f"the database file is damaged ({exc})",
                          "restore a backup: luoshi restore FILE") from None
        finally:
            if cursor is not None:
                cursor.close()

    def quick_check(self) -> str | None:
        """SQLite's own page-level check: None when the file is sound, else the first fault."""
        try:
            found = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            return str(exc)
        if found == "ok":
            return None
        return "; ".join(part.strip() for part in found.replace("*** in database main ***", "")
                         .splitlines() if part.strip())

    def head(self) -> tuple[int, str] | None:
        row = self.conn.execute(sql.SELECT_HEAD).fetchone()
        return (row[0], row[1]) if row else None

    def is_empty(self) -> bool:
        """True when the ledger holds no event and no task."""
        return bool(self.conn.execute(sql.SELECT_IS_EMPTY).fetchone()[0])

    def insert_event_rows(self, rows: Iterable[tuple]) -> None:
        """Write events exactly as given (import), inside `writing()`: rows in EVENT_COLUMNS
        order, consumed one at a time; the schema still refuses a row that does not extend
        the chain."""
        self.conn.executemany(sql.INSERT_EVENT, (dict(zip(EVENT_COLUMNS, r)) for r in rows))

    def copy_to(self, dest: str | os.PathLike[str]) -> None:
        """A consistent copy of the whole ledger into the new file `dest` through SQLite's
        online backup API: one step, so one snapshot, and writers are not blocked (WAL).
        The copy is left in rollback-journal mode: one self-contained file."""
        target = sqlite3.connect(dest, isolation_level=None)
        try:
            self.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()

    def use_rollback_journal(self) -> None:
        """Leave WAL mode (only when no other connection is open): one self-contained file."""
        self.conn.execute("PRAGMA journal_mode = DELETE")


def task_row(state: TaskState) -> dict:
    row = {c: getattr(state, c) for c in TASK_COLUMNS}
    row["helpers"] = json.dumps(list(state.helpers), ensure_ascii=False)
    row["tags"] = json.dumps(list(state.tags), ensure_ascii=False)
    row["urgent"] = int(state.urgent)
    return row


def task_from_row(row: tuple) -> TaskState:
    values = dict(zip(TASK_COLUMNS, row))
    for column in ("helpers", "tags"):  # mostly '[]': spare the JSON parser
        text = values[column]
        values[column] = tuple(json.loads(text)) if text != "[]" else ()
    values["urgent"] = bool(values["urgent"])
    return TaskState(**values)


def event_from_row(row: tuple, trusted: bool = False) -> Event:
    """An event from its row; `trusted` skips validation (bulk reads of our own rows)."""
    values = dict(zip(EVENT_COLUMNS, row))
    values["payload"] = json.loads(values["payload"])
    return Event.model_construct(**values) if trusted else Event(**values)


def _storage_error(exc: sqlite3.OperationalError, path: Path) -> Refused:
    text = str(exc)
    if "full" in text:
        return Refused(f"the disk holding {path} is full; nothing was recorded",
                       "free some space and run the command again")
    if "locked" in text or "busy" in text:
        return Refused(f"{path} is busy (another luoshi is writing); nothing was recorded",
                       "run the command again")
    if "readonly" in text:
        return Refused(f"{path} is read-only; nothing was recorded")
    return Refused(f"{path}: {text}; nothing was recorded")
