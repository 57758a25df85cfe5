"""Working days as an office in China counts them (luoshi.domain.workdays).

The facts come from the State Council's arrangements: 2026 National Day 1–7 Oct off, with Sun
20 Sep and Sat 10 Oct worked; 2026 Mid-autumn 25–27 Sep off; 2026 Spring Festival 15–23 Feb
off, with Sat 14 Feb and Sat 28 Feb worked; 2025 National Day 1–8 Oct off, with Sun 28 Sep and
Sat 11 Oct worked.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.workdays import Calendar
from luoshi.i18n import set_lang

TZ = ZoneInfo("Asia/Shanghai")
CAL = Calendar()
FAST = settings(max_examples=150, deadline=None)
FAR = 2099  # a year no holiday package knows


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


@pytest.mark.parametrize(("day", "worked"), [
    (date(2026, 11, 27), True),   # an ordinary Friday
    (date(2026, 11, 28), False),  # an ordinary Saturday
    (date(2026, 10, 1), False),   # National Day
    (date(2026, 10, 7), False),   # the last day of the National Day week (a Wednesday)
    (date(2026, 10, 8), True),    # back to work
    (date(2026, 9, 20), True),    # 调休: a Sunday that is worked
    (date(2026, 10, 10), True),   # 调休: a Saturday that is worked
    (date(2026, 10, 11), False),  # the Sunday after it is off
    (date(2026, 9, 25), False),   # Mid-autumn (a Friday)
    (date(2026, 2, 14), True),    # 调休 before the Spring Festival
    (date(2026, 2, 16), False),   # Spring Festival (a Monday)
    (date(2025, 10, 8), False),   # 2025: National Day and Mid-autumn ran to 8 Oct
    (date(2025, 10, 11), True),   # 2025: a Saturday worked
    (date(2025, 9, 28), True),    # 2025: a Sunday worked
])
def test_weekends_and_public_holidays_are_off_and_the_swapped_days_are_worked(day, worked):
    assert CAL.is_workday(day) is worked


def test_a_holiday_is_named_in_the_chosen_language():
    assert CAL.holiday_name(date(2026, 10, 3)) == "National Day"  # a Saturday inside the holiday
    assert CAL.holiday_name(date(2026, 9, 25)) == "Mid-autumn Festival"
    set_lang("zh")
    assert CAL.holiday_name(date(2026, 10, 3)) == "国庆节"
    set_lang("en")


@pytest.mark.parametrize("day", [date(2026, 11, 28), date(2026, 10, 10), date(2026, 11, 27)])
def test_an_ordinary_weekend_day_or_a_working_day_has_no_holiday_name(day):
    assert CAL.holiday_name(day) is None


def test_the_package_covers_the_years_it_knows_and_a_later_year_counts_weekends_only():
    assert CAL.covers(2025) and CAL.covers(2026)
    assert not CAL.covers(FAR)
    assert CAL.is_workday(date(FAR, 10, 1))  # a Thursday: the holidays of 2099 are unknown
    assert not CAL.is_workday(date(FAR, 10, 3))  # a Saturday
    assert CAL.holiday_name(date(FAR, 10, 3)) is None


def test_an_offices_own_days_override_the_package():
    office = Calendar(extra_holidays={date(2026, 11, 30)}, extra_workdays={date(2026, 11, 28), date(2026, 10, 2)})
    assert not office.is_workday(date(2026, 11, 30))  # a Monday the office takes off
    assert office.is_workday(date(2026, 11, 28))  # a Saturday the office works
    assert office.is_workday(date(2026, 10, 2))  # even inside National Day
    assert office.holiday_name(date(2026, 11, 30)) is None  # off, but not a public holiday
    assert office == Calendar(extra_holidays=[date(2026, 11, 30)],
                              extra_workdays=(date(2026, 11, 28), date(2026, 10, 2)))
    assert hash(office) == hash(Calendar.with_extras([date(2026, 11, 30)], [date(2026, 10, 2), date(2026, 11, 28)]))


@pytest.mark.parametrize(("start", "n", "expected"), [
    # Fri 27 Nov: Mon 30 (1), Tue 1 Dec (2), Wed 2 Dec (3)
    (date(2026, 11, 27), 3, date(2026, 12, 2)),
    # Sat 28 Nov: Mon 30 (1), Tue 1 (2), Wed 2 (3)
    (date(2026, 11, 28), 3, date(2026, 12, 2)),
    # Wed 30 Sep: 1–7 Oct off, Thu 8 (1), Fri 9 (2), Sat 10 worked (3)
    (date(2026, 9, 30), 3, date(2026, 10, 10)),
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
    (date(2026, 11, 27), 0, date(2026, 11, 27)),
    # backwards: Mon 30 Nov, 2 working days before: Fri 27 (1), Thu 26 (2)
    (date(2026, 11, 30), -2, date(2026, 11, 26)),
    # backwards over National Day: Thu 8 Oct, 1 before: Wed 30 Sep
    (date(2026, 10, 8), -1, date(2026, 9, 30)),
])
def test_adding_working_days_skips_weekends_and_holidays_and_counts_swapped_days(start, n, expected):
    assert CAL.add_workdays(start, n) == expected


def test_the_next_working_day_after_the_eve_of_national_day_is_the_eighth():
    assert CAL.next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    assert CAL.next_workday(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday → Monday


@pytest.mark.parametrize(("start", "end", "expected"), [
    (at(2026, 11, 27, 17), at(2026, 11, 30, 17), 1.0),  # Fri 7/24 + Sat 0 + Sun 0 + Mon 17/24
    (at(2026, 11, 23, 9), at(2026, 11, 23, 15), 0.25),  # 6 hours of a Monday: 6/24
    (at(2026, 11, 28, 9), at(2026, 11, 28, 15), 0.0),  # a Saturday
    (at(2026, 9, 30, 18), at(2026, 10, 8, 18), 1.0),  # Wed 6/24, 1–7 Oct off, Thu 18/24
    (at(2026, 10, 9, 0), at(2026, 10, 12, 0), 2.0),  # Fri 9 and Sat 10 (调休) worked, Sun 11 off
    (at(2026, 11, 30, 0), at(2026, 11, 23, 0), 0.0),  # end before start
    (at(2026, 11, 23), at(2026, 12, 21), 20.0),  # four whole weeks: 4 × 5
])
def test_elapsed_working_time_is_the_worked_fraction_of_each_day(start, end, expected):
    assert CAL.elapsed_workdays(start, end) == pytest.approx(expected)


def test_elapsed_working_time_counts_days_in_ends_zone():
    # Fri 27 Nov 17:00 in Shanghai is 09:00 UTC; the days are Shanghai's (end's zone): 1.0
    start = at(2026, 11, 27, 17).astimezone(timezone.utc)
    assert CAL.elapsed_workdays(start, at(2026, 11, 30, 17)) == pytest.approx(1.0)


def test_an_offices_holiday_stops_the_clock():
    office = Calendar(extra_holidays={date(2026, 11, 30)})
    # Fri 7/24 + Sat, Sun, Mon (office holiday) 0 + Tue 17/24 = 1.0
    assert office.elapsed_workdays(at(2026, 11, 27, 17), at(2026, 12, 1, 17)) == pytest.approx(1.0)
    assert office.add_workdays(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_calendar_days_count_every_day():
    every = Calendar.calendar_days()
    assert every.is_workday(date(2026, 10, 1)) and every.is_workday(date(2026, 11, 28))
    assert every.add_workdays(date(2026, 11, 27), 3) == date(2026, 11, 30)
    assert every.elapsed_workdays(at(2026, 11, 27, 17), at(2026, 11, 30, 17)) == pytest.approx(3.0)
    assert every.holiday_name(date(2026, 10, 1)) is None and every.covers(FAR)


def test_importing_the_module_does_not_import_the_holiday_package():
    code = "import sys, luoshi.domain.workdays; print('chinese_calendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


DAYS = st.dates(min_value=date(2003, 6, 1), max_value=date(2031, 12, 31))
CALENDARS = st.sampled_from([
    CAL, Calendar.calendar_days(),
    Calendar(extra_holidays={date(2026, 11, 30), date(2026, 10, 9)}, extra_workdays={date(2026, 10, 3)}),
])


@FAST
@given(CALENDARS, DAYS, st.integers(0, 400))
def test_adding_n_working_days_passes_exactly_n_of_them(cal, day, n):
    found = cal.add_workdays(day, n)
    # day by day (add_workdays) and by arithmetic (count_workdays) agree
    assert cal.count_workdays(day + timedelta(days=1), found + timedelta(days=1)) == n
    assert n == 0 or cal.is_workday(found)
    start = datetime.combine(day + timedelta(days=1), datetime.min.time(), TZ)
    end = datetime.combine(found + timedelta(days=1), datetime.min.time(), TZ)
    assert cal.elapsed_workdays(start, end) == pytest.approx(n if n else 0.0)


@FAST
@given(CALENDARS, DAYS, st.integers(0, 60))
def test_counting_working_days_equals_asking_day_by_day(cal, first, days):
    end = first + timedelta(days=days)
    by_day = sum(cal.is_workday(first + timedelta(days=i)) for i in range(days))
    assert cal.count_workdays(first, end) == by_day


@FAST
@given(CALENDARS, st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
       st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
       st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
def test_elapsed_working_time_adds_up_over_a_split_and_never_exceeds_the_calendar(cal, a, d1, d2):
    start = a.replace(tzinfo=TZ)
    middle, end = start + d1, start + d1 + d2
    whole = cal.elapsed_workdays(start, end)
    assert whole == pytest.approx(cal.elapsed_workdays(start, middle) + cal.elapsed_workdays(middle, end))
    assert 0.0 <= whole <= (d1 + d2) / timedelta(days=1) + 1e-9
