"""The ledger's one form of a stored time, and the conversions to and from it.

Every time luoshi stores is UTC text with second precision, `2026-11-23T01:30:00Z`: it sorts
as text, compares as text and reads the same in any time zone. The domain reads it back with
`parse_utc` (an aware datetime in UTC); what the user sees in their own zone is the
clock's and the renderers' business. Pure: no clock, no I/O.
"""

from __future__ import annotations

from datetime import datetime, timezone

UTC = timezone.utc
UTC_TEXT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_utc(text: str) -> datetime:
    """A stored time as an aware datetime in UTC; ValueError for anything else.
    (fromisoformat, ~10× quicker than strptime, once the shape is known to be exact.)"""
    if len(text) != 20 or text[10] != "T" or text[19] != "Z":
        raise ValueError(f"{text!r} is not a stored UTC time (YYYY-MM-DDTHH:MM:SSZ)")
    return datetime.fromisoformat(text)


def utc_text(moment: datetime) -> str:
    """An aware datetime as the stored form: UTC, second precision."""
    return moment.astimezone(UTC).strftime(UTC_TEXT_FORMAT)
