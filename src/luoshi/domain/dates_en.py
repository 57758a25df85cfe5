"""The English and numeric half of the date grammar: ISO dates, 12.15 and 12/15, and English words.

Same contract as `dates_zh` (pure; an `Ask` carries now, the direction and the calendar;
failures are `DateError`). dateparser is imported only inside `fallback`, for rare English
text that nothing here understood, and is held to the same rules.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from luoshi.domain.dates_core import (
    DAY_NAMES, EOD, Ask, DateError, Found, ago, at, clock, coming, direct, fixed, later, month_day,
    month_end, on, period_start, quarter_end, real_date, week_day, workdays_later, year_end,
)
from luoshi.domain.dates_zh import number
from luoshi.i18n import _

# --- ISO and numeric days ---

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})")  # 12.15: month.day, as Chinese offices write it
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")  # 12/15, 15/12, 12/15/2026


def numeric_day(s: str, minutes: int | None, q: Ask) -> datetime | Found | None:
    """2026-12-01, 2026/12/01, 12.15 (month.day); 12/15 and 15/12 when only one reading is a
    date (15 cannot be a month); 3/4 is refused as ambiguous."""
    m = _ISO_DAY.fullmatch(s)
    if m:
        return fixed(real_date(*map(int, m.groups())), minutes, q)
    m = _DOTTED.fullmatch(s)
    if m:
        return month_day(int(m.group(1)), int(m.group(2)), minutes, q)
    m = _SLASHED.fullmatch(s)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
        raise DateError(_("a date like {text} is ambiguous (month or day first?); write it as 2026-12-01")
                        .format(text=m.group(0)))
    month, mday = (b, a) if a > 12 else (a, b)
    if m.group(3):
        return fixed(real_date(int(m.group(3)), month, mday), minutes, q)
    return month_day(month, mday, minutes, q)


# --- times of day ---

_AMPM = re.compile(r"(?:\bat )?(?<![\d:])(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\b\.?")
_NAMED_TIME = re.compile(r"(?:\bat )?\b(noon|midday|midnight)\b")


def split_time(s: str) -> tuple[int | None, str]:
    """5pm, 5:30 pm, at 5pm, noon, midnight (the end of the day: 00:00 of the next)."""
    m = _AMPM.search(s)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= hour <= 12:
            raise DateError(_("{time} is not a time of day; write e.g. 5pm or 17:00").format(
                time=m.group(0).strip()))
        minutes = clock(hour % 12 + (12 if m.group(3) == "p" else 0), minute)
        return minutes, s[: m.start()] + " " + s[m.end():]
    m = _NAMED_TIME.search(s)
    if m:
        return (1440 if m.group(1) == "midnight" else 720), s[: m.start()] + " " + s[m.end():]
    return None, s


# --- English days ---

WEEKDAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
            "fri": 4, "sat": 5, "sun": 6}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(DAY_NAMES)})
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "january": 1, "february": 2,
           "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9,
           "october": 10, "november": 11, "december": 12}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
NUMBER_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True))
_N = rf"\d+|{NUMBER_WORDS}"
_UNIT = r"(minute|min|hour|hr|day|week|month|year|h|m|d|w)s?"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_PERIOD = r"(week|month|quarter|year)"
_EN = [
    ("weekday", re.compile(rf"(?:(this|next|coming|last) (?:week )?)?({WD})(?: (this|next|last) week)?")),
    ("in", re.compile(rf"(?:in|within) ({_N}) ?{_UNIT}")),
    ("in", re.compile(rf"({_N}) ?{_UNIT} (?:from now|later)")),
    ("ago", re.compile(rf"({_N}) ?{_UNIT} ago")),
    ("workdays", re.compile(rf"(?:(?:in|within) )?({_N}) (?:working|business|work) days?(?: from now)?")),
    ("end", re.compile(rf"(?:the )?end of (?:the )?(this |next |last )?{_PERIOD}")),
    ("start", re.compile(rf"(?:the )?(?:start|beginning) of (?:the )?(this |next |last )?{_PERIOD}")),
    ("mdy", re.compile(rf"({_MON})\.? {_ORD}(?:,? (\d{{4}}))?")),
    ("dmy", re.compile(rf"{_ORD} (?:of )?({_MON})\.?(?:,? (\d{{4}}))?")),
]
_SIMPLE = {"today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2, "yesterday": -1,
           "day before yesterday": -2}
_ALIASES = {"tmr": "tomorrow", "tmrw": "tomorrow", "the day after tomorrow": "day after tomorrow",
            "the day before yesterday": "day before yesterday",
            "eow": "end of week", "eom": "end of month", "eoq": "end of quarter", "eoy": "end of year"}
_UNITS = {"minute": "minutes", "min": "minutes", "m": "minutes", "hour": "hours", "hr": "hours",
          "h": "hours", "day": "days", "d": "days", "week": "weeks", "w": "weeks",
          "month": "months", "year": "years"}
_WHICH = {None: None, "this ": 0, "next ": 1, "last ": -1}


def day(s: str, minutes: int | None, q: Ask) -> datetime | Found | None:
    """An English day expression, or None."""
    s = _ALIASES.get(s, s)
    if s in _SIMPLE:
        direct(_SIMPLE[s], q)
        return on(q.today + timedelta(days=_SIMPLE[s]), minutes, q,
                  default=20 * 60 if s == "tonight" else EOD)
    for kind, pattern in _EN:
        m = pattern.fullmatch(s)
        if m:
            return _EN_FORMS[kind](m.groups(), minutes, q)
    return None


def _weekday(g: tuple, minutes: int | None, q: Ask) -> datetime:
    which, name, week = g[0], g[1], g[2]
    which = which if which in ("this", "next", "last") else week
    if which is None or which == "coming":
        return coming(WEEKDAYS[name], minutes, q)
    weeks = {"this": 0, "next": 1, "last": -1}[which]
    return week_day(weeks, WEEKDAYS[name], minutes, q, f"last {name}" if q.past else f"next {name}")


def _end(g: tuple, minutes: int | None, q: Ask) -> datetime:
    """End of week = Friday 18:00 (the working week), of month, quarter or year = its last day."""
    offset, unit = _WHICH[g[0]], g[1]
    direct(offset, q)
    if unit == "week":
        return coming(4, minutes, q) if offset is None else week_day(offset, 4, minutes, q, "next friday")
    ends = {"month": month_end, "quarter": quarter_end, "year": year_end}[unit]
    return ends(offset or 0, minutes, q, roll=offset is None)


def _start(g: tuple, minutes: int | None, q: Ask) -> datetime:
    """Start of week = Monday; of month, quarter or year = its first day (a bare one: the next
    as a deadline, this one as a bound)."""
    offset, unit = _WHICH[g[0]], g[1]
    direct(offset, q)
    if unit == "week":
        return coming(0, minutes, q) if offset is None else week_day(offset, 0, minutes, q, "next monday")
    return period_start(unit, offset, minutes, q)


def _month_day(month: str, mday: str, year: str | None, minutes: int | None, q: Ask) -> datetime | Found:
    if year:
        return fixed(real_date(int(year), _MONTHS[month], int(mday)), minutes, q)
    return month_day(_MONTHS[month], int(mday), minutes, q)


def count(word: str) -> int:
    """3, 三, 十二, three, a."""
    return NUMBERS[word] if word in NUMBERS else number(word)


_EN_FORMS = {
    "weekday": _weekday,
    "in": lambda g, mi, q: later(count(g[0]), _UNITS[g[1]], mi, q),
    "ago": lambda g, mi, q: ago(count(g[0]), _UNITS[g[1]], q),
    "workdays": lambda g, mi, q: workdays_later(count(g[0]), mi, q),
    "end": _end,
    "start": _start,
    "mdy": lambda g, mi, q: _month_day(g[0], g[1], g[2], mi, q),
    "dmy": lambda g, mi, q: _month_day(g[1], g[0], g[2], mi, q),
}

# --- dateparser, for the rare English text the grammar above does not know ---

_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today"
    r"|tomorrow|yesterday|tonight|morning|afternoon|evening|night|noon|week|month|year|day"
    r"|hour|minute|fortnight|ago|next|last|this|coming|end)"
)
_TIMEISH = re.compile(r"\d:\d|\d ?[ap]\.?m\b|noon|midnight|o'?clock|hour|minute|\bmin|\bsec")


def fallback(s: str, q: Ask) -> datetime | Found | None:
    """dateparser, held to the same rules: 18:00 when no time was written, no relative date on
    the wrong side of now."""
    if not _DATE_WORDS.search(s):
        return None  # dateparser reads almost anything ("a" is a date to it); ask for a date word
    import dateparser

    wall = q.wall
    settings = {"RELATIVE_BASE": wall, "PREFER_DATES_FROM": "past" if q.past else "future",
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        found = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # a third-party parser on arbitrary text: any failure means "not a date"
        return None
    if found is None:
        return None
    if found.tzinfo is not None:
        found = found.astimezone(q.now.tzinfo).replace(tzinfo=None)
    found = found.replace(second=0, microsecond=0)
    named = [d for name, d in WEEKDAYS.items() if re.search(rf"\b{name}\b", s)]
    if named and found.weekday() not in named:
        return None  # "fri 3" must not become a Tuesday in March
    copied = found.time() in (time(), wall.time().replace(second=0, microsecond=0))
    if copied and not _TIMEISH.search(s):
        found = at(found.date(), None)
    if re.search(r"\b\d{4}\b", s):
        return Found(found, absolute=True)
    if not q.past and found < wall:
        raise DateError(_("{text!r} is in the past; a deadline must be ahead, e.g. tomorrow 5pm").format(text=s))
    return found
