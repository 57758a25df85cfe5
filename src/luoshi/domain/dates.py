"""Reading the dates people type: deadlines, period bounds, cadences, and what to warn about.

Why this exists: a deadline is typed the way it is said in a meeting — 下周五, 明天下午3点,
月底, 3个工作日内, "tomorrow 5pm", "next friday". No library reads the Chinese forms, and the
general English parser (dateparser) is slow and guesses too freely, so the common forms of
both languages are read by a small hand-written grammar (`dates_zh`, `dates_en`, on the
arithmetic of `dates_core`). dateparser is imported only for rare English text nothing else
understood; the holiday package only when a working day is counted.

What it guarantees:
- Pure: no I/O and no clock. `now` (timezone-aware) is always passed in; moments are aware,
  in now's tzinfo, with seconds and microseconds 0.
- A deadline (`parse_when`, `read_deadline`) reads forwards. A date without a time means
  18:00, the end of the working day; a day that names today after that hour (今天, today,
  eod, 今天下班前, 2026-11-23 …) means 23:59 today. Relative text never lands in the past:
  weekdays, month-days without a year, 月底, 9月底, 季度末 and bare times move to their next
  occurrence; a word that can only mean the past (昨天, 上周五, 3天前) is refused. An explicit
  time on an explicit today, and a date with its year, are taken as written.
- A period bound (`parse_bound`) reads the same words backwards and is a day: the latest
  occurrence not after today (11月16日 is this year's, never next year's); a word that can
  only mean the future (明天, 下周五, in 3 days) or a this-week day still ahead is refused.
  A date with its year is taken as written.
- Weeks start on Monday. 下周五 / "next friday" is the Friday of next week, 上周五 / "last
  friday" that of last week; 本周五 / "this friday" is this week's. "end of week" is Friday.
- N个工作日内 / "in N working days" is the N-th working day after today (`workdays.Calendar`).
- Every failure is a `DateError` (a ValueError) whose message is one sentence, in the chosen
  language (`luoshi.i18n`), that names forms that work; nothing else escapes for any input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from luoshi.domain import dates_en, dates_zh
from luoshi.domain.dates_core import (
    BOUND_HINT, HINT, Ask, DateError, Found, WrongWay, day_label, moment_label, next_time,
)
from luoshi.domain.workdays import Calendar
from luoshi.i18n import N_, _

__all__ = ["Cadence", "DateError", "Reading", "deadline_warnings", "extension_problem", "normalise",
           "parse_bound", "parse_cadence", "parse_past_moment", "parse_duration", "parse_when", "read_deadline"]

FAR_AHEAD = 183  # days: a month-day without a year read further ahead than this is warned about


@dataclass(frozen=True)
class Reading:
    """What a deadline text means, and what the user should be told about it."""

    moment: datetime  # aware, in now's tzinfo
    warnings: tuple[str, ...] = ()  # translated sentences, for stderr
    yearless: bool = False  # the text was a month and day without a year


def parse_when(text: str, now: datetime, calendar: Calendar | None = None) -> datetime:
    """The moment a deadline `text` names, read at `now` (see the module docstring)."""
    return _read(text, Ask(now, False, calendar)).moment


def read_deadline(text: str, now: datetime, calendar: Calendar | None = None) -> Reading:
    """`parse_when` with its warnings: a yearless date far ahead, then `deadline_warnings`."""
    calendar = calendar if calendar is not None else Calendar()
    found = _read(text, Ask(now, False, calendar))
    warnings = []
    if found.yearless and (found.moment.date() - now.date()).days > FAR_AHEAD:
        warnings.append(_("{text!r} is read as {day}, more than six months ahead; "
                          "write the year if you meant another date").format(
            text=text, day=day_label(found.moment.date(), now.date())))
    warnings += deadline_warnings(found.moment, now, calendar)
    return Reading(found.moment, tuple(warnings), found.yearless)


def parse_bound(text: str, now: datetime) -> date:
    """The day a period bound `text` names, read backwards at `now` (never after today unless
    written with its year): 上周一, last monday, 11月16日, 昨天, 3天前, 上月底, 2026-11-16."""
    return _read(text, Ask(now, True)).moment.date()


def parse_past_moment(text: str, now: datetime) -> datetime:
    """A moment read backwards at `now` (a meeting held earlier, `assign --at`): 上周一上午9点,
    yesterday 3pm, 2026-11-16 09:30; a day without a time means its 18:00."""
    return _read(text, Ask(now, True, with_time=True)).moment


def normalise(text: str) -> str:
    """NFKC (full-width digits and colons), lower case, one space, ISO 'T' as a space."""
    s = unicodedata.normalize("NFKC", text).lower().strip().rstrip("。.!！")
    s = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", s)
    return re.sub(r"\s+", " ", s)


def _read(text: str, q: Ask) -> Found:
    """The grammar's reading of `text`; every failure a DateError that carries the text."""
    if q.now.tzinfo is None:
        raise TypeError("now must be a timezone-aware datetime")
    hint = _(BOUND_HINT if q.past else HINT)
    if not isinstance(text, str) or not text.strip():
        raise DateError(_("the date is empty; {hint}").format(hint=hint), text if isinstance(text, str) else "")
    try:
        found = _parse(normalise(text), q)
    except WrongWay:
        raise _wrong_way(text, q) from None
    except DateError as exc:
        exc.text = text
        raise
    except (ValueError, OverflowError, ArithmeticError, IndexError):
        found = None
    if found is None:
        raise DateError(_("cannot read the date {text!r}; {hint}").format(text=text, hint=hint), text)
    if q.past and found.moment.date() > q.today and not found.absolute:
        raise _wrong_way(text, q)
    return found


