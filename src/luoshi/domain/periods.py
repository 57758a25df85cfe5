"""Report periods in local time: a week runs Monday 00:00 to the next Monday 00:00.

Pure: the moment that picks the period is a parameter, and its tzinfo is the local zone.
A period knows its kind, so the one after it is the next calendar week, month, quarter or
year (December's next month is January, with all its 31 days), and `as_of` is the moment a
report of it is read at: its end for a period that has ended, so the same period prints the
same whichever later day it is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

KINDS = ("week", "month", "quarter", "year", "last-week", "last-month")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DAYS = 3653  # a custom period of more than ten years is refused


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive
    kind: str = "custom"  # week, month, quarter, year or custom

    def next(self) -> "Period":
        """The period of the same kind that follows (used for "due next")."""
        if self.kind == "custom":
            return Period(self.end, self.end + (self.end - self.start))
        return period_of(self.kind, self.end)

    def previous(self) -> "Period":
        if self.kind == "custom":
            return Period(self.start - (self.end - self.start), self.start)
        return period_of(self.kind, self.start - timedelta(seconds=1))

    def as_of(self, now: datetime) -> datetime:
        """The moment a report of this period reads the ledger at: now, or the period's
        last second once it has ended."""
        return min(now, self.end - timedelta(seconds=1))


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_start(year: int, month: int, tz) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=tz)


def period_of(kind: str, now: datetime, review_day: str | None = None) -> Period:
    """The week, month, quarter or year that contains `now`; `last-week` and `last-month`
    the one before it. With `review_day` (mon…sun), `week` on that weekday is the week just
    ended (the week a review meeting on that day looks back on)."""
    tz = now.tzinfo
    if kind == "week" and review_day is not None and now.weekday() == WEEKDAYS.index(review_day):
        kind = "last-week"
    if kind in ("last-week", "last-month"):
        base = kind.removeprefix("last-")
        return period_of(base, period_of(base, now).start - timedelta(seconds=1))
    if kind == "week":
        start = _midnight(now) - timedelta(days=now.weekday())
        return Period(start, (start + timedelta(days=7)), "week")
    if kind == "month":
        return Period(_month_start(now.year, now.month, tz), _month_start(now.year, now.month + 1, tz),
                      "month")
    if kind == "quarter":
        first = (now.month - 1) // 3 * 3 + 1
        return Period(_month_start(now.year, first, tz), _month_start(now.year, first + 3, tz), "quarter")
    if kind == "year":
        return Period(datetime(now.year, 1, 1, tzinfo=tz), datetime(now.year + 1, 1, 1, tzinfo=tz), "year")
    raise ValueError(f"unknown period {kind!r}")


def week_number(period: Period) -> int:
    """The ISO week number of a week's Monday (第47周)."""
    return period.start.isocalendar()[1]
