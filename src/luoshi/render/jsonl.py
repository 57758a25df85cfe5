"""The luoshi export format, written: one event per line, exactly as stored.

Keys in this order: seq, task, kind, at, actor, payload (an object), key, prev_hash, hash;
UTF-8 with non-ASCII characters as they are, no spaces. `at` is the stored UTC text and the
payload is the stored canonical JSON, so the line carries everything the event's hash
covers and `luoshi import` can put the event back byte for byte.
"""

from __future__ import annotations

import json

from luoshi.errors import Refused

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def event_line(row: tuple) -> str:
    """One stored event row (seq, task_id, kind, at, actor, payload text, key, prev_hash,
    hash) as one line of the export, newline included."""
    seq, task_id, kind, at, actor, payload, key, prev_hash, digest = row
    try:
        content = json.loads(payload)
    except (TypeError, ValueError):
        from luoshi.i18n import _

        raise Refused(_("event {seq}: its stored payload is not JSON; nothing more was "
                        "exported").format(seq=seq),
                      _("see what else is wrong with: luoshi verify")) from None
    return _ENCODE({
        "seq": seq, "task": task_id, "kind": kind, "at": at, "actor": actor,
        "payload": content, "key": key, "prev_hash": prev_hash, "hash": digest,
    }) + "\n"
