"""The Chinese half of `luoshi.domain.dates`: numerals, times of day and named days.

Small regular expressions, written by hand because no library reads 下周五, 月底 or
明天下午3点半. Same contract as `dates` (pure; `now` is a parameter; results are naive local
wall-clock, or aware for exact "N小时后"; failures are `DateError`). Text arrives already
normalised by `dates.normalise` (NFKC, lower case, single spaces).
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import datetime, timedelta

from luoshi.domain.dates import (
    HINT, DateError, add_months, at, clock, coming, later, local, month_day, month_end, on, real_date,
    week_day, year_end,
)
from luoshi.i18n import _

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUM = r"[0-9]+|[零〇一二两三四五六七八九十百千万]+"


def number(text: str) -> int:
    """12, 十二, 二十五, 一百零五, 两千 → int; ValueError for anything else (十十, 一二)."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text:
        raise ValueError(text)
    total, digit, last = 0, None, 10**9
    for ch in text:
        if ch in _DIGITS:
            if digit:  # two non-zero digits in a row: 一二
                raise ValueError(text)
            digit = _DIGITS[ch]
        elif ch in _POWERS and _POWERS[ch] < last:
            total += (1 if digit is None else digit) * _POWERS[ch]
            digit, last = None, _POWERS[ch]
        else:
            raise ValueError(text)
    return total + (digit or 0)


# --- times of day ---

_PERIOD = "上午|早上|早晨|凌晨|中午|下午|傍晚|晚上|夜里|早|晚"
_SMALL = "[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_TIME = re.compile(
    rf"(?P<p>{_PERIOD})? ?(?<![0-9周期拜])(?P<h>{_SMALL}) ?"
    rf"(?:[点时]钟? ?(?:(?P<q>一刻|三刻)|(?P<half>半)|(?P<m>{_SMALL}) ?分?)?"
    r"|:(?P<mm>[0-9]{2})(?::[0-9]{2})?)"
)
# A period without an hour: by the end of the morning, by the end of the working day, …
_PERIOD_ONLY = {"早上": 9 * 60, "早晨": 9 * 60, "上午": 12 * 60, "中午": 12 * 60,
                "下午": 18 * 60, "傍晚": 18 * 60, "晚上": 20 * 60}
_SHORT = {"今晚": "今天晚上", "明晚": "明天晚上", "今早": "今天早上", "明早": "明天早上"}


def split_time(s: str) -> tuple[int | None, str]:
    """Find one time of day; return it as minutes after midnight and the text without it."""
    for short, full in _SHORT.items():
        s = s.replace(short, full)
    m = _TIME.search(s)
    if m:
        minute = _minute(m)
        return _hour(m.group("p"), number(m.group("h")), minute), s[: m.start()] + s[m.end():]
    m = re.search("|".join(_PERIOD_ONLY), s)
    if m:
        return _PERIOD_ONLY[m.group(0)], s[: m.start()] + s[m.end():]
    return None, s


def _minute(m: re.Match) -> int:
    if m.group("q"):
        return 15 if m.group("q") == "一刻" else 45
    if m.group("half"):
        return 30
    text = m.group("m") or m.group("mm")
    return number(text) if text else 0


def _hour(period: str | None, hour: int, minute: int) -> int:
    """上午12点 = 12:00, 下午3点 = 15:00, 晚上12点 = midnight at the end of the day."""
    if period is None or (period != "凌晨" and hour >= 13):
        return clock(hour, minute)
    if period in ("上午", "早上", "早晨", "早"):
        return clock(hour, minute)
    if period == "凌晨":
        return clock(0 if hour == 12 else hour, minute)
    if period == "中午":
        return clock(hour if hour >= 11 else hour + 12, minute)
    if period in ("下午", "傍晚"):
        return clock(hour if hour == 12 else hour + 12, minute)
    if hour == 12:  # 晚上12点
        return 24 * 60 + clock(0, minute)
    if hour < 6:
        raise DateError(_("{period}{hour}点 is ambiguous; write 凌晨{hour}点 or 下午{hour}点").format(
            period=period, hour=hour))
    return clock(hour + 12, minute)


# --- days ---

