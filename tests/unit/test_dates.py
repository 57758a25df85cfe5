"""Reading deadlines and cadences as people type them (luoshi.domain.dates).

"now" is Monday 2026-11-23 09:30 in Asia/Shanghai unless a test says otherwise; no test
looks at the wall clock.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.dates import DateError, parse_duration, parse_when

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=TZ)
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=TZ)
LATE_EVENING = datetime(2026, 11, 23, 21, 15, tzinfo=TZ)
FAST = settings(max_examples=150, deadline=None)


def at(y: int, mo: int, d: int, h: int = 18, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


ON_MONDAY = [
    # Chinese: named days
    ("今天", at(2026, 11, 23)),
    ("明天", at(2026, 11, 24)),
    ("明日", at(2026, 11, 24)),
    ("后天", at(2026, 11, 25)),
    ("大后天", at(2026, 11, 26)),
    ("后天下午3点", at(2026, 11, 25, 15)),
    ("明天 下午 3 点", at(2026, 11, 24, 15)),
    ("明天下午3点一刻", at(2026, 11, 24, 15, 15)),
    ("明天早上8点半", at(2026, 11, 24, 8, 30)),
    ("明天9:15", at(2026, 11, 24, 9, 15)),
    ("今天上午9点", at(2026, 11, 23, 9)),  # explicit today: may be past, it is what was written
    ("今晚", at(2026, 11, 23, 20)),
    ("明早", at(2026, 11, 24, 9)),
    # Chinese: weekdays
    ("周五", at(2026, 11, 27)),
    ("星期五", at(2026, 11, 27)),
    ("礼拜5", at(2026, 11, 27)),
    ("周一", at(2026, 11, 23)),
    ("周日", at(2026, 11, 29)),
    ("星期天", at(2026, 11, 29)),
    ("本周五", at(2026, 11, 27)),
    ("这周五", at(2026, 11, 27)),
    ("这个星期五", at(2026, 11, 27)),
    ("下周五", at(2026, 12, 4)),
    ("下个星期五", at(2026, 12, 4)),
    ("下星期一", at(2026, 11, 30)),
    ("下下周一", at(2026, 12, 7)),
    ("下周五下午3点", at(2026, 12, 4, 15)),
    ("周五前", at(2026, 11, 27)),
    # Chinese: month and year ends
    ("月底", at(2026, 11, 30)),
    ("本月底", at(2026, 11, 30)),
    ("这个月底", at(2026, 11, 30)),
    ("下月底", at(2026, 12, 31)),
    ("下个月底", at(2026, 12, 31)),
    ("年底", at(2026, 12, 31)),
    ("今年底", at(2026, 12, 31)),
    ("月初", at(2026, 12, 1)),
    ("下月初", at(2026, 12, 1)),
    # Chinese: counts from now
    ("3天后", at(2026, 11, 26)),
    ("三天后", at(2026, 11, 26)),
    ("3天之后", at(2026, 11, 26)),
    ("3日后", at(2026, 11, 26)),
    ("两周后", at(2026, 12, 7)),
    ("2个星期后", at(2026, 12, 7)),
    ("2个月后", at(2027, 1, 23)),
    ("二十五天后", at(2026, 12, 18)),
    ("一百天后", at(2027, 3, 3)),
    ("3天后上午10点", at(2026, 11, 26, 10)),
    ("2小时后", at(2026, 11, 23, 11, 30)),
    ("两个小时后", at(2026, 11, 23, 11, 30)),
    ("半小时后", at(2026, 11, 23, 10)),
    ("十五分钟后", at(2026, 11, 23, 9, 45)),
    # Chinese: calendar days
    ("12月1日", at(2026, 12, 1)),
    ("12月1号", at(2026, 12, 1)),
    ("十二月一日", at(2026, 12, 1)),
    ("12月1日下午3点", at(2026, 12, 1, 15)),
    ("11月22日", at(2027, 11, 22)),  # already past this year: next year's
    ("5号", at(2026, 12, 5)),
    ("30号", at(2026, 11, 30)),
    ("下个月5号", at(2026, 12, 5)),
    ("下月5号", at(2026, 12, 5)),
    # Chinese: times of day alone (the next occurrence)
    ("下午3点", at(2026, 11, 23, 15)),
    ("中午", at(2026, 11, 23, 12)),
    ("上午12点", at(2026, 11, 23, 12)),
    ("晚上8点", at(2026, 11, 23, 20)),
    ("凌晨1点", at(2026, 11, 24, 1)),
    ("早上8点半", at(2026, 11, 24, 8, 30)),
    ("8点三刻", at(2026, 11, 24, 8, 45)),
    ("晚上12点", at(2026, 11, 24, 0)),
    ("下午十五点", at(2026, 11, 23, 15)),
    ("１２月１日　１８：００", at(2026, 12, 1)),
    # English
    ("today", at(2026, 11, 23)),
    ("tonight", at(2026, 11, 23, 20)),
    ("tomorrow", at(2026, 11, 24)),
    ("Tomorrow 5pm", at(2026, 11, 24, 17)),
    ("5pm tomorrow", at(2026, 11, 24, 17)),
    ("tomorrow at 5:30 pm", at(2026, 11, 24, 17, 30)),
    ("day after tomorrow", at(2026, 11, 25)),
    ("friday", at(2026, 11, 27)),
    ("fri", at(2026, 11, 27)),
    ("monday", at(2026, 11, 23)),
    ("this friday", at(2026, 11, 27)),
    ("next friday", at(2026, 12, 4)),
    ("next friday at 3pm", at(2026, 12, 4, 15)),
    ("friday noon", at(2026, 11, 27, 12)),
    ("friday next week", at(2026, 12, 4)),
    ("in 3 days", at(2026, 11, 26)),
    ("in three days", at(2026, 11, 26)),
    ("in a week", at(2026, 11, 30)),
    ("in 2 weeks", at(2026, 12, 7)),
    ("in 2 months", at(2027, 1, 23)),
    ("in 2 hours", at(2026, 11, 23, 11, 30)),
    ("in an hour", at(2026, 11, 23, 10, 30)),
    ("in 45 minutes", at(2026, 11, 23, 10, 15)),
    ("3 days from now", at(2026, 11, 26)),
    ("end of month", at(2026, 11, 30)),
    ("end of the month", at(2026, 11, 30)),
    ("eom", at(2026, 11, 30)),
    ("end of year", at(2026, 12, 31)),
    ("end of week", at(2026, 11, 27)),
    ("Dec 1", at(2026, 12, 1)),
    ("December 1", at(2026, 12, 1)),
    ("1 Dec", at(2026, 12, 1)),
    ("1st December", at(2026, 12, 1)),
    ("dec 1st", at(2026, 12, 1)),
    ("Dec 1 5pm", at(2026, 12, 1, 17)),
    ("5pm", at(2026, 11, 23, 17)),
    ("5 pm", at(2026, 11, 23, 17)),
    ("5:30pm", at(2026, 11, 23, 17, 30)),
    ("at 5pm", at(2026, 11, 23, 17)),
    ("17:00", at(2026, 11, 23, 17)),
    ("noon", at(2026, 11, 23, 12)),
    ("midnight", at(2026, 11, 24, 0)),
    # absolute ISO forms
    ("2026-12-01", at(2026, 12, 1)),
    ("2026/12/01", at(2026, 12, 1)),
    ("2026-12-01 18:00", at(2026, 12, 1)),
    ("2026-12-01T18:00", at(2026, 12, 1)),
    ("2026-12-01T18:00:00+08:00", at(2026, 12, 1)),
    ("2026-12-01T10:00:00Z", at(2026, 12, 1)),
    ("2026-12-01T18:00:00+00:00", at(2026, 12, 2, 2)),
    ("2026年12月1日", at(2026, 12, 1)),
    ("2026年12月1日下午3点", at(2026, 12, 1, 15)),
    ("2025-01-01", at(2025, 1, 1)),  # absolute dates may be in the past
]


@pytest.mark.parametrize(("text", "expected"), ON_MONDAY)
def test_each_supported_form_reads_as_the_expected_moment_on_a_monday_morning(text, expected):
    assert parse_when(text, MONDAY) == expected


ON_SATURDAY = [
    ("周五", at(2026, 12, 4)),
    ("下周五", at(2026, 12, 4)),
    ("friday", at(2026, 12, 4)),
    ("next friday", at(2026, 12, 4)),
    ("周六", at(2026, 11, 28)),
    ("周一", at(2026, 11, 30)),
    ("本周日", at(2026, 11, 29)),
    ("end of week", at(2026, 12, 4)),
    ("23号", at(2026, 12, 23)),
    ("28号", at(2026, 11, 28)),
]


@pytest.mark.parametrize(("text", "expected"), ON_SATURDAY)
def test_weekdays_on_a_saturday_mean_the_coming_week(text, expected):
    assert parse_when(text, SATURDAY) == expected


LATE = [
    ("今天", at(2026, 11, 23, 23, 59)),
    ("today", at(2026, 11, 23, 23, 59)),
    ("tonight", at(2026, 11, 23, 23, 59)),
    ("2026-11-23", at(2026, 11, 23, 23, 59)),
    ("今天上午9点", at(2026, 11, 23, 9)),
    ("下午3点", at(2026, 11, 24, 15)),
    ("3pm", at(2026, 11, 24, 15)),
    ("周一", at(2026, 11, 30)),
    ("monday", at(2026, 11, 30)),
    ("明天", at(2026, 11, 24)),
]


@pytest.mark.parametrize(("text", "expected"), LATE)
def test_late_in_the_evening_today_means_before_midnight_and_bare_times_mean_tomorrow(text, expected):
    assert parse_when(text, LATE_EVENING) == expected


def test_the_last_day_of_the_month_after_six_means_next_months_end():
    assert parse_when("月底", datetime(2026, 11, 30, 19, 0, tzinfo=TZ)) == at(2026, 12, 31)


def test_next_friday_means_the_friday_of_next_week():
    assert parse_when("next friday", MONDAY) == parse_when("下周五", MONDAY) == at(2026, 12, 4)
    assert parse_when("friday", MONDAY) == at(2026, 11, 27)


def test_this_weeks_day_that_has_passed_is_refused_with_a_suggestion():
    with pytest.raises(DateError, match="下周五"):
        parse_when("本周五", SATURDAY)
    with pytest.raises(DateError, match="next friday"):
        parse_when("this friday", SATURDAY)


def test_results_are_in_nows_time_zone_with_no_seconds():
    now = datetime(2026, 11, 23, 9, 30, 47, 123, tzinfo=ZoneInfo("America/New_York"))
    found = parse_when("in 2 hours", now)
    assert found.tzinfo is now.tzinfo
    assert (found.hour, found.minute, found.second, found.microsecond) == (11, 30, 0, 0)
    assert parse_when("2026-12-01T18:00:00+08:00", now) == datetime(2026, 12, 1, 5, tzinfo=now.tzinfo)


REFUSED = [
    "", "   ", "13月1日", "12月32日", "2月30日", "2026-02-30", "2026-13-01", "25点", "晚上1点",
    "99999999999天后", "in 99999999999 days", "0天后", "12/1", "12/1/2026", "13pm", "周八",
    "明天后天", "3天前", "blah", "a", "3 days ago", "下午3点 下午4点", "在明天",
]


@pytest.mark.parametrize("text", REFUSED)
def test_unreadable_or_absurd_text_is_a_date_error(text):
    with pytest.raises(DateError) as caught:
        parse_when(text, MONDAY)
    assert caught.value.text == text
    assert str(caught.value) and "\n" not in str(caught.value)


def test_an_unreadable_date_names_forms_that_work():
    with pytest.raises(DateError, match=r"2026-12-01, 下周五, 明天下午3点, tomorrow 5pm, in 3 days"):
        parse_when("someday soon-ish", MONDAY)


def test_an_ambiguous_slash_date_asks_for_the_iso_form():
    with pytest.raises(DateError, match="2026-12-01"):
        parse_when("12/1", MONDAY)


def test_rare_english_goes_to_dateparser_and_keeps_the_six_pm_default():
    assert parse_when("next week", MONDAY) == at(2026, 11, 30)


def test_importing_the_module_does_not_import_dateparser():
    code = "import sys, luoshi.domain.dates; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


DURATIONS = [
    ("3d", timedelta(days=3)), ("3 days", timedelta(days=3)), ("1w", timedelta(weeks=1)),
    ("2 weeks", timedelta(weeks=2)), ("12h", timedelta(hours=12)), ("12 hours", timedelta(hours=12)),
    ("30m", timedelta(minutes=30)), ("30min", timedelta(minutes=30)), ("3天", timedelta(days=3)),
    ("三天", timedelta(days=3)), ("2周", timedelta(weeks=2)), ("两周", timedelta(weeks=2)),
    ("1个星期", timedelta(weeks=1)), ("12小时", timedelta(hours=12)), ("每天", timedelta(days=1)),
    ("每周", timedelta(weeks=1)), ("daily", timedelta(days=1)), ("weekly", timedelta(weeks=1)),
    ("a day", timedelta(days=1)), ("1w 2d", timedelta(days=9)), ("366d", timedelta(days=366)),
]


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations_read_in_either_language(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "367d", "-3d", "3 months", "abc", "半天", "ad", "3", "99999999999999d"])
def test_durations_must_be_positive_readable_and_at_most_a_year(text):
    with pytest.raises(DateError, match="e.g.|at most 366 days"):
        parse_duration(text)


NOWS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(TZ))
WEEKDAY = st.sampled_from(list("一二三四五六日天"))
EN_DAY = st.sampled_from(["monday", "tue", "wednesday", "thu", "friday", "sat", "sunday"])
RELATIVE = st.one_of(
    st.integers(1, 3000).map(lambda n: f"{n}天后"),
    st.integers(1, 300).map(lambda n: f"{n}周后"),
    st.integers(1, 3000).map(lambda n: f"in {n} days"),
    st.integers(1, 5000).map(lambda n: f"{n}小时后"),
    WEEKDAY.map(lambda d: f"周{d}"),
    WEEKDAY.map(lambda d: f"下周{d}下午3点"),
    EN_DAY,
    EN_DAY.map(lambda d: f"next {d} 9am"),
    st.integers(1, 31).map(lambda d: f"{d}号"),
    st.tuples(st.integers(1, 12), st.integers(1, 28)).map(lambda md: f"{md[0]}月{md[1]}日"),
    st.sampled_from(["下午3点", "3pm", "midnight", "noon", "月底", "年底", "end of week", "Dec 31"]),
)


@FAST
@given(RELATIVE, NOWS)
def test_relative_expressions_never_land_before_now(text, now):
    assert parse_when(text, now) >= now


@FAST
@given(st.text(max_size=30), NOWS)
def test_any_text_gives_a_datetime_or_a_date_error_and_nothing_else(text, now):
    try:
        found = parse_when(text, now)
    except DateError:
        return
    assert found.tzinfo is now.tzinfo and found.second == 0 and found.microsecond == 0


@FAST
@given(st.text(alphabet="0123456789 年月日号点半后天周下个本今明:-/dhmwinayspto", max_size=12))
def test_date_like_text_gives_a_datetime_or_a_date_error_and_nothing_else(text):
    for parse in (lambda t: parse_when(t, MONDAY), parse_duration):
        try:
            parse(text)
        except DateError:
            pass
