"""The Chinese half of the date grammar: numerals, times of day and named days.

Small regular expressions, written by hand because no library reads 下周五, 月底, 3个工作日内
or 明天下午3点半. Same contract as `dates` (pure; the reading's `Ask` carries now, the
direction and the working-day calendar; results are naive local wall-clock, a `Found`, or
aware for exact "N小时后"; failures are `DateError`). Text arrives already normalised by
`dates.normalise` (NFKC, lower case, single spaces). Imports only `dates_core`, never `dates`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from luoshi.domain.dates_core import (
    Ask, DateError, Found, ago, clock, coming, day_of_month, direct, fixed, last_day, later, month_day,
    month_end, month_last, on, period_start, quarter_end, real_date, towards_future, week_day,
    workdays_later, year_end,
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
_NEAR = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
         "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3}
_UNITS = {"天": "days", "日": "days", "周": "weeks", "星期": "weeks", "礼拜": "weeks",
          "月": "months", "年": "years", "小时": "hours", "钟头": "hours", "分钟": "minutes"}
_SPAN = r"(天|日|周|个?星期|个?礼拜|个月|年|个?小时|个?钟头|分钟)"
# 上 / 下 / 本 before a week, month, quarter: how many of them from this one
_WHICH = r"(上上个?|上个?|下下个?|下个?|本|这个?|今)?"
_ZH = [
    ("ago", re.compile(rf"({NUM})(天|日|周|个?星期|个?礼拜|个月|年)(?:之|以)?前")),
    ("week", re.compile(rf"{_WHICH}(?:周|星期|礼拜)([一二三四五六日天1-7])")),
    ("after", re.compile(rf"({NUM}|半){_SPAN}(?:之?后|以后)")),
    ("within", re.compile(rf"({NUM}|半){_SPAN}(?:之|以)?内")),
    ("workdays", re.compile(rf"({NUM})个?工作日(?:之内|以内|内|之后|以后|后)?")),
    ("month_end", re.compile(rf"{_WHICH}月(?:底|末)")),
    ("month_last", re.compile(rf"(?:([0-9]{{4}})年)?({NUM})月份?(?:底|末)")),
    ("month_start", re.compile(rf"{_WHICH}月初")),
    ("quarter_end", re.compile(rf"{_WHICH}(?:季度|季)(?:末|底)")),
    ("quarter_start", re.compile(rf"{_WHICH}(?:季度|季)初")),
    ("year_end", re.compile(r"(?:(今|明|去|本)年年?|年)(?:底|末)")),
    ("year_start", re.compile(r"(?:(今|明|去|本)年年?|年)初")),
    ("inside", re.compile(r"(?:今年|本年)?(年)内|(?:本|这个?)?(月|季度)内")),
    ("month_day", re.compile(rf"(?:([0-9]{{4}})年)?({NUM})月({NUM})[日号]?")),
    ("day_of_month", re.compile(rf"(上上个?月|上个?月|下下个?月|下个?月|本月|这个?月)?({NUM})[号日]")),
]


def day(s: str, minutes: int | None, q: Ask) -> datetime | Found | None:
    """A Chinese day expression (spaces and a trailing 前/之前/以前 "by" ignored), or None."""
    s = s.replace(" ", "")
    m = _ZH[0][1].fullmatch(s)  # N天前 (ago) before 前 is read as "by"
    if m:
        return _ago(m.groups(), minutes, q)
    s = re.sub(r"(?:之|以)?前$", "", s)
    if s in _NEAR:
        offset = _NEAR[s]
        direct(offset, q)
        return on(q.today + timedelta(days=offset), minutes, q)
    for kind, pattern in _ZH[1:]:
        m = pattern.fullmatch(s)
        if m:
            return _FORMS[kind](m.groups(), minutes, q)
    return None


def _offset(which: str | None) -> int | None:
    """上上 -2, 上 -1, 本/这/今 0, 下 1, 下下 2; None when nothing was written."""
    if not which:
        return None
    if which.startswith("上"):
        return -2 if which.startswith("上上") else -1
    if which.startswith("下"):
        return 2 if which.startswith("下下") else 1
    return 0


def _week(g: tuple, minutes: int | None, q: Ask) -> datetime:
    weeks, weekday = _offset(g[0]), _WEEKDAY[g[1]]
    if weeks is None:
        return coming(weekday, minutes, q)
    return week_day(weeks, weekday, minutes, q, f"上周{g[1]}" if q.past else f"下周{g[1]}")


def _count_of(g0: str, unit: str) -> tuple[int, str] | None:
    """(count, unit) for a number and a unit word; 半 is half an hour, a month or a year."""
    if g0 != "半":
        return number(g0), unit
    return {"hours": (30, "minutes"), "months": (15, "days"), "years": (6, "months")}.get(unit)


def _after(g: tuple, minutes: int | None, q: Ask) -> datetime | None:
    """3天后, 两周后, 2小时后; 3天内, 两周内, 一个月内 (within: by the end of that span)."""
    counted = _count_of(g[0], _UNITS[g[1].lstrip("个")])
    return None if counted is None else later(counted[0], counted[1], minutes, q)


def _ago(g: tuple, minutes: int | None, q: Ask) -> datetime:
    return ago(number(g[0]), _UNITS[g[1].lstrip("个")], q)


def _month_end(g: tuple, minutes: int | None, q: Ask) -> datetime:
    months = _offset(g[0])
    direct(months, q)
    return month_end(months or 0, minutes, q, roll=months is None)


def _month_last(g: tuple, minutes: int | None, q: Ask) -> datetime | Found:
    month = number(g[1])
    if g[0]:
        return fixed(last_day(real_date(int(g[0]), month, 1)), minutes, q)
    return month_last(month, minutes, q)


def _quarter_end(g: tuple, minutes: int | None, q: Ask) -> datetime:
    quarters = _offset(g[0])
    direct(quarters, q)
    return quarter_end(quarters or 0, minutes, q, roll=quarters is None)


def _year_offset(g0: str | None) -> int | None:
    return {None: None, "今": 0, "本": 0, "明": 1, "去": -1}[g0]


def _year_end(g: tuple, minutes: int | None, q: Ask) -> datetime:
    years = _year_offset(g[0])
    direct(years, q)
    return year_end(years or 0, minutes, q, roll=years is None)


def _start(kind: str):
    def read(g: tuple, minutes: int | None, q: Ask) -> datetime:
        offset = _year_offset(g[0]) if kind == "year" else _offset(g[0])
        direct(offset, q)
        return period_start(kind, offset, minutes, q)
    return read


def _inside(g: tuple, minutes: int | None, q: Ask) -> datetime:
    """年内, 本月内, 本季度内: by the end of this year, month or quarter."""
    towards_future(q)
    ends = {"年": year_end, "月": month_end, "季度": quarter_end}[g[0] or g[1]]
    return ends(0, minutes, q, roll=True)


def _month_day(g: tuple, minutes: int | None, q: Ask) -> datetime | Found:
    month, mday = number(g[1]), number(g[2])
    if g[0]:
        return fixed(real_date(int(g[0]), month, mday), minutes, q)
    return month_day(month, mday, minutes, q)


def _day_of_month(g: tuple, minutes: int | None, q: Ask) -> datetime:
    months = _offset(g[0])
    direct(months, q)
    return day_of_month(number(g[1]), months, minutes, q)


def _workdays(g: tuple, minutes: int | None, q: Ask) -> datetime:
    return workdays_later(number(g[0]), minutes, q)


_FORMS = {
    "week": _week,
    "after": _after,
    "within": _after,
    "workdays": _workdays,
    "month_end": _month_end,
    "month_last": _month_last,
    "month_start": _start("month"),
    "quarter_end": _quarter_end,
    "quarter_start": _start("quarter"),
    "year_end": _year_end,
    "year_start": _start("year"),
    "inside": _inside,
    "month_day": _month_day,
    "day_of_month": _day_of_month,
}
