"""Working days as an office in China counts them (工作日): weekends and public holidays off,
the swapped working days (调休, a Saturday or Sunday that is worked) on.

Why this exists: time limits are written in working days (3个工作日内, 限时办结), and a task
should not turn "stalled" or "late" over the National Day week. The State Council publishes
each year's arrangement in November; the `chinesecalendar` package ships it, year by year.

What it guarantees:
- Pure: no clock and no I/O. The holiday package is imported the first time a `Calendar` is
  asked about a day, never when this module is imported.
- `Calendar(extra_holidays=…, extra_workdays=…)` adds an office's own days (config
  `[calendar]`); an extra working day wins over a holiday, an extra holiday over a weekday.
- A year the package does not know (or every year, when the package is not installed) counts
  weekends only, and `covers(year)` says so, so that callers can warn.
- `Calendar.calendar_days()` counts every day as a working day (config
  `calendar.count = "calendar"`).
- `elapsed_workdays` and `add_workdays` agree: a working day is a whole local calendar day, and
  the time elapsed on it is the fraction of its 24 hours of wall-clock time that passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Iterable

from luoshi.i18n import N_, _

# The holiday names the package uses, as shown in messages (msgids marked for translation).
HOLIDAY_NAMES = {
    "New Year's Day": N_("New Year's Day"),
    "Spring Festival": N_("Spring Festival"),
    "Tomb-sweeping Day": N_("Tomb-sweeping Day"),
    "Labour Day": N_("Labour Day"),
    "Dragon Boat Festival": N_("Dragon Boat Festival"),
    "National Day": N_("National Day"),
    "Mid-autumn Festival": N_("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": N_("Anti-Fascist 70th Day"),
}
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class _Year:
    """One year of the package: days whose status differs from "Monday to Friday", and names."""

    covered: bool
    differs: dict[date, bool]  # day → is a working day, only where that is not `weekday() < 5`
    names: dict[date, str]  # holiday days off → the package's (English) holiday name


@lru_cache(maxsize=None)
def _package_year(year: int) -> _Year:
    """The arrangement the package knows for `year`; uncovered → weekends only."""
    try:
        import chinese_calendar as cc
    except ImportError:
        return _Year(False, {}, {})
    first = date(year, 1, 1)
    try:
        cc.is_workday(first)
    except (NotImplementedError, ValueError):
        return _Year(False, {}, {})
    differs, names = {}, {}
    # Only the package's listed days (holidays and swapped working days) can differ from
    # Monday-to-Friday or carry a name: asking the package about those alone gives the same
    # year as asking about all 365 (each question scans its whole table: ~20 ms a year).
    for day in sorted(d for d in (*cc.holidays, *cc.workdays) if d.year == year):
        working = cc.is_workday(day)
        if working != (day.weekday() < 5):
            differs[day] = working
        off, name = cc.get_holiday_detail(day)
        if off and name:
            names[day] = name
    return _Year(True, differs, names)


@dataclass(frozen=True)
class Calendar:
    """Which days are worked. Hashable; remembers each year, each day and each span of days
    it has looked up (a report asks the same ones for thousands of tasks)."""

    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    every_day: bool = False  # count every day (calendar days), no holidays at all
    _years: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _days: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    _spans: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "extra_holidays", frozenset(self.extra_holidays))
        object.__setattr__(self, "extra_workdays", frozenset(self.extra_workdays))

    @classmethod
    def calendar_days(cls) -> "Calendar":
        """A calendar in which every day is a working day."""
        return cls(every_day=True)

    @classmethod
    def with_extras(cls, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> "Calendar":
        return cls(extra_holidays=frozenset(holidays), extra_workdays=frozenset(workdays))

    # --- one day ---

    def _differs(self, year: int) -> dict[date, bool]:
        """Days of `year` whose status is not the usual one (`_usual`), with the extras applied."""
        found = self._years.get(year)
        if found is None:
            found = {} if self.every_day else dict(_package_year(year).differs)
            for day in self.extra_holidays:
                if day.year == year:
                    found[day] = False
            for day in self.extra_workdays:
                if day.year == year:
                    found[day] = True
            found = {d: w for d, w in found.items() if w != self._usual(d)}
            self._years[year] = found
        return found

    def _usual(self, day: date) -> bool:
        """Whether `day` is worked before any holiday: every day, or Monday to Friday."""
        return self.every_day or day.weekday() < 5

    def is_workday(self, day: date) -> bool:
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = self._differs(day.year).get(day, self._usual(day))
        return found

    def holiday_name(self, day: date) -> str | None:
        """The public holiday that makes `day` a day off, in the chosen language; None when
        `day` is worked, an ordinary weekend day, or an office's own holiday."""
        if self.every_day or self.is_workday(day):
            return None
        name = _package_year(day.year).names.get(day)
        return None if name is None else _(HOLIDAY_NAMES.get(name, name))

    def covers(self, year: int) -> bool:
        """Whether the holidays of `year` are known (always, when counting calendar days)."""
        return self.every_day or _package_year(year).covered

    # --- counting ---

    def next_workday(self, day: date) -> date:
        """The first working day after `day`."""
        return self.add_workdays(day, 1)

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (before it when n < 0); `day` itself when n == 0."""
        step = _DAY if n >= 0 else -_DAY
        left = abs(n)
        while left:
            day += step
            if self.is_workday(day):
                left -= 1
        return day

    def count_workdays(self, first: date, end: date) -> int:
        """How many working days lie in [first, end) (0 when end <= first)."""
        if end <= first:
            return 0
        found = self._spans.get((first, end))
        if found is None:
            found = self._spans[(first, end)] = self._count(first, end)
        return found

    def _count(self, first: date, end: date) -> int:
        total = _weekdays_between(first, end) if not self.every_day else (end - first).days
        for year in range(first.year, end.year + 1):
            for day, working in self._differs(year).items():
                if first <= day < end:
                    total += 1 if working else -1
        return total

    def elapsed_workdays(self, start: datetime, end: datetime, tz: tzinfo | None = None) -> float:
        """Working time from `start` to `end`, in days: each calendar day (local to `tz`,
        by default end's zone) adds the fraction of it inside [start, end) if it is worked.
        0.0 when end is not after start. Fri 17:00 → Mon 17:00 is 1.0."""
        zone = tz or end.tzinfo
        a, b = _wall(start, zone), _wall(end, zone)
        if b <= a:
            return 0.0
        if a.date() == b.date():
            return (b - a) / _DAY if self.is_workday(a.date()) else 0.0
        head = (_midnight(a.date() + _DAY) - a) / _DAY if self.is_workday(a.date()) else 0.0
        tail = (b - _midnight(b.date())) / _DAY if self.is_workday(b.date()) else 0.0
        return head + self.count_workdays(a.date() + _DAY, b.date()) + tail


def _wall(moment: datetime, zone: tzinfo | None) -> datetime:
    """`moment` as naive wall-clock time in `zone` (naive input is taken as already local)."""
    if moment.tzinfo is None or zone is None:
        return moment.replace(tzinfo=None)
    return moment.astimezone(zone).replace(tzinfo=None)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _weekdays_between(first: date, end: date) -> int:
    """Mondays to Fridays in [first, end)."""
    days = (end - first).days
    weeks, rest = divmod(days, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)
