"""Reading the dates people type: deadlines (`parse_when`) and cadences (`parse_duration`).

Why this exists: a deadline is typed the way it is said in a meeting — 下周五, 明天下午3点,
月底, 3天后, "tomorrow 5pm", "next friday". No library reads the Chinese forms, and the
general English parser (dateparser) is slow and guesses too freely, so the common forms of
both languages are read by a small hand-written grammar (Chinese in `dates_zh`). dateparser
is imported only inside `_fallback`, for rare English text nothing else understood.

What it guarantees:
- Pure: no I/O and no clock. `now` (timezone-aware) is always passed in; results are aware,
  in now's tzinfo, with seconds and microseconds 0.
- A date without a time means 18:00, the end of the working day. A day that names today
  after that hour (今天, today, 2026-11-23 …) means 23:59 today.
- Relative text never lands in the past: weekdays, month/day without a year, 月底 and bare
  times move to their next occurrence. An explicit time with an explicit today may be past
  (it is what the user wrote); absolute dates (2026-12-01) may be past too.
- Weeks start on Monday. 下周五 / "next friday" is the Friday of next week; 本周五 /
  "this friday" is this week's and is refused once it has passed. "end of week" is Friday
  18:00 (the end of the working week), the following Friday once that has passed.
- Every failure is a `DateError` (a ValueError) whose message is one sentence, in the chosen
  language (`luoshi.i18n`), that names forms that work; nothing else escapes for any input.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date, datetime, time, timedelta, timezone

from luoshi.i18n import N_, _

EOD = 18 * 60  # the end of the working day, in minutes after midnight
LAST = 23 * 60 + 59
HINT = N_("try e.g. 2026-12-01, 下周五, 明天下午3点, tomorrow 5pm, in 3 days")  # shown as _(HINT)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
              N_("Saturday"), N_("Sunday"))  # DAY_NAMES as shown in messages


class DateError(ValueError):
    """A date or duration the user must retype; `str(e)` says why, `.text` holds the input."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


def parse_when(text: str, now: datetime) -> datetime:
    """The moment `text` names, understood relative to `now` (see the module docstring)."""
    if now.tzinfo is None:
        raise TypeError("now must be a timezone-aware datetime")
    if not isinstance(text, str) or not text.strip():
        raise DateError(_("the date is empty; {hint}").format(hint=_(HINT)), text if isinstance(text, str) else "")
    try:
        found = _parse(normalise(text), now)
    except DateError as exc:
        exc.text = text
        raise
    except (ValueError, OverflowError, ArithmeticError, IndexError):
        found = None
    if found is None:
        raise DateError(_("cannot read the date {text!r}; {hint}").format(text=text, hint=_(HINT)), text)
    return found


def normalise(text: str) -> str:
    """NFKC (full-width digits and colons), lower case, one space, ISO 'T' as a space."""
    s = unicodedata.normalize("NFKC", text).lower().strip().rstrip("。.!！")
    s = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", s)
    return re.sub(r"\s+", " ", s)


def _parse(s: str, now: datetime) -> datetime | None:
    found = _instant(s, now) or _hand(s, now)
    if found is None and re.search("[a-z]", s):
        found = _fallback(s, now)
    if found is None:
        return None
    found = found.replace(tzinfo=now.tzinfo) if found.tzinfo is None else found.astimezone(now.tzinfo)
    return found.replace(second=0, microsecond=0)


_INSTANT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)? ?(?:z|[+-]\d\d:?\d\d)")


def _instant(s: str, now: datetime) -> datetime | None:
    """2026-12-01T18:00:00+08:00: an exact moment with its own offset."""
    if not _INSTANT.fullmatch(s):
        return None
    return datetime.fromisoformat(s.replace(" ", "T", 1).replace(" ", "").upper())


def _hand(s: str, now: datetime) -> datetime | None:
    """The hand-written grammar: an optional time of day, and a day in either language."""
    from luoshi.domain import dates_zh

    minutes, rest = _split_en_time(s)
    if minutes is None:
        minutes, rest = dates_zh.split_time(s)
    rest = re.sub(r"^(?:at|on|by|due)\b|\b(?:at|on)$", "", rest.strip(" ,")).strip(" ,")
    if not rest or rest in ("前", "之前", "以前"):
        return None if minutes is None else next_time(minutes, now)
    for grammar in (_iso_day, dates_zh.day, _en_day):
        found = grammar(rest, minutes, now)
        if found is not None:
            return found
    return None