def _wrong_way(text: str, q: Ask) -> DateError:
    if q.past:
        return DateError(_("{text!r} is after today; a period bound is a day up to today ({hint}) "
                           "or a date with its year").format(text=text, hint=_(BOUND_HINT)), text)
    return DateError(_("{text!r} is in the past; a deadline must be ahead ({hint})").format(
        text=text, hint=_(HINT)), text)


def _parse(s: str, q: Ask) -> Found | None:
    found = _instant(s, q) or _hand(s, q)
    if found is None and re.search("[a-z]", s):
        found = dates_en.fallback(s, q)
    if found is None:
        return None
    if not isinstance(found, Found):
        found = Found(found)
    moment = found.moment
    moment = moment.replace(tzinfo=q.now.tzinfo) if moment.tzinfo is None else moment.astimezone(q.now.tzinfo)
    return Found(moment.replace(second=0, microsecond=0), found.yearless, found.absolute)


_INSTANT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d(?:\.\d+)?)? ?(?:z|[+-]\d\d:?\d\d)")


def _instant(s: str, q: Ask) -> Found | None:
    """2026-12-01T18:00:00+08:00: an exact moment with its own offset."""
    if not _INSTANT.fullmatch(s):
        return None
    return Found(datetime.fromisoformat(s.replace(" ", "T", 1).replace(" ", "").upper()), absolute=True)


_END_OF_DAY = re.compile(r"下班(?:之|以)?前|\b(?:eod|cob|end of (?:the )?(?:working )?day|close of business)\b")


def _hand(s: str, q: Ask) -> datetime | Found | None:
    """The hand-written grammar: an optional time of day, and a day in either language."""
    s, ends = _END_OF_DAY.subn(" ", s)  # 周五下班前 = 周五, eod = today: the day's end is the default
    if ends and not s.strip(" ,"):
        s = "today"
    minutes, rest = dates_en.split_time(s)
    if minutes is None:
        minutes, rest = dates_zh.split_time(s)
    rest = re.sub(r"^(?:at|on|by|due|since|until|from)\b|\b(?:at|on)$", "", rest.strip(" ,")).strip(" ,")
    if not rest or rest in ("前", "之前", "以前"):
        if q.past:
            return None  # a bound is a day, not a time of day
        return None if minutes is None else next_time(minutes, q)
    for grammar in (dates_en.numeric_day, dates_zh.day, dates_en.day):
        found = grammar(rest, None if q.past and not q.with_time else minutes, q)
        if found is not None:
            return found
    return None


# --- what to tell the user about a deadline ---


def deadline_warnings(due: datetime, now: datetime, calendar: Calendar | None = None) -> list[str]:
    """Sentences for stderr about a deadline: already past, or less than one working day
    away; on a weekend day or a holiday (named when known); in a year the calendar does not
    know. Empty when there is nothing to say."""
    calendar = calendar if calendar is not None else Calendar()
    due = due.astimezone(now.tzinfo)
    day, label = due.date(), day_label(due.date(), now.date())
    warnings = []
    if due <= now:
        warnings.append(_("the deadline {when} is already past").format(when=moment_label(due, now)))
    elif calendar.elapsed_workdays(now, due) < 1:
        warnings.append(_("the deadline {when} is less than one working day away").format(
            when=moment_label(due, now)))
    if not calendar.is_workday(day):
        name = calendar.holiday_name(day)
        if name:
            warnings.append(_("{day} is a public holiday ({name})").format(day=label, name=name))
        elif day.weekday() >= 5:
            warnings.append(_("{day} is a weekend day").format(day=label))
        else:
            warnings.append(_("{day} is a holiday").format(day=label))
    if not calendar.covers(day.year):
        warnings.append(_("the holiday calendar does not know {year} yet: weekends only").format(year=day.year))
    return warnings


