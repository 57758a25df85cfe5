"""Deadlines forwards and period bounds backwards; the warnings a deadline carries; what an
extension may not do (luoshi.domain.dates). Worked examples first, then properties."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.dates import (
    DateError, deadline_warnings, extension_problem, parse_bound, parse_cadence, parse_when,
    read_deadline,
)
from luoshi.domain.workdays import Calendar
from luoshi.i18n import set_lang

TZ = ZoneInfo("Asia/Shanghai")
FAST = settings(max_examples=150, deadline=None)
THU = datetime(2026, 11, 12, 10, 0, tzinfo=TZ)  # Thursday 12 November 2026
CURRENT = datetime(2026, 11, 20, 18, 0, tzinfo=TZ)  # a task's deadline: Friday 20 November


def at(y: int, mo: int, d: int, h: int = 18, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


# --- extend ---

def test_extending_to_a_yearless_date_that_passed_this_year_is_refused_naming_both_readings():
    # on 12 Nov, 11月1日 has passed: its next occurrence is 1 Nov 2027, 354 days ahead (> 183)
    reading = read_deadline("11月1日", THU)
    assert reading.moment == at(2027, 11, 1) and reading.yearless
    problem = extension_problem("11月1日", reading, CURRENT, THU)
    assert "Sun 1 Nov 18:00" in problem and "Mon 1 Nov 2027 18:00" in problem


def test_extending_to_a_date_before_the_current_deadline_is_refused():
    reading = read_deadline("11月15日", THU)  # Sunday 15 Nov, before Friday 20 Nov
    assert "earlier than the current one (Fri 20 Nov 18:00)" in extension_problem("11月15日", reading, CURRENT, THU)


def test_extending_to_a_date_in_the_past_is_refused():
    reading = read_deadline("2026-11-01", THU)
    assert "in the past" in extension_problem("2026-11-01", reading, CURRENT, THU)


def test_a_later_date_extends_and_a_far_yearless_date_this_year_is_only_warned_about():
    assert extension_problem("11月25日", read_deadline("11月25日", THU), CURRENT, THU) is None
    january = datetime(2026, 1, 5, 10, tzinfo=TZ)
    reading = read_deadline("12月1日", january)  # 1 Dec 2026, 330 days ahead, this year's still to come
    assert extension_problem("12月1日", reading, at(2026, 1, 9), january) is None
    assert any("more than six months ahead" in w for w in reading.warnings)


def test_the_29th_of_february_in_a_year_without_one_is_refused_as_an_extension():
    reading = read_deadline("2月29日", THU)  # next in 2028
    assert reading.moment == at(2028, 2, 29)
    assert "Tue 29 Feb 2028 18:00" in extension_problem("2月29日", reading, CURRENT, THU)


# --- warnings ---

def test_a_saturday_deadline_well_ahead_is_warned_about_as_a_weekend_day_only():
    assert deadline_warnings(at(2026, 11, 28), at(2026, 11, 23, 9, 30), Calendar()) == ["Sat 28 Nov is a weekend day"]


def test_a_swapped_working_saturday_is_no_weekend():
    # Wed 30 Sep 10:00 → Sat 10 Oct 18:00: 14/24 of Wednesday, then 8 and 9 Oct worked: ≥ 1 day
    assert deadline_warnings(at(2026, 10, 10), at(2026, 9, 30, 10), Calendar()) == []


def test_a_holiday_is_named_in_chinese():
    set_lang("zh")
    try:
        warnings = deadline_warnings(at(2026, 10, 1), at(2026, 9, 30, 10), Calendar())
    finally:
        set_lang("en")
    assert "10月1日 周四 是法定节假日（国庆节）" in warnings
    assert "时限 10月1日 周四 18:00 距现在不足一个工作日" in warnings


def test_an_offices_own_holiday_and_an_unknown_year_are_warned_about():
    office = Calendar(extra_holidays={date(2026, 12, 2)})
    assert "Wed 2 Dec is a holiday" in deadline_warnings(at(2026, 12, 2), at(2026, 11, 23, 9, 30), office)
    far = deadline_warnings(at(2099, 6, 1), at(2026, 11, 23, 9, 30), Calendar())
    assert far == ["the holiday calendar does not know 2099 yet: weekends only"]


def test_counting_calendar_days_warns_about_nothing_but_closeness():
    every = Calendar.calendar_days()
    assert deadline_warnings(at(2026, 11, 28), at(2026, 11, 23, 9, 30), every) == []
    assert deadline_warnings(at(2026, 11, 23), at(2026, 11, 23, 9, 30), every) == [
        "the deadline Mon 23 Nov 18:00 is less than one working day away"]


# --- cadences ---

@pytest.mark.parametrize("text", ["", "xx", "每周八", "every", "3"])
def test_an_unreadable_cadence_names_both_kinds_of_cadence(text):
    with pytest.raises(DateError, match="friday or 每周五|e.g."):
        parse_cadence(text)


def test_a_cadence_out_of_range_keeps_the_durations_reason():
    with pytest.raises(DateError, match="at most 366 days"):
        parse_cadence("367d")


# --- the grammar's modules ---

def test_the_chinese_grammar_does_not_import_the_public_module():
    code = "import sys, luoshi.domain.dates_zh; print('luoshi.domain.dates' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_bound_ignores_a_time_of_day_written_with_its_day():
    assert parse_bound("上周一下午3点", THU) == date(2026, 11, 2)
    assert parse_bound("2026-11-16 18:00", THU) == date(2026, 11, 16)


# --- properties ---

NOWS = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 1, 1), timezones=st.just(TZ))
N = st.integers(1, 400)
FORWARD = st.one_of(
    N.map(lambda n: f"{n}天内"), N.map(lambda n: f"{n}周内"), st.integers(1, 60).map(lambda n: f"{n}个月内"),
    st.integers(1, 200).map(lambda n: f"{n}个工作日内"), st.integers(1, 200).map(lambda n: f"in {n} working days"),
    st.integers(1, 12).map(lambda m: f"{m}月底"), st.integers(1, 28).map(lambda d: f"12.{d}"),
    st.integers(13, 28).map(lambda d: f"3/{d}"), N.map(lambda n: f"in {n}h"), N.map(lambda n: f"in {n}m"),
    st.sampled_from(["季度末", "年内", "本月内", "eod", "end of day", "今天下班前", "周五下班前", "下季度末",
                     "end of quarter", "月初", "年初", "start of next month", "半个月内", "半年内"]),
)


@FAST
@given(FORWARD, NOWS)
def test_a_relative_deadline_never_lands_before_now(text, now):
    assert read_deadline(text, now).moment >= now


BACKWARD = st.one_of(
    N.map(lambda n: f"{n}天前"), N.map(lambda n: f"{n} days ago"), st.integers(1, 60).map(lambda n: f"{n}个月前"),
    st.sampled_from(list("一二三四五六日")).map(lambda d: f"上周{d}"),
    st.sampled_from(list("一二三四五六日")).map(lambda d: f"周{d}"),
    st.sampled_from(["monday", "last friday", "yesterday", "today", "昨天", "前天", "月底", "上月底", "季度末",
                     "上季度末", "年底", "去年底", "月初", "年初", "start of month", "end of last month"]),
    st.tuples(st.integers(1, 12), st.integers(1, 28)).map(lambda md: f"{md[0]}月{md[1]}日"),
    st.integers(1, 31).map(lambda d: f"{d}号"), st.integers(1, 28).map(lambda d: f"上个月{d}号"),
)


@FAST
@given(BACKWARD, NOWS)
def test_a_relative_period_bound_never_lands_after_today(text, now):
    assert parse_bound(text, now) <= now.date()


@FAST
@given(st.tuples(st.integers(1, 12), st.integers(1, 28)), NOWS)
def test_a_month_day_reads_as_the_same_day_both_ways_around_today(md, now):
    text = f"{md[0]}月{md[1]}日"
    ahead, behind = parse_when(text, now).date(), parse_bound(text, now)
    assert (ahead.month, ahead.day) == (behind.month, behind.day) == md
    assert behind <= now.date() <= ahead
    assert (ahead - behind).days in (0, 365, 366)


@FAST
@given(st.integers(1, 300), NOWS)
def test_n_working_days_land_on_a_working_day_with_n_working_days_from_tomorrow_on(n, now):
    cal = Calendar()
    due = parse_when(f"{n}个工作日内", now, cal).date()
    assert cal.is_workday(due)
    assert cal.count_workdays(now.date() + timedelta(days=1), due + timedelta(days=1)) == n


@FAST
@given(st.text(max_size=30), NOWS)
def test_any_text_is_a_reading_a_bound_a_cadence_or_a_date_error_and_nothing_else(text, now):
    for read in (lambda: read_deadline(text, now), lambda: parse_bound(text, now), lambda: parse_cadence(text)):
        try:
            read()
        except DateError as exc:
            assert str(exc) and "\n" not in str(exc)


@FAST
@given(st.text(alphabet="0123456789 年月日号点半后前内天周上下个本今明昨工作季度底末初:-/.dhmwinagoylstxk", max_size=14),
       NOWS)
def test_date_like_text_in_both_directions_gives_a_reading_or_a_date_error(text, now):
    for read in (lambda: read_deadline(text, now), lambda: parse_bound(text, now)):
        try:
            read()
        except DateError:
            pass