# --- calendar helpers shared by both grammars (naive local wall-clock unless noted) ---


def local(now: datetime) -> datetime:
    """now's wall-clock time, naive."""
    return now.replace(tzinfo=None)


def clock(hour: int, minute: int = 0) -> int:
    """A 24-hour time as minutes after midnight."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateError(_("{time} is not a time of day; write e.g. 17:30 or 下午5点半").format(
            time=f"{hour}:{minute:02d}"))
    return hour * 60 + minute


def real_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise DateError(_("{date} is not a real date; {hint}").format(
            date=f"{year}-{month:02d}-{day:02d}", hint=_(HINT))) from None


def at(day: date, minutes: int | None) -> datetime:
    """`day` at `minutes` after midnight (1440 is midnight at its end); 18:00 when None."""
    return datetime.combine(day, time()) + timedelta(minutes=EOD if minutes is None else minutes)


def on(day: date, minutes: int | None, now: datetime, default: int = EOD) -> datetime:
    """A named day: without a time it is `default`, or 23:59 when that is already past today."""
    if minutes is None:
        wall = local(now)
        late = day == wall.date() and wall.hour * 60 + wall.minute >= default
        minutes = LAST if late else default
    return at(day, minutes)


def next_time(minutes: int, now: datetime) -> datetime:
    """A bare time of day: today if still ahead, else tomorrow."""
    wall = local(now)
    first = at(wall.date(), minutes)
    return first if first > wall else at(wall.date() + timedelta(days=1), minutes)


def coming(weekday: int, minutes: int | None, now: datetime) -> datetime:
    """The coming `weekday` (0 = Monday); today only while its time is still ahead."""
    wall = local(now)
    for ahead in range(8):
        day = wall.date() + timedelta(days=ahead)
        if day.weekday() == weekday and at(day, minutes) > wall:
            return at(day, minutes)
    raise AssertionError("unreachable: a week always holds the weekday")


def week_day(weeks: int, weekday: int, minutes: int | None, now: datetime, instead: str) -> datetime:
    """`weekday` of the Monday-based week `weeks` after this one; this week's must not be past."""
    today = local(now).date()
    day = today + timedelta(days=weekday - today.weekday(), weeks=weeks)
    if day < today:
        raise DateError(_("{day} of this week has already passed; did you mean {instead}?").format(
            day=_(_DAY_WORDS[weekday]), instead=instead))
    return on(day, minutes, now)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def later(n: int, unit: str, minutes: int | None, now: datetime) -> datetime | None:
    """N minutes/hours (exact) or days/weeks/months (a day, 18:00 unless a time is given)."""
    if n < 1:
        raise DateError(_("write a count of at least 1, e.g. 3天后 or in 3 {unit}").format(unit=unit))
    try:
        if unit in ("minutes", "hours"):
            if minutes is not None:
                return None
            exact = now.astimezone(timezone.utc) + timedelta(**{unit: n})
            return exact.astimezone(now.tzinfo)
        today = local(now).date()
        day = add_months(today, n) if unit == "months" else today + timedelta(**{unit: n})
        return at(day, minutes)
    except OverflowError:
        raise DateError(_("{n} {unit} from now is too far away; {hint}").format(
            n=n, unit=unit, hint=_(HINT))) from None


def month_end(months: int, minutes: int | None, now: datetime, roll: bool) -> datetime:
    """The last day of the month `months` ahead; with `roll`, the next one once it is past."""
    wall = local(now)
    month = add_months(wall.date().replace(day=1), months)
    found = at(month.replace(day=monthrange(month.year, month.month)[1]), minutes)
    return month_end(months + 1, minutes, now, False) if roll and found <= wall else found


def year_end(years: int, minutes: int | None, now: datetime, roll: bool) -> datetime:
    wall = local(now)
    found = at(date(wall.year + years, 12, 31), minutes)
    return year_end(years + 1, minutes, now, False) if roll and found <= wall else found


def month_day(month: int, day: int, minutes: int | None, now: datetime) -> datetime:
    """M月D日 / Dec 1 without a year: this year's, or the next year's once the day is past."""
    if not (1 <= month <= 12 and 1 <= day <= monthrange(2024, month)[1]):  # 2024: leap year
        raise DateError(_("month {month} has no day {day}; write e.g. 12月1日 or Dec 1").format(
            month=month, day=day))
    today = local(now).date()
    for year in range(today.year, today.year + 9):
        if day <= monthrange(year, month)[1] and date(year, month, day) >= today:
            return on(date(year, month, day), minutes, now)
    raise DateError(_("{month}/{day} never comes round again; {hint}").format(
        month=month, day=day, hint=_(HINT)))


