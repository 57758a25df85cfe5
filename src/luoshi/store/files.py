"""Writing whole files so that a reader only ever sees the old file or the complete new one.

Every file luoshi writes for the user (a backup, a restored ledger, an export) is written to
a temporary file in the target's own folder, flushed and fsynced, then moved into place
with `os.replace` (atomic on one file system) and the folder fsynced so the move itself
survives a power cut. On any failure the temporary file is removed and the failure becomes
one `Refused` line; a full disk says so. Nothing here knows what the files contain.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _

SIDE_FILES = ("-journal", "-wal", "-shm")


def writable_target(path: str | os.PathLike[str], what: str, example: str) -> Path:
    """The file to write, refused when it is a folder or its folder does not exist."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise BadInput(_("{path} is a folder; {what} needs a file name").format(path=target, what=what),
                       _("for example {path}").format(path=target / example))
    if not target.parent.is_dir():
        raise BadInput(_("the folder {path} does not exist").format(path=target.parent),
                       _("create it first, or choose another place"))
    return target.absolute()


def temp_beside(target: Path) -> Path:
    """A new, empty temporary file in the target's folder (so replacing it is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; give what a new file would get
    except (AttributeError, OSError):
        pass
    finally:
        os.close(fd)
    return Path(name)


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, else those the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def remove_quietly(path: Path, with_side_files: bool = True) -> None:
    """Remove a file (and SQLite's -journal/-wal/-shm beside it) if it is there."""
    suffixes = ("",) + (SIDE_FILES if with_side_files else ())
    for suffix in suffixes:
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError:
            pass  # best effort: a leftover temp file is named .NAME.…tmp and harmless


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename is still atomic
    finally:
        os.close(fd)


def move_into_place(temp: Path, target: Path) -> None:
    """fsync the finished temporary file, rename it over the target, fsync the folder."""
    fsync_file(temp)
    os.replace(temp, target)
    fsync_dir(target.parent)


def failure(exc: BaseException, target: Path, nothing: str | None = None) -> Refused:
    """One clear line for a failed write; a full disk is named as such. `nothing` says, in
    the user's language, what was left untouched (default: nothing was written)."""
    nothing = nothing or _("nothing was written")
    text = getattr(exc, "strerror", None) or str(exc)
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or (
        "disk is full" in str(exc).lower())
    if full:
        return Refused(_("the disk holding {path} is full; {nothing}").format(
            path=target.parent, nothing=nothing), _("free some space, or write somewhere else"))
    return Refused(_("cannot write {path}: {problem}; {nothing}").format(
        path=target, problem=text, nothing=nothing))


@contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """A binary file to write; on a clean exit it replaces `target` whole, else vanishes."""
    try:
        temp = temp_beside(target)
    except OSError as exc:
        raise failure(exc, target) from None
    try:
        with open(temp, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        remove_quietly(temp, with_side_files=False)
        raise failure(exc, target) from None
    except BaseException:
        remove_quietly(temp, with_side_files=False)
        raise
