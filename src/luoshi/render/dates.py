"""Dates and spans as people read them, in Chinese or English (`lang` is "zh" or "en").

Pure formatting: no clock and no locale — weekday and month names come from the tables
below, not from strftime, so output does not change with the machine's locale.

- `format_when`: 11月27日 周五 18:00 / Fri 27 Nov 18:00; the year is shown when it is not
  now's year (or when no `now` is given, since there is then no "this year").
- `format_relative`: within an hour either way → 今天 / today; under a day → hours
  (2小时后 / in 2 hours, 逾期3小时 / 3 hours late); from a day on → whole calendar days
  (明天 / tomorrow, 3天后 / in 3 days, 逾期2天 / 2 days late).
- `format_duration`: 7天 / 7 days, 12小时 / 12 hours, 1天12小时 / 1 day 12 hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

_ZH_WEEKDAYS = "一二三四五六日"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HOUR, DAY = 3600, 86400


def _zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def format_when(dt: datetime, lang: str, now: datetime | None = None) -> str:
    """11月27日 周五 18:00 / Fri 27 Nov 18:00, with the year when it is not now's."""
    if now is not None and dt.tzinfo is not None and now.tzinfo is not None:
        dt = dt.astimezone(now.tzinfo)
    with_year = now is None or dt.year != now.year
    clock = f"{dt.hour:02d}:{dt.minute:02d}"
    if _zh(lang):
        year = f"{dt.year}年" if with_year else ""
        return f"{year}{dt.month}月{dt.day}日 周{_ZH_WEEKDAYS[dt.weekday()]} {clock}"
    year = f" {dt.year}" if with_year else ""
    return f"{_EN_WEEKDAYS[dt.weekday()]} {dt.day} {_EN_MONTHS[dt.month - 1]}{year} {clock}"


def format_relative(dt: datetime, now: datetime, lang: str) -> str:
    """How far `dt` is from `now`: 3天后, 2小时后, 今天, 明天, 逾期2天 / in 3 days, 2 days late."""
    dt = dt.astimezone(now.tzinfo)
    seconds = (dt.astimezone(timezone.utc) - now.astimezone(timezone.utc)).total_seconds()
    zh = _zh(lang)
    if abs(seconds) < HOUR:
        return "今天" if zh else "today"
    if abs(seconds) < DAY:
        hours = int(abs(seconds) // HOUR)
        if seconds > 0:
            return f"{hours}小时后" if zh else f"in {_plural(hours, 'hour')}"
        return f"逾期{hours}小时" if zh else f"{_plural(hours, 'hour')} late"
    days = abs((dt.date() - now.date()).days)
    if seconds > 0:
        if days == 1:
            return "明天" if zh else "tomorrow"
        return f"{days}天后" if zh else f"in {_plural(days, 'day')}"
    return f"逾期{days}天" if zh else f"{_plural(days, 'day')} late"


def format_duration(td: timedelta, lang: str) -> str:
    """7天 / 7 days, 12小时 / 12 hours, 30分钟 / 30 minutes, 1天12小时 / 1 day 12 hours."""
    minutes = int(td.total_seconds() // 60)
    if minutes < 0:
        return "-" + format_duration(-td, lang)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    amounts = [(days, "天", "day"), (hours, "小时", "hour"), (minutes, "分钟", "minute")]
    shown = [a for a in amounts if a[0]] or [amounts[-1]]
    if _zh(lang):
        return "".join(f"{n}{zh}" for n, zh, _ in shown)
    return " ".join(_plural(n, en) for n, _, en in shown)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