# --- ISO and English grammar ---

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _iso_day(s: str, minutes: int | None, now: datetime) -> datetime | None:
    m = _ISO_DAY.fullmatch(s)
    return on(real_date(*map(int, m.groups())), minutes, now) if m else None


_AMPM = re.compile(r"(?:\bat )?(?<![\d:])(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\b\.?")
_NAMED_TIME = re.compile(r"(?:\bat )?\b(noon|midday|midnight)\b")


def _split_en_time(s: str) -> tuple[int | None, str]:
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


_WEEKDAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
             "fri": 4, "sat": 5, "sun": 6}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(DAY_NAMES)})
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "january": 1, "february": 2,
           "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9,
           "october": 10, "november": 11, "december": 12}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))
_N = rf"\d+|{_WORDS}"
_UNIT = r"(minute|min|hour|hr|day|week|month)s?"
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_EN = [
    ("weekday", re.compile(rf"(?:(this|next|coming) (?:week )?)?({_WD})(?: (this|next) week)?")),
    ("in", re.compile(rf"in ({_N}) {_UNIT}")),
    ("in", re.compile(rf"({_N}) {_UNIT} (?:from now|later)")),
    ("end", re.compile(r"(?:the )?end of (?:the )?(this |next )?(week|month|year)")),
    ("mdy", re.compile(rf"({_MON})\.? {_ORD}(?:,? (\d{{4}}))?")),
    ("dmy", re.compile(rf"{_ORD} (?:of )?({_MON})\.?(?:,? (\d{{4}}))?")),
]
_SIMPLE = {"today": 0, "tonight": 0, "tomorrow": 1, "day after tomorrow": 2}
_ALIASES = {"tmr": "tomorrow", "tmrw": "tomorrow", "the day after tomorrow": "day after tomorrow",
            "eow": "end of week", "eom": "end of month", "eoy": "end of year"}
_UNITS = {"minute": "minutes", "min": "minutes", "hour": "hours", "hr": "hours",
          "day": "days", "week": "weeks", "month": "months"}


def _en_day(s: str, minutes: int | None, now: datetime) -> datetime | None:
    s = _ALIASES.get(s, s)
    if s in _SIMPLE:
        day = local(now).date() + timedelta(days=_SIMPLE[s])
        return on(day, minutes, now, default=20 * 60 if s == "tonight" else EOD)
    if re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", s):
        raise DateError(_("a date like 12/1 is ambiguous (month or day first?); write it as 2026-12-01"))
    for kind, pattern in _EN:
        m = pattern.fullmatch(s)
        if m:
            return _EN_FORMS[kind](m.groups(), minutes, now)
    return None


def _weekday(g: tuple, minutes: int | None, now: datetime) -> datetime:
    which, name, week = g[0], g[1], g[2]
    which = which if which in ("this", "next") else week
    if which is None or which == "coming":
        return coming(_WEEKDAYS[name], minutes, now)
    return week_day(int(which == "next"), _WEEKDAYS[name], minutes, now, f"next {name}")


def _end(unit: str, ahead: int, minutes: int | None, now: datetime) -> datetime:
    """End of week = Friday 18:00 (the working week), of month = its last day, of year = Dec 31."""
    if unit == "week":
        return week_day(1, 4, minutes, now, "next friday") if ahead else coming(4, minutes, now)
    ends = month_end if unit == "month" else year_end
    return ends(ahead, minutes, now, roll=not ahead)


def _month_day(month: str, day: str, year: str | None, minutes, now) -> datetime:
    if year:
        return on(real_date(int(year), _MONTHS[month], int(day)), minutes, now)
    return month_day(_MONTHS[month], int(day), minutes, now)


_EN_FORMS = {
    "weekday": _weekday,
    "in": lambda g, mi, now: later(_count(g[0]), _UNITS[g[1]], mi, now),
    "end": lambda g, mi, now: _end(g[1], int(g[0] == "next "), mi, now),
    "mdy": lambda g, mi, now: _month_day(g[0], g[1], g[2], mi, now),
    "dmy": lambda g, mi, now: _month_day(g[1], g[0], g[2], mi, now),
}

