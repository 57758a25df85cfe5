"""Anchors: ledger heads written down outside the database, in a JSON Lines file.

One line per anchor: {"ledger": absolute path, "seq", "hash", "at", "by"} (`by` is verify,
backup or restore). The file lives beside the config file unless the user names another;
it is only ever appended to, one whole line at a time, flushed and fsynced, so a crash
leaves at most one unreadable last line — which reading skips and counts.

A restore deliberately puts an older history in place: its anchor supersedes the anchors
of the same ledger recorded before it (they describe the history that was replaced).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from luoshi.domain.verify import Anchor
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _


def _anchor(line: str, ledger: str) -> tuple[Anchor, bool] | None:
    """The anchor on this line and whether it is a restore, if it is about `ledger`."""
    entry = json.loads(line)
    if not isinstance(entry, dict) or entry.get("ledger") != ledger:
        return None
    seq, digest = entry.get("seq"), entry.get("hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(digest, str):
        raise ValueError("not an anchor")
    anchor = Anchor(seq=seq, hash=digest, at=str(entry.get("at", "")), by=str(entry.get("by", "")))
    return anchor, entry.get("by") == "restore"


def read_anchors(path: Path, ledger: str) -> tuple[list[Anchor], int]:
    """The anchors of `ledger` still in force, and how many lines could not be read."""
    if path.is_dir():
        raise BadInput(_("the anchors file {path} is a folder").format(path=path),
                       _("name a file with --anchor"))
    anchors: list[Anchor] = []
    skipped = 0
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                try:
                    found = _anchor(raw.decode("utf-8"), ledger)
                except ValueError:  # also JSONDecodeError and UnicodeDecodeError
                    skipped += 1
                    continue
                if found:
                    anchor, restore = found
                    if restore:
                        anchors.clear()
                    anchors.append(anchor)
    except FileNotFoundError:
        return [], 0
    except OSError as exc:
        raise Refused(_("cannot read the anchors file {path}: {problem}").format(
            path=path, problem=exc.strerror)) from None
    return anchors, skipped


def append_anchor(path: Path, entry: dict[str, Any]) -> None:
    """Append one anchor line durably (flush and fsync before returning)."""
    line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as fh:
        fh.write(line.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
