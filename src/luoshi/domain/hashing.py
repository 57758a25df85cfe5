"""The canonical encoding of an event and its hash: what makes the ledger tamper-evident.

hash = SHA-256( b"luoshi-event\\x00v1\\x00" + canonical JSON ), where the canonical JSON is
the array [prev_hash, seq, task_id, kind, at, actor, payload] encoded as UTF-8 with sorted
keys, no insignificant whitespace and non-ASCII characters kept as they are. The prefix
carries a version tag so that a future encoding can coexist with this one. The first event
links to GENESIS (64 zeros).
"""

from __future__ import annotations

import json
from typing import Any

try:  # the interpreter's own SHA-256: the same digest, without loading OpenSSL (hashlib's)
    from _sha256 import sha256  # Python 3.11
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256  # Python 3.12 on
    except ImportError:
        from hashlib import sha256

GENESIS = "0" * 64
PREFIX_V1 = b"luoshi-event\x00v1\x00"


def canonical_payload(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(
    prev_hash: str, seq: int, task_id: int, kind: str, at: str, actor: str, payload_json: str
) -> str:
    """The hash of one event; `payload_json` is the canonical payload text as stored."""
    head = json.dumps(
        [prev_hash, seq, task_id, kind, at, actor], ensure_ascii=False, separators=(",", ":")
    )
    body = head[:-1] + "," + payload_json + "]"  # the payload as stored, already canonical
    return sha256(PREFIX_V1 + body.encode("utf-8")).hexdigest()
