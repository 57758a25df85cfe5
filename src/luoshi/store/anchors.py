"""Anchors: ledger heads written down outside the database, in a JSON Lines file.

One line per anchor: {"ledger": the ledger's own id, "where": its path or URL (masked),
"seq", "hash", "at", "by", "prev"}. The ledger's id lives in the ledger itself (meta
`ledger_id`), so an anchor follows the ledger wherever it is moved or copied. `by` is
verify, backup, restore or a file given with `verify --anchor`.

The file is a chain: each line's `prev` is the SHA-256 of the line before it (as bytes), so
a line cannot be changed, removed or slipped in between without the chain saying where; a
line appended at the end must agree with the earlier lines of the same ledger (two anchors
of one ledger naming different hashes for the same event is a problem). The file is only
ever appended to, one whole line at a time, flushed and fsynced, created 0600. A crash
leaves at most one unreadable last line, which reading skips and counts.

What this cannot do: someone who may write both the ledger and this file can rewrite both.
`verify --anchor-to FILE` writes the head somewhere else (another disk, an e-mail, a git
repository) for exactly that case.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luoshi.domain.verify import Anchor
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _

START = "0" * 64  # the `prev` of a file's first line


@dataclass(frozen=True)
class Reading:
    """What an anchors file says about one ledger."""

    anchors: list[Anchor]
    unreadable: int = 0  # lines that are not JSON (a torn last line)
    broken: str | None = None  # where the file's own chain breaks, when it does
    where: list[str] | None = None  # other ledger ids seen at this ledger's path


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw.rstrip(b"\n")).hexdigest()


def read_anchors(path: Path, ledger: str, where: str | None = None) -> Reading:
    """The anchors of the ledger whose id is `ledger`, checking the file's chain on the way."""
    if path.is_dir():
        raise BadInput(_("the anchors file {path} is a folder").format(path=path),
                       _("name a file with --anchor"))
    anchors: list[Anchor] = []
    others: list[str] = []
    unreadable, broken, prev = 0, None, START
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    entry = json.loads(raw.decode("utf-8"))
                    if not isinstance(entry, dict):
                        raise ValueError
                except ValueError:  # also UnicodeDecodeError
                    unreadable += 1
                    continue
                if broken is None and entry.get("prev", prev) != prev:
                    broken = _("line {n} of {path} does not follow the line before it (the file "
                               "was edited)").format(n=number, path=path)
                prev = _digest(raw)
                found = _anchor(entry)
                if found is not None and entry.get("ledger") == ledger:
                    anchors.append(found)
                elif where and entry.get("where") == where and entry.get("ledger") not in others:
                    others.append(str(entry.get("ledger")))
    except FileNotFoundError:
        return Reading([])
    except OSError as exc:
        raise Refused(_("cannot read the anchors file {path}: {problem}").format(
            path=path, problem=exc.strerror)) from None
    return Reading(anchors, unreadable, broken or _contradiction(anchors), others)


def _anchor(entry: dict[str, Any]) -> Anchor | None:
    seq, digest = entry.get("seq"), entry.get("hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(digest, str):
        return None
    return Anchor(seq=seq, hash=digest, at=str(entry.get("at", "")), by=str(entry.get("by", "")))


def _contradiction(anchors: list[Anchor]) -> str | None:
    seen: dict[int, Anchor] = {}
    for anchor in anchors:
        earlier = seen.setdefault(anchor.seq, anchor)
        if earlier.hash != anchor.hash:
            return _("the anchors of event {seq} contradict each other ({a} and {b})").format(
                seq=anchor.seq, a=earlier.at, b=anchor.at)
    return None


def _last_digest(path: Path) -> str:
    """The digest of the file's last line (its chain's end), or START for an empty file."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 65536))
            lines = [line for line in fh.read().splitlines() if line.strip()]
    except FileNotFoundError:
        return START
    return _digest(lines[-1]) if lines else START


def append_anchor(path: Path, entry: dict[str, Any]) -> None:
    """Append one anchor line durably (flush and fsync before returning), chained to the
    line before it under an exclusive lock (two writers never both chain to one line); a new
    file is created 0600."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "ab") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        line = json.dumps(entry | {"prev": _last_digest(path)}, ensure_ascii=False,
                          separators=(",", ":")) + "\n"
        fh.write(line.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def anchor_line(entry: dict[str, Any]) -> str:
    """One anchor as a line to keep somewhere else (`verify --anchor-to`)."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
