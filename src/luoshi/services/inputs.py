"""Checks on what users type, before anything is opened or written.

Text is stored as given (escape sequences and markup included: the renderers make them
inert), except what a ledger must never hold: NUL characters (SQLite keeps them and then
hides everything after them), text that is not valid UTF-8, empty names, and text longer
than the documented limits.
"""

from __future__ import annotations

from luoshi.errors import BadInput

TITLE_LIMIT = 500
NOTE_LIMIT = 4000
NAME_LIMIT = 64


def _check_encoding(value: str, what: str) -> None:
    if "\x00" in value:
        raise BadInput(f"the {what} contains a NUL character", "remove it and try again")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"the {what} is not valid UTF-8 text",
                       "check your terminal's encoding (LANG=…UTF-8)") from None


def text(value: str | None, what: str, limit: int = NOTE_LIMIT, required: bool = False) -> str | None:
    """A title, note, reason or evidence: stripped; None when empty and optional."""
    if value is None or not value.strip():
        if required:
            raise BadInput(f"the {what} is empty", f"give a {what}")
        return None
    _check_encoding(value, what)
    value = value.strip()
    if len(value) > limit:
        raise BadInput(f"the {what} is {len(value)} characters long; the limit is {limit}",
                       "shorten it, or keep the details elsewhere and link to them")
    return value


def name(value: str, what: str = "name") -> str:
    """A person's name: non-empty, one line, no control characters, at most 64 characters."""
    _check_encoding(value, what)
    value = value.strip()
    if not value:
        raise BadInput(f"the {what} is empty", f"give the {what} of a person, like 张三")
    if any(ord(c) < 32 or ord(c) == 127 or 0x80 <= ord(c) < 0xA0 for c in value):
        raise BadInput(f"the {what} {value!r} contains control characters",
                       "names are plain text on one line")
    if len(value) > NAME_LIMIT:
        raise BadInput(f"the {what} is longer than {NAME_LIMIT} characters")
    return value


def label(value: str, what: str) -> str:
    """A project or tag: a name without spaces."""
    value = name(value.lstrip("#+"), what)
    if any(c.isspace() for c in value):
        raise BadInput(f"the {what} {value!r} contains spaces", f"write the {what} as one word")
    return value


def task_id(value: str | int) -> int:
    """A task id as typed: a positive whole number."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raw = str(value).strip().lstrip("#")
    if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**62:
        return int(raw)
    raise BadInput(f"{value!r} is not a task id", "task ids are whole numbers; see them with: luoshi list")


def when(value: str, now, what: str = "deadline"):
    """A date or time as typed, understood relative to `now`."""
    from luoshi.domain.dates import DateError, parse_when

    _check_encoding(value, what)
    try:
        return parse_when(value, now)
    except DateError as exc:
        raise BadInput(f"{what}: {exc}") from None


def duration(value: str, what: str = "cadence") -> int:
    from luoshi.domain.dates import DateError, parse_duration

    _check_encoding(value, what)
    try:
        return int(parse_duration(value).total_seconds())
    except DateError as exc:
        raise BadInput(f"{what}: {exc}") from None
