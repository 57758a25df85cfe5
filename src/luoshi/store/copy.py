"""Copying whole ledgers: a backup out of a live ledger, and a backup put back in its place.

Both copy through SQLite's online backup API into a temporary file in the destination's
folder, hand that copy to the caller's `check` (verification), and only then move it into
place with fsync + `os.replace` + fsync of the folder. So the destination is the old file
or the complete, checked new one — never a partial file, even when the disk fills.

Putting a ledger back also takes care of the old one: its -wal/-shm/-journal files belong
to the old history and must not be replayed onto the new file, so the old ledger is
switched out of WAL mode and held under an exclusive lock (which fails when any other
connection is open) while they are removed and the new file is renamed over it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

from luoshi.errors import BadInput, LuoshiError, Refused
from luoshi.i18n import _
from luoshi.store.files import (
    SIDE_FILES, failure, fsync_dir, fsync_file, move_into_place, remove_quietly, temp_beside,
)
from luoshi.store.migrations import SCHEMA_VERSION
from luoshi.store.schema import APPLICATION_ID
from luoshi.store.sqlite import SqliteLedger

T = TypeVar("T")
_MAGIC = b"SQLite format 3\x00"
LOCK_TIMEOUT_S = 3.0


def _header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(100)


def identify_backup(path: Path) -> int:
    """The schema version of a file that can be restored; anything else is refused (a FIFO
    or a device is refused before it is read, never waited on)."""
    import stat

    if path.is_dir():
        raise BadInput(_("{path} is a folder, not a backup file").format(path=path))
    if not path.exists():
        raise BadInput(_("there is no file {path}").format(path=path))
    if not stat.S_ISREG(path.stat().st_mode):
        raise BadInput(_("{path} is not a regular file; a backup is a file luoshi backup wrote").format(
            path=path))
    head = _header(path)
    if len(head) < 100 or head[:16] != _MAGIC:
        raise Refused(_("{path} is not a luoshi backup (not a SQLite file); the ledger was "
                        "not changed").format(path=path))
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise Refused(_("{path} is a SQLite file but not a luoshi ledger; the ledger was not "
                        "changed").format(path=path))
    version = int.from_bytes(head[60:64], "big")
    if version > SCHEMA_VERSION:
        raise Refused(_("{path} was written by a newer luoshi (schema {version}; this luoshi "
                        "knows up to {known}); the ledger was not changed").format(
                            path=path, version=version, known=SCHEMA_VERSION),
                      _("upgrade luoshi to restore it"))
    return version


def head_of(path: Path) -> tuple[int, str] | None:
    """(seq, hash) of a ledger file's last event; None when it has none or cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with SqliteLedger.reader(path) as ledger:
            return ledger.head()
    except (LuoshiError, sqlite3.Error, OSError):
        return None


def id_of(path: Path) -> str | None:
    """The ledger id of a ledger file; None when it has none or cannot be read."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with SqliteLedger.reader(path) as ledger:
            return ledger.ledger_id()
    except (LuoshiError, sqlite3.Error, OSError):
        return None


def write_copy(ledger: SqliteLedger, target: Path, check: Callable[[SqliteLedger], T]) -> T:
    """Copy a live ledger to `target`; `check` sees the copy before it is moved into place."""
    temp = None
    try:
        temp = temp_beside(target)
        ledger.copy_to(temp)
        with SqliteLedger.reader(temp) as copy:
            result = check(copy)
        move_into_place(temp, target)
        return result
    except (OSError, sqlite3.Error) as exc:
        raise failure(exc, target, _("no backup was written")) from None
    finally:
        if temp is not None:
            remove_quietly(temp)


def restore_copy(source: Path, target: Path, check: Callable[[SqliteLedger], T]) -> T:
    """Put a copy of `source` in place of the ledger at `target` once `check` passed."""
    version = identify_backup(source)
    _refuse_foreign_target(target)
    temp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = temp_beside(target)
        with SqliteLedger.reader(source) as original:
            original.copy_to(temp)
        if version < SCHEMA_VERSION:
            SqliteLedger(temp, create=False).close()  # bring an older backup up to date
        with SqliteLedger.reader(temp) as copy:
            result = check(copy)
        fsync_file(temp)
        _put_in_place(temp, target)
        return result
    except sqlite3.OperationalError as exc:
        raise failure(exc, target, _("the ledger was not changed")) from None
    except sqlite3.DatabaseError as exc:
        raise Refused(_("{path} is damaged ({problem}); the ledger was not changed").format(
            path=source, problem=exc)) from None
    except OSError as exc:
        raise failure(exc, target, _("the ledger was not changed")) from None
    finally:
        if temp is not None:
            remove_quietly(temp)


def _refuse_foreign_target(target: Path) -> None:
    """Never overwrite a file that is not a luoshi ledger (a --db pointing at the wrong file)."""
    if target.is_dir():
        raise BadInput(_("the ledger path {path} is a folder").format(path=target))
    if not target.exists() or target.stat().st_size == 0:
        return
    head = _header(target)
    if head[:16] != _MAGIC or int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise Refused(_("{path} is not a luoshi ledger; restore will not overwrite it").format(
            path=target), _("move that file away, or point --db at the ledger to restore"))


def _put_in_place(temp: Path, target: Path) -> None:
    lock = _hold_old_ledger(target)
    try:
        for suffix in SIDE_FILES:
            side = Path(f"{target}{suffix}")
            if side.exists():
                side.unlink()
        os.replace(temp, target)
        fsync_dir(target.parent)
    finally:
        if lock is not None:
            lock.close()


def _hold_old_ledger(target: Path) -> sqlite3.Connection | None:
    """An exclusive lock on the ledger being replaced, out of WAL mode; None when there is
    no old ledger or it is too damaged to open (then nothing can be using it)."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    conn = sqlite3.connect(target, isolation_level=None, timeout=LOCK_TIMEOUT_S)
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("BEGIN EXCLUSIVE")
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise Refused(_("{path} is in use by another luoshi; the ledger was not changed").format(
                path=target), _("wait for it to finish (or close it) and run restore again")) from None
        return None
    except sqlite3.DatabaseError:
        conn.close()
        return None
