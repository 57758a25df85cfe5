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

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from luoshi.errors import Refused
from luoshi.i18n import _
from luoshi.store import sql
from luoshi.store.base import SqlLedger
from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION
from luoshi.store.schema import APPLICATION_ID

BUSY_TIMEOUT_MS = 10_000
_HEADER = b"SQLite format 3\x00"


def _refuse_foreign(path: Path) -> None:
    """Refuse, without opening it for writing, a file that cannot be a SQLite ledger."""
    if path.is_dir():
        raise Refused(_("{path} is a directory, not a ledger file").format(path=path),
                      _("point --db at a file"))
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head and head != _HEADER:
        raise Refused(
            _("{path} is not a luoshi ledger (not a SQLite file)").format(path=path),
            _("point --db (or LUOSHI_DB) at a luoshi ledger, or at a path that does not exist yet"),
        )


class SqliteLedger(SqlLedger):
    """One open ledger file. Use as a context manager; it closes the connection."""

    backend = "sqlite"
    damage_errors = (sqlite3.DatabaseError,)

    def damaged(self, exc: BaseException) -> Refused:
        return Refused(_("the database file is damaged ({problem})").format(problem=exc),
                       _("restore a backup: luoshi restore FILE"))

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if exists:
            _refuse_foreign(self.path)
        elif not create:
            raise Refused(_("no ledger at {path}").format(path=self.path))
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._open(lambda: (self._check_identity(exists), self._configure(), self._migrate()))

    # -- opening ---------------------------------------------------------------------------
    def _open(self, checks) -> None:
        """Connect, then run `checks`; any failure closes the connection and becomes one
        refusal (a full disk said as such)."""
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None,
                                        timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        except sqlite3.Error as exc:
            raise Refused(_("cannot open the ledger {path}: {problem}").format(
                path=self.path, problem=exc)) from None
        try:
            checks()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if _disk_full(exc, self.path):  # e.g. no room for the -shm file beside it
                raise _full(self.path) from None
            raise Refused(_("{path} cannot be read as a luoshi ledger: {problem}").format(
                path=self.path, problem=exc)) from None
        except BaseException:
            self.conn.close()
            raise

    def _check_readable(self) -> None:
        """A backup or a file to restore: a luoshi ledger this luoshi can read, not blank."""
        self._check_identity(True)
        if self.conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise Refused(_("{path} is not a luoshi ledger (it is empty)").format(path=self.path))

    def _check_identity(self, exists: bool) -> None:
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0:
            return  # a blank file: it becomes a ledger
        if app_id != APPLICATION_ID:
            raise Refused(
                _("{path} is a SQLite file but not a luoshi ledger").format(path=self.path),
                _("point --db (or LUOSHI_DB) at a luoshi ledger"),
            )
        if version > SCHEMA_VERSION:
            raise Refused(
                _("{path} was written by a newer luoshi (schema {version}; "
                  "this luoshi knows up to {known})").format(
                    path=self.path, version=version, known=SCHEMA_VERSION),
                _("upgrade luoshi to use this ledger"),
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

    # -- keeping the ledger: verify, backup, restore, export, import -------------------------
    @classmethod
    def reader(cls, path: str | os.PathLike[str]) -> "SqliteLedger":
        """A luoshi ledger file opened only to be read and checked (a backup copy, a file to
        restore): its journal mode is left as it is and nothing is migrated."""
        self = cls.__new__(cls)
        self.path = Path(path)
        _refuse_foreign(self.path)
        self._open(self._check_readable)
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


# SQLite's primary result codes (the low byte of an extended code)
_SQLITE_IOERR, _SQLITE_FULL = 10, 13
_NEARLY_FULL = 1 << 20  # bytes: an I/O error with less room than this is a full disk


def _disk_full(exc: sqlite3.Error, path: Path) -> bool:
    """SQLITE_FULL, or an I/O error on a file system with (almost) no room left: SQLite
    reports a -shm or -wal file it cannot extend as an I/O error, not as a full disk."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _SQLITE_FULL or "full" in str(exc):
        return True
    if code != _SQLITE_IOERR and "disk I/O error" not in str(exc):
        return False
    try:
        room = os.statvfs(path.absolute().parent)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < _NEARLY_FULL


def _full(path: Path) -> Refused:
    from luoshi.i18n import _

    return Refused(_("the disk holding {path} is full; nothing was recorded").format(path=path),
                   _("free some space and run the command again"))


def _storage_error(exc: sqlite3.OperationalError, path: Path) -> Refused:
    text = str(exc)
    if _disk_full(exc, path):
        return _full(path)
    if "locked" in text or "busy" in text:
        return Refused(_("{path} is busy (another luoshi is writing); nothing was recorded").format(
            path=path), _("run the command again"))
    if "readonly" in text:
        return Refused(_("{path} is read-only; nothing was recorded").format(path=path))
    return Refused(_("{path}: {problem}; nothing was recorded").format(path=path, problem=text))
