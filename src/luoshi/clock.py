"""What "now" is and what the local time zone is.

`now()` honours LUOSHI_NOW (an ISO 8601 timestamp) so that demos, tests and the recording of
an earlier meeting all see the same clock. The domain never calls this: services pass `now`
down as a parameter.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from functools import cache

from luoshi.domain.times import parse_utc, utc_text
from luoshi.errors import BadInput

UTC = timezone.utc


@cache
def local_tz() -> tzinfo:
    """The local zone: TZ when it names a zone, else /etc/localtime, else the fixed offset."""
    from zoneinfo import ZoneInfo

    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, KeyError):
            pass
    try:
        with open("/etc/localtime", "rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


def now() -> datetime:
    """The current moment, aware, in the local zone (LUOSHI_NOW when set)."""
    fixed = os.environ.get("LUOSHI_NOW")
    if not fixed:
        return datetime.now(local_tz()).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(fixed.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=local_tz())
        moment = moment.astimezone(local_tz())
        if not 1900 <= moment.year <= 9000:  # far enough from datetime's ends for any period
            raise ValueError(fixed)
    except (ValueError, OverflowError):
        raise BadInput(
            f"LUOSHI_NOW={fixed!r} is not an ISO 8601 timestamp between the years 1900 and 9000",
            "set it like LUOSHI_NOW=2026-11-23T09:30:00+08:00, or unset it",
        ) from None
    return moment


def to_utc_text(moment: datetime) -> str:
    """The ledger's stored form of a time: UTC, second precision, sortable text."""
    return utc_text(moment)


def server_now(text: str) -> datetime:
    """A team ledger's clock (its UTC text) as now, in the local zone."""
    return parse_utc(text).astimezone(local_tz())