_WEEKDAY = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6} | {str(i + 1): i for i in range(7)}
_NEAR = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_RELATIVE_UNITS = {"天": "days", "日": "days", "周": "weeks", "星期": "weeks", "礼拜": "weeks",
                   "月": "months", "小时": "hours", "钟头": "hours", "分钟": "minutes"}
_ZH = [
    ("week", re.compile(r"(下下个?|下个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])")),
    ("after", re.compile(rf"({NUM}|半)(天|日|周|个?星期|个?礼拜|个月|个?小时|个?钟头|分钟)(?:之?后|以后)")),
    ("month_end", re.compile(r"(本|这个?|下个?)?月底")),
    ("month_start", re.compile(r"(?:下个?)?月初")),
    ("year_end", re.compile(r"(?:(今年|明年)年?|年)底")),
    ("month_day", re.compile(rf"(?:([0-9]{{4}})年)?({NUM})月({NUM})[日号]?")),
    ("day_of_month", re.compile(rf"(下个?月|本月|这个?月)?({NUM})[号日]")),
]


def day(s: str, minutes: int | None, now: datetime) -> datetime | None:
    """A Chinese day expression (spaces and a trailing 前/之前/以前 ignored), or None."""
    s = re.sub(r"(?:之|以)?前$", "", s.replace(" ", ""))
    if s in _NEAR:
        return on(local(now).date() + timedelta(days=_NEAR[s]), minutes, now)
    for kind, pattern in _ZH:
        m = pattern.fullmatch(s)
        if m:
            return _FORMS[kind](m.groups(), minutes, now)
    return None


def _week(g: tuple, minutes: int | None, now: datetime) -> datetime:
    prefix, weekday = g[0] or "", _WEEKDAY[g[1]]
    if not prefix:
        return coming(weekday, minutes, now)
    weeks = 2 if prefix.startswith("下下") else 1 if prefix.startswith("下") else 0
    return week_day(weeks, weekday, minutes, now, f"下周{g[1]}")


def _after(g: tuple, minutes: int | None, now: datetime) -> datetime | None:
    unit = _RELATIVE_UNITS[g[1].lstrip("个")]
    if g[0] == "半":
        return later(30, "minutes", minutes, now) if unit == "hours" else None
    return later(number(g[0]), unit, minutes, now)


def _month_end(g: tuple, minutes: int | None, now: datetime) -> datetime:
    ahead = 1 if (g[0] or "").startswith("下") else 0
    return month_end(ahead, minutes, now, roll=not ahead)


def _year_end(g: tuple, minutes: int | None, now: datetime) -> datetime:
    ahead = 1 if g[0] == "明年" else 0
    return year_end(ahead, minutes, now, roll=not ahead)


def _month_day(g: tuple, minutes: int | None, now: datetime) -> datetime:
    month, mday = number(g[1]), number(g[2])
    if g[0]:
        return on(real_date(int(g[0]), month, mday), minutes, now)
    return month_day(month, mday, minutes, now)


def day_of_month(day: int, months: int | None, minutes: int | None, now: datetime) -> datetime:
    """N号: the next time the month reaches day N (today counts); `months` fixes the month."""
    if not 1 <= day <= 31:
        raise DateError(_("no month has a day {day}; {hint}").format(day=day, hint=_(HINT)))
    today = local(now).date()
    first = today.replace(day=1)
    for ahead in range(13) if months is None else (months,):
        month = add_months(first, ahead)
        if day <= monthrange(month.year, month.month)[1] and month.replace(day=day) >= today:
            return on(month.replace(day=day), minutes, now)
    if months == 0:
        raise DateError(_("day {day} of this month has already passed; did you mean 下月{day}号?").format(day=day))
    raise DateError(_("that month has no day {day}; {hint}").format(day=day, hint=_(HINT)))


def _day_of_month(g: tuple, minutes: int | None, now: datetime) -> datetime:
    months = None if g[0] is None else 1 if g[0].startswith("下") else 0
    return day_of_month(number(g[1]), months, minutes, now)


_FORMS = {
    "week": _week,
    "after": _after,
    "month_end": _month_end,
    "month_start": lambda g, minutes, now: at(add_months(local(now).date().replace(day=1), 1), minutes),
    "year_end": _year_end,
    "month_day": _month_day,
    "day_of_month": _day_of_month,
}