# --- dateparser, for the rare English text the grammar above does not know ---

_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|today"
    r"|tomorrow|yesterday|tonight|morning|afternoon|evening|night|noon|week|month|year|day"
    r"|hour|minute|fortnight|ago|next|last|this|coming|end)"
)
_TIMEISH = re.compile(r"\d:\d|\d ?[ap]\.?m\b|noon|midnight|o'?clock|hour|minute|\bmin|\bsec")


def _fallback(s: str, now: datetime) -> datetime | None:
    """dateparser, held to the same rules: 18:00 when no time was written, no past relatives."""
    if not _DATE_WORDS.search(s):
        return None  # dateparser reads almost anything ("a" is a date to it); ask for a date word
    import dateparser

    wall = local(now)
    settings = {"RELATIVE_BASE": wall, "PREFER_DATES_FROM": "future",
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        found = dateparser.parse(s, languages=["en"], settings=settings)
    except Exception:  # a third-party parser on arbitrary text: any failure means "not a date"
        return None
    if found is None:
        return None
    if found.tzinfo is not None:
        found = local(found.astimezone(now.tzinfo))
    found = found.replace(second=0, microsecond=0)
    named = [d for name, d in _WEEKDAYS.items() if re.search(rf"\b{name}\b", s)]
    if named and found.weekday() not in named:
        return None  # "fri 3" must not become a Tuesday in March
    copied = found.time() in (time(), wall.time().replace(second=0, microsecond=0))
    if copied and not _TIMEISH.search(s):
        found = at(found.date(), None)
    if found < wall and not re.search(r"\b\d{4}\b", s):
        raise DateError(_("{text!r} is in the past; a deadline must be ahead, e.g. tomorrow 5pm").format(text=s))
    return found


# --- durations ---

_DUR_UNITS = {"minute": 1, "min": 1, "m": 1, "分钟": 1, "hour": 60, "hr": 60, "h": 60,
              "小时": 60, "钟头": 60, "day": 1440, "d": 1440, "天": 1440, "日": 1440,
              "week": 10080, "wk": 10080, "w": 10080, "周": 10080, "星期": 10080, "礼拜": 10080}
_DUR_WORDS = {"daily": 1440, "每天": 1440, "每日": 1440, "weekly": 10080, "每周": 10080,
              "每星期": 10080, "hourly": 60, "每小时": 60}
_DUR_PART = re.compile(
    rf"(\d+ ?|[零〇一二两三四五六七八九十百千]+|\b(?:{_WORDS}) )个?"
    rf"({'|'.join(sorted(_DUR_UNITS, key=len, reverse=True))})(?:s\b)?"
)
_DUR_HINT = N_("write e.g. 3d, 2 weeks, 12h, 30min, 3天, 1个星期 or 每周")  # shown as _(_DUR_HINT)


def parse_duration(text: str) -> timedelta:
    """A positive span of at most 366 days: 3d, 2 weeks, 12h, 30min, 3天, 每周, daily, 1w 2d."""
    if not isinstance(text, str) or not text.strip():
        raise DateError(_("the duration is empty; {hint}").format(hint=_(_DUR_HINT)),
                        text if isinstance(text, str) else "")
    s = normalise(text)
    if s in _DUR_WORDS:
        return timedelta(minutes=_DUR_WORDS[s])
    s = re.sub(r"^(?:every |每)", "", s)
    parts = list(_DUR_PART.finditer(s))
    unreadable = _("cannot read the duration {text!r}; {hint}")
    if not parts or re.sub(r"[ ,]|\band\b", "", _DUR_PART.sub("", s)):
        raise DateError(unreadable.format(text=text, hint=_(_DUR_HINT)), text)
    try:
        minutes = sum(_count(p.group(1).strip()) * _DUR_UNITS[p.group(2)] for p in parts)
    except ValueError:
        raise DateError(unreadable.format(text=text, hint=_(_DUR_HINT)), text) from None
    if not 0 < minutes <= 366 * 24 * 60:
        raise DateError(_("the duration {text!r} must be more than 0 and at most 366 days").format(text=text),
                        text)
    return timedelta(minutes=minutes)


def _count(word: str) -> int:
    """3, 三, 十二, three, a."""
    from luoshi.domain.dates_zh import number

    return _NUMBERS[word] if word in _NUMBERS else number(word)