def extension_problem(text: str, reading: Reading, current_due: datetime, now: datetime) -> str | None:
    """Why a new deadline cannot extend a task, or None: a yearless date whose next occurrence
    is more than six months ahead while this year's has passed (both readings named), a
    deadline in the past, or one earlier than the current deadline."""
    new = reading.moment.astimezone(now.tzinfo)
    far = (new.date() - now.date()).days > FAR_AHEAD
    if reading.yearless and far and new.year > now.year:
        try:
            this_year = new.replace(year=now.year)
        except ValueError:  # 2月29日 in a year without one
            return _("{text!r} does not come this year, and its next occurrence ({next}) is more than six "
                     "months away; write the date with its year").format(text=text, next=moment_label(new, now))
        return _("{text!r} has passed this year ({this}) and next year's ({next}) is more than six months "
                 "away; write the date with its year").format(
            text=text, this=moment_label(this_year, now), next=moment_label(new, now))
    if new < now:
        return _("the new deadline {new} is in the past").format(new=moment_label(new, now))
    if new < current_due:
        return _("the new deadline {new} is earlier than the current one ({current}); an extension moves "
                 "a deadline later").format(new=moment_label(new, now), current=moment_label(current_due, now))
    return None


# --- durations and cadences ---

_DUR_UNITS = {"minute": 1, "min": 1, "m": 1, "分钟": 1, "hour": 60, "hr": 60, "h": 60,
              "小时": 60, "钟头": 60, "day": 1440, "d": 1440, "天": 1440, "日": 1440,
              "week": 10080, "wk": 10080, "w": 10080, "周": 10080, "星期": 10080, "礼拜": 10080}
_DUR_WORDS = {"daily": 1440, "每天": 1440, "每日": 1440, "weekly": 10080, "每周": 10080,
              "每星期": 10080, "hourly": 60, "每小时": 60}
_DUR_PART = re.compile(
    rf"(\d+ ?|[零〇一二两三四五六七八九十百千]+|\b(?:{dates_en.NUMBER_WORDS}) )个?"
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
        minutes = sum(dates_en.count(p.group(1).strip()) * _DUR_UNITS[p.group(2)] for p in parts)
    except ValueError:
        raise DateError(unreadable.format(text=text, hint=_(_DUR_HINT)), text) from None
    if not 0 < minutes <= 366 * 24 * 60:
        raise _OutOfRange(_("the duration {text!r} must be more than 0 and at most 366 days").format(text=text),
                        text)
    return timedelta(minutes=minutes)


class _OutOfRange(DateError):
    """A duration read, but not between 0 and 366 days."""


@dataclass(frozen=True)
class Cadence:
    """How often a task is checked in on: every `seconds`, or every week on `weekday` (0 = Monday)."""

    seconds: int | None = None
    weekday: int | None = None


_ZH_WEEKDAY = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
_CADENCE_DAY = re.compile(
    rf"(?:every |each |weekly on |on )?({dates_en.WD})s?"
    r"|(?:每个?|逢)?(?:周|星期|礼拜)([一二三四五六日天])"
)


def parse_cadence(text: str) -> Cadence:
    """A check-in cadence: a duration (3d, 1w, daily, 每周) or a weekday (friday, every friday,
    周五, 每周五)."""
    s = normalise(text) if isinstance(text, str) else ""
    m = _CADENCE_DAY.fullmatch(s)
    if m:
        return Cadence(weekday=dates_en.WEEKDAYS[m.group(1)] if m.group(1) else _ZH_WEEKDAY[m.group(2)])
    try:
        return Cadence(seconds=int(parse_duration(text).total_seconds()))
    except _OutOfRange:
        raise
    except DateError as exc:
        raise DateError(_("cannot read the cadence {text!r}; write e.g. 3d, 1w, daily, 每周, friday or 每周五")
                        .format(text=text), exc.text) from None
