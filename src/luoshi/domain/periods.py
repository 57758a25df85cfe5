"""Report periods in local time: a week runs Monday 00:00 to the next Monday 00:00.

Pure: the moment that picks the period is a parameter, and its tzinfo is the local zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive

    def next(self) -> "Period":
        """The period of the same kind that follows (used for "due next")."""
        return Period(self.end, self.end + (self.end - self.start))


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_start(year: int, month: int, tz) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=tz)


def period_of(kind: str, now: datetime) -> Period:
    """The week, month, quarter or year that contains `now`."""
    tz = now.tzinfo
    if kind == "week":
        start = _midnight(now) - timedelta(days=now.weekday())
        return Period(start, start + timedelta(days=7))
    if kind == "month":
        return Period(_month_start(now.year, now.month, tz), _month_start(now.year, now.month + 1, tz))
    if kind == "quarter":
        first = (now.month - 1) // 3 * 3 + 1
        return Period(_month_start(now.year, first, tz), _month_start(now.year, first + 3, tz))
    if kind == "year":
        return Period(datetime(now.year, 1, 1, tzinfo=tz), datetime(now.year + 1, 1, 1, tzinfo=tz))
    raise ValueError(f"unknown period {kind!r}")
