"""Writing a user's output file atomically: a temporary file beside it, synced, then renamed.

Either the whole new file is there or the old one is untouched; a directory or a path that
cannot be written is refused with one clear line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from luoshi.errors import BadInput, Refused


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    if target.is_dir():
        raise BadInput(f"{target} is a directory", "give a file name, e.g. report.md")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(f"the folder {folder} does not exist", "create it first, or choose another path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise Refused(f"cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        os.unlink(tmp)
        raise Refused(f"cannot write {target}: {exc.strerror}; nothing was written") from None
    return target
