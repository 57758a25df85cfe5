"""Writing a user's output file atomically: a temporary file beside it, synced, then renamed.

Either the whole new file is there or the old one is untouched; a directory or a path that
cannot be written is refused with one clear line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _


def write_atomically(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    if target.is_dir():
        raise BadInput(_("{path} is a directory").format(path=target),
                       _("give a file name, e.g. report.md"))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(_("the folder {folder} does not exist").format(folder=folder),
                       _("create it first, or choose another path"))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise Refused(_("cannot write in {folder}: {reason}").format(folder=folder, reason=exc.strerror)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        os.unlink(tmp)
        raise Refused(_("cannot write {path}: {reason}; nothing was written").format(
            path=target, reason=exc.strerror)) from None
    return target
