"""Showing dates and spans in Chinese and English (luoshi.render.dates)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from luoshi.render.dates import format_duration, format_relative, format_when

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=TZ)


@pytest.mark.parametrize(("dt", "lang", "expected"), [
    (datetime(2026, 11, 27, 18, 0, tzinfo=TZ), "zh", "11月27日 周五 18:00"),
    (datetime(2026, 11, 27, 18, 0, tzinfo=TZ), "en", "Fri 27 Nov 18:00"),
    (datetime(2027, 1, 5, 18, 0, tzinfo=TZ), "zh", "2027年1月5日 周二 18:00"),
    (datetime(2027, 1, 5, 18, 0, tzinfo=TZ), "en", "Tue 5 Jan 2027 18:00"),
    (datetime(2026, 11, 29, 9, 5, tzinfo=TZ), "zh", "11月29日 周日 09:05"),
])
def test_a_moment_shows_day_weekday_and_time_with_the_year_only_when_it_differs(dt, lang, expected):
    assert format_when(dt, lang, NOW) == expected


def test_a_moment_is_shown_in_nows_time_zone():
    utc = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    assert format_when(utc, "en", NOW) == "Fri 27 Nov 18:00"


def test_without_now_the_year_is_always_shown():
    assert format_when(datetime(2026, 11, 27, 18, 0, tzinfo=TZ), "zh") == "2026年11月27日 周五 18:00"


@pytest.mark.parametrize(("dt", "zh", "en"), [
    (datetime(2026, 11, 26, 18, 0, tzinfo=TZ), "3天后", "in 3 days"),
    (datetime(2026, 11, 24, 18, 0, tzinfo=TZ), "明天", "tomorrow"),
    (datetime(2026, 11, 23, 11, 30, tzinfo=TZ), "2小时后", "in 2 hours"),
    (datetime(2026, 11, 23, 10, 45, tzinfo=TZ), "1小时后", "in 1 hour"),
    (datetime(2026, 11, 23, 10, 0, tzinfo=TZ), "今天", "today"),
    (datetime(2026, 11, 23, 9, 0, tzinfo=TZ), "今天", "today"),
    (datetime(2026, 11, 23, 6, 30, tzinfo=TZ), "逾期3小时", "3 hours late"),
    (datetime(2026, 11, 21, 18, 0, tzinfo=TZ), "逾期2天", "2 days late"),
    (datetime(2026, 11, 22, 9, 0, tzinfo=TZ), "逾期1天", "1 day late"),
    (datetime(2026, 12, 23, 18, 0, tzinfo=TZ), "30天后", "in 30 days"),
])
def test_relative_time_uses_hours_under_a_day_and_calendar_days_from_a_day_on(dt, zh, en):
    assert format_relative(dt, NOW, "zh") == zh
    assert format_relative(dt, NOW, "en") == en


def test_under_a_day_across_midnight_still_counts_hours():
    late = datetime(2026, 11, 23, 22, 0, tzinfo=TZ)
    assert format_relative(datetime(2026, 11, 24, 8, 0, tzinfo=TZ), late, "en") == "in 10 hours"


@pytest.mark.parametrize(("td", "zh", "en"), [
    (timedelta(days=7), "7天", "7 days"),
    (timedelta(hours=12), "12小时", "12 hours"),
    (timedelta(days=1), "1天", "1 day"),
    (timedelta(minutes=30), "30分钟", "30 minutes"),
    (timedelta(days=1, hours=12), "1天12小时", "1 day 12 hours"),
    (timedelta(0), "0分钟", "0 minutes"),
])
def test_durations_show_days_hours_and_minutes(td, zh, en):
    assert format_duration(td, "zh") == zh
    assert format_duration(td, "en") == en
