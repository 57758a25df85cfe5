"""Working days: weekends off, plus local days off and days worked (a stand-in until the
public-holiday calendar lands; same interface).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Calendar:
    extra_holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    def is_workday(self, day: date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        return day.weekday() < 5

    def elapsed_workdays(self, start: datetime, end: datetime) -> float:
        """Working time between two moments, in days (in start's zone)."""
        if end <= start:
            return 0.0
        end = end.astimezone(start.tzinfo)
        total, day = 0.0, start.date()
        while day <= end.date():
            if self.is_workday(day):
                lo = max(start, datetime.combine(day, time(), start.tzinfo))
                hi = min(end, datetime.combine(day + timedelta(days=1), time(), start.tzinfo))
                if hi > lo:
                    total += (hi - lo).total_seconds() / 86400
            day += timedelta(days=1)
        return total
