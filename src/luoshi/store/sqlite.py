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

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.store import sql
from luoshi.store.base import SqlLedger
from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION, sqlite_fresh
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

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 now_text: str = "") -> None:
        self.path = Path(path)
        self.created = False
        self._now_text = now_text
        exists = _exists(self.path)
        if exists:
            _refuse_foreign(self.path)
        elif not create:
            raise Refused(_("no ledger at {path}").format(path=self.path),
                          _("record something first (luoshi assign …), or check --db / LUOSHI_DB"))
        else:
            self.created = _create_file(self.path)
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

    def _version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        if self._version() >= MIGRATIONS[-1].version:
            return
        if self._version() == 0 and MIGRATIONS[-1].current:
            with self.writing():  # a new ledger: the current schema at once
                if self._version() == 0:
                    for statement in sqlite_fresh():
                        self.conn.execute(statement)
                    self._stamp(MIGRATIONS)
                    return
        for migration in MIGRATIONS:
            if self._version() >= migration.version:
                continue
            self._run(migration)

    def _run(self, migration) -> None:
        """One migration under the write lock (re-checked there: another process may have
        just run it); one that rebuilds tables runs with foreign keys off."""
        if migration.rebuilds:
            self.conn.execute("PRAGMA foreign_keys = OFF")
            self.conn.execute("PRAGMA legacy_alter_table = ON")
        try:
            with self.writing():
                if self._version() >= migration.version:
                    return
                for statement in migration.sqlite:
                    self.conn.execute(statement)
                if migration.refolds:
                    self._refold()
                if migration.rebuilds and self.conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise Refused(_("{path}: upgrading the ledger found broken references; "
                                    "nothing was changed").format(path=self.path))
                self._stamp((migration,))
        finally:
            if migration.rebuilds:
                self.conn.execute("PRAGMA legacy_alter_table = OFF")
                self.conn.execute("PRAGMA foreign_keys = ON")

    def _refold(self) -> None:
        """Recompute every task's row from its events (inside the write transaction)."""
        from luoshi.domain.task import TaskBuilder
        from luoshi.store.base import event_from_row

        self.conn.execute("DELETE FROM tasks")
        builder, current = None, None
        for row in self.conn.execute(sql.SELECT_EVENTS_BY_TASK).fetchall():
            if row[1] != current:
                if builder is not None:
                    self.save_task(builder.build())
                builder, current = TaskBuilder(), row[1]
            builder.add(event_from_row(row))
        if builder is not None:
            self.save_task(builder.build())

    def _stamp(self, migrations) -> None:
        """Record migrations as applied (inside the write transaction)."""
        at = self._now_text or _utc_now()
        for migration in migrations:
            self.conn.execute(sql.INSERT_MIGRATION, {
                "version": migration.version, "name": migration.name, "at": at})
        self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.conn.execute(f"PRAGMA user_version = {migrations[-1].version}")

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

    def renew_ledger_id(self) -> None:
        """Give the ledger an id of its own (a restored copy is a new ledger for anchors)."""
        import uuid

        self.conn.execute(sql.UPSERT_META, {"key": "ledger_id", "value": uuid.uuid4().hex})

    def schema_shape(self) -> dict[str, object]:
        """The file's schema as structure (columns, indexes, triggers, foreign keys), so that
        two ledgers compare whatever their history of ALTERs."""
        return schema_shape(self.conn)

    def verify_schema(self) -> str | None:
        """None when the file has exactly the schema of a new ledger; else what differs, by
        name (a missing append-only trigger, an extra trigger of someone's own…)."""
        expected = _expected_shape()
        found = self.schema_shape()
        missing = sorted(set(expected) - set(found))
        extra = sorted(set(found) - set(expected))
        changed = sorted(k for k in set(expected) & set(found) if expected[k] != found[k])
        if not (missing or extra or changed):
            return None
        parts = [_("missing {names}").format(names=", ".join(missing))] if missing else []
        parts += [_("not luoshi's: {names}").format(names=", ".join(extra))] if extra else []
        parts += [_("changed: {names}").format(names=", ".join(changed))] if changed else []
        return _("the schema differs from a luoshi ledger's ({problems})").format(problems="; ".join(parts))

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


def _normal(sql_text: str | None) -> str:
    return " ".join((sql_text or "").replace('"', "").split())


def schema_shape(conn: sqlite3.Connection) -> dict[str, object]:
    shape: dict[str, object] = {}
    for kind, name, table, text in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name"):
        if kind == "table":
            shape[f"table {name}"] = [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_xinfo("{name}")')]
            shape[f"keys of {name}"] = sorted(
                (r[2], r[3], r[4], r[5], r[6]) for r in conn.execute(f'PRAGMA foreign_key_list("{name}")'))
            shape[f"unique in {name}"] = sorted(
                tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{i[1]}")'))
                for i in conn.execute(f'PRAGMA index_list("{name}")') if i[3] in ("u", "pk"))
        else:
            shape[f"{kind} {name}"] = (table, _normal(text))
    return shape


_SHAPE: dict[str, object] = {}


def _expected_shape() -> dict[str, object]:
    """The schema of a new ledger, built once in memory."""
    if not _SHAPE:
        conn = sqlite3.connect(":memory:")
        for statement in sqlite_fresh():
            conn.execute(statement)
        _SHAPE.update(schema_shape(conn))
        conn.close()
    return _SHAPE


def _utc_now() -> str:
    """The time a migration is recorded at (not an event: the real clock is fine here)."""
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _under_a_file(path: Path) -> BadInput:
    return BadInput(_("{path} is not a possible ledger path: a part of it is a file, not a "
                      "folder").format(path=path), _("point --db at a file in a folder"))


def _exists(path: Path) -> bool:
    """A ledger file is there (an empty file is not a ledger yet); a path under a file that
    is not a folder is bad input."""
    try:
        return path.stat().st_size > 0 or path.is_dir()
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise _under_a_file(path) from None
    except OSError as exc:
        raise BadInput(_("cannot use {path} as the ledger: {problem}").format(
            path=path, problem=exc.strerror)) from None


def _create_file(path: Path) -> bool:
    """Create the ledger file readable by its owner only (0600); True when it was created
    here (False: it already existed, empty)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except NotADirectoryError:
        raise _under_a_file(path) from None
    except OSError as exc:
        raise Refused(_("cannot create the ledger {path}: {problem}").format(
            path=path, problem=exc.strerror)) from None
    os.close(fd)
    return True


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
