"""Plain-text pieces every renderer shares: making user text inert, and one-line summaries.

User text is stored as given, so it may hold escape sequences, bidi overrides or Rich
markup. `inert()` makes sure none of it acts on the terminal; the Rich renderers also pass
user text as `Text`, never as markup, so `[bold]` prints as typed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

_BIDI = {0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def inert(value: object) -> str:
    """The text with control characters shown as escapes (\\x1b), so it cannot act."""
    text = "" if value is None else str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code < 32 or 127 <= code < 160:
            out.append(f"\\x{code:02x}")
        elif code in _BIDI:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def print_json(data: Any) -> None:
    """One JSON document on stdout, UTF-8, nothing else."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def percent(progress: int) -> str:
    return f"{progress}%"
