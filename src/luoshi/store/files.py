"""The one writer of whole files: a reader only ever sees the old file or the complete new one.

Every file luoshi writes — a report, a notice, an export, a backup, a restored ledger, the
config — goes through `write_file` (or `temp_beside` + `move_into_place` for the ledger
copies SQLite writes itself):
- into a temporary file in the target's own folder, flushed and fsynced, then moved into
  place with `os.replace` (atomic on one file system) and the folder fsynced;
- documents meant to be sent get `0666 & ~umask`; files that hold the whole ledger or a
  secret (`private`) are created 0600;
- the ledger itself and its -wal/-shm/-journal files are never replaced (`protect`);
- a character device or a FIFO (`/dev/stdout`, a pipe) is written into, never renamed over;
- a temporary file left by a killed writer (its process is gone) is removed by the next;
- any failure removes the temporary file and becomes one `Refused` line (a full disk says so).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _

SIDE_FILES = ("-journal", "-wal", "-shm")
Writer = Callable[[BinaryIO], object]


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


def refuse_protected(target: Path, protect: tuple[Path, ...]) -> None:
    """BadInput when `target` is one of the protected files (the ledger) or beside-files."""
    try:
        real = target.resolve()
    except OSError:
        return
    for kept in protect:
        base = Path(kept).expanduser().resolve()
        if real == base or any(real == Path(f"{base}{suffix}") for suffix in SIDE_FILES):
            raise BadInput(_("{path} is the ledger itself; it is never overwritten").format(path=target),
                           _("write to another file"))


def _stream(target: Path) -> bool:
    """True for a character device or a FIFO: written into, not replaced."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _mode(private: bool) -> int:
    if private:
        return 0o600
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _clean_stale(target: Path) -> None:
    """Remove temporary files beside `target` whose writer is gone (killed mid-write)."""
    prefix = f".{target.name}."
    try:
        names = [n for n in os.listdir(target.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            remove_quietly(target.parent / name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def temp_beside(target: Path, private: bool = True) -> Path:
    """A new, empty temporary file in the target's folder (so replacing it is atomic), named
    after the writing process so a later writer can tell a stale one."""
    _clean_stale(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                dir=target.parent)
    try:
        os.fchmod(fd, _mode(private))
    except OSError:
        pass
    finally:
        os.close(fd)
    return Path(name)


def remove_quietly(path: Path, with_side_files: bool = True) -> None:
    """Remove a file (and SQLite's -journal/-wal/-shm beside it) if it is there."""
    for suffix in ("",) + (SIDE_FILES if with_side_files else ()):
        try:
            os.unlink(f"{path}{suffix}")
        except OSError:
            pass  # best effort: a leftover is cleaned by the next writer


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


def write_file(path: str | os.PathLike[str], content: bytes | Writer, *, private: bool,
               protect: tuple[Path, ...] = (), what: str | None = None,
               example: str = "luoshi-output") -> Path:
    """Write `content` (bytes, or a function that writes to a binary file) to `path` as the
    module docstring says; the absolute path written."""
    target = writable_target(path, what or _("the output"), example)
    refuse_protected(target, protect)
    write = content if callable(content) else (lambda out: out.write(content))
    if _stream(target):
        try:
            with open(target, "wb") as out:
                write(out)
        except OSError as exc:
            raise failure(exc, target) from None
        return target
    try:
        temp = temp_beside(target, private)
    except OSError as exc:
        raise failure(exc, target) from None
    try:
        with open(temp, "wb") as out:
            write(out)
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
    return target
