"""Every form of tests/unit/date_cases.py reads as its worked example, in both directions,
at each of the "now"s there (a Friday, a month's last day, the eve of National Day, 31
December); and docs/dates.md is that table, generated."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from luoshi.domain.dates import (
    Cadence, DateError, parse_bound, parse_cadence, parse_duration, parse_when, read_deadline,
)
from tests.unit.date_cases import (
    BOUNDS, CADENCES, CALENDAR, DEADLINES, DURATIONS, NOWS, REFUSED, REFUSED_BOUNDS, WARNS, alternatives,
)

ROOT = Path(__file__).resolve().parents[2]


def tags(warnings: tuple[str, ...]) -> list[str]:
    """The WARNS keys a reading's warnings stand for; the note about a year the holiday package
    does not know yet is left out (it goes away when the package learns that year)."""
    found = []
    for warning in warnings:
        if "holiday calendar" in warning:
            continue
        found += [key for key, words in WARNS.items() if key != "holiday" and words in warning] or ["holiday"]
    return sorted(found)


def _id(case) -> str:
    return f"{case.text}@{case.now}"


@pytest.mark.parametrize("case", DEADLINES, ids=_id)
def test_each_deadline_form_reads_as_its_worked_example_with_its_warnings(case):
    reading = read_deadline(case.text, NOWS[case.now], CALENDAR)
    assert reading.moment.strftime("%Y-%m-%d %H:%M") == case.expected
    assert reading.moment.tzinfo is NOWS[case.now].tzinfo
    assert tags(reading.warnings) == sorted(case.warns), reading.warnings
    assert parse_when(case.text, NOWS[case.now], CALENDAR) == reading.moment


@pytest.mark.parametrize("case", BOUNDS, ids=_id)
def test_each_period_bound_reads_backwards_as_its_worked_example(case):
    assert parse_bound(case.text, NOWS[case.now]).isoformat() == case.expected


@pytest.mark.parametrize("case", REFUSED, ids=_id)
def test_a_refused_deadline_is_one_sentence_that_carries_the_text(case):
    with pytest.raises(DateError) as caught:
        read_deadline(case.text, NOWS[case.now], CALENDAR)
    assert caught.value.text == case.text and "\n" not in str(caught.value)


@pytest.mark.parametrize("case", REFUSED_BOUNDS, ids=_id)
def test_a_refused_period_bound_is_one_sentence_that_carries_the_text(case):
    with pytest.raises(DateError) as caught:
        parse_bound(case.text, NOWS[case.now])
    assert caught.value.text == case.text and "\n" not in str(caught.value)


@pytest.mark.parametrize(("text", "minutes", "shown", "note"), DURATIONS)
def test_each_duration_form_reads_as_its_example(text, minutes, shown, note):
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(("text", "seconds", "weekday", "shown", "note"), CADENCES)
def test_each_cadence_form_reads_as_its_example(text, seconds, weekday, shown, note):
    assert parse_cadence(text) == Cadence(seconds, weekday)


def _reading(read, text: str, now):
    try:
        return read(text, now)
    except DateError:
        return "refused"


ALSO = [(case, form) for case in DEADLINES + BOUNDS + REFUSED + REFUSED_BOUNDS for form in alternatives(case.note)]


@pytest.mark.parametrize(("case", "form"), ALSO, ids=[f"{form}@{case.now}" for case, form in ALSO])
def test_the_forms_a_note_names_read_the_same_as_its_example(case, form):
    bound = case in BOUNDS or case in REFUSED_BOUNDS
    read = parse_bound if bound else (lambda text, now: parse_when(text, now, CALENDAR))
    now = NOWS[case.now]
    assert _reading(read, form, now) == _reading(read, case.text, now)


@pytest.mark.parametrize(("row"), DURATIONS + CADENCES, ids=lambda row: row[0])
def test_the_durations_and_cadences_a_note_names_read_the_same(row):
    read = parse_cadence if len(row) == 5 else parse_duration
    for form in alternatives(row[-1]):
        assert read(form) == read(row[0]), form


def test_docs_dates_md_is_generated_from_the_table():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "dategen.py")],
                          capture_output=True, timeout=60, check=True)
    committed = (ROOT / "docs" / "dates.md").read_text(encoding="utf-8")
    assert proc.stdout.decode("utf-8") == committed, "docs/dates.md is out of date: run `python tools/dategen.py > docs/dates.md`"
