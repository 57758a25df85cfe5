"""Print docs/dates.md — every date form luoshi reads, with its worked example — from the table
the tests use (tests/unit/date_cases.py).

    python tools/dategen.py > docs/dates.md

A test (tests/unit/test_date_table.py) fails when the committed file differs from this output.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

INTRO = """\
# Dates and durations

<!-- Generated from tests/unit/date_cases.py by `python tools/dategen.py > docs/dates.md`;
     do not edit by hand: a test fails when this file is out of date. -->

A deadline is typed the way it is said in a meeting — `下周五`, `明天下午3点`, `月底`,
`3个工作日内`, `tomorrow 5pm`, `2026-12-01` — and read relative to now (`LUOSHI_NOW` when set,
else the clock) in the local time zone (`TZ`). The grammar is luoshi's own
(`src/luoshi/domain/dates*.py`); every example below is a test case.

## The rules

- **A date without a time means 18:00**, the end of the working day. A day that names today
  after 18:00 (`今天`, `today`, `eod`, `今天下班前`, today's date) means 23:59 today.
- **A deadline never lands in the past when it is relative.** Weekdays, month-days without a
  year, `月底`, `9月底`, `季度末` and bare times move to their next occurrence. A word that
  can only mean the past (`昨天`, `上周五`, `3天前`) is refused. An explicit time on an
  explicit today (`今天上午9点`) and a date with its year (`2025-01-01`) are taken as written.
- **A month-day without a year** (`11月1日`, `Dec 1`, `12.15`) as a deadline is its next
  occurrence, with a warning when that is more than 183 days ahead; as a period bound it is
  the latest past one (this year's when not after today, never next year's). `extend` refuses
  a month-day whose next occurrence is more than 183 days ahead once this year's has passed,
  and names both readings.
- **Weeks start on Monday.** `下周五` / `next friday` is the Friday of next week, `上周五` /
  `last friday` that of last week; `周五` / `friday` is the coming Friday (as a bound: the
  latest one); `本周五` / `this friday` is this week's, refused once it has passed.
  `end of week` is Friday 18:00, the end of the working week.
- **Within** (`7天内`, `两周内`, `一个月内`, `within 3 days`) means by the end of that span: the
  day it ends, 18:00. **Counts of hours and minutes** are exact (`2小时后`, `in 2h`).
- **Working days** (`3个工作日内`, `in 3 working days`) are counted from the next working day,
  skipping weekends and China's public holidays and counting the swapped working days (调休).
- **Warnings** (the deadline is still accepted): less than one working day away, already
  past, on a weekend day, on a holiday (named when known), or in a year the holiday calendar
  does not know yet.
- **Period bounds** (`report --since/--until`) read the same words towards the past and are
  days, never after today unless written with their year; a time of day is not a bound.
- Full-width digits and punctuation (`１２月１日　１８：００`), spaces (`明天 下午 3 点`),
  upper case, a trailing `前` / `之前` / `以前` (`周五前`, by Friday) and a leading `at` / `on`
  / `by` / `due` are ignored.
- Anything not understood is refused with examples that work; nothing is guessed silently.

Chinese times of day: `上午`, `早上`, `早晨`, `早` (morning), `中午` (noon), `下午`, `傍晚`
(afternoon), `晚上`, `夜里`, `晚` (evening), `凌晨` (small hours); `点` or `时`, `半` (:30),
`一刻` (:15), `三刻` (:45), `N分`, or `H:MM`. `上午12点` is noon, `晚上12点` is midnight at the
end of the day, `凌晨1点` is 01:00; `晚上1点` is refused as ambiguous. A period alone means its
end: `早上` 09:00, `上午` and `中午` 12:00, `下午` and `傍晚` 18:00, `晚上` 20:00. Rarer English
(`next week`) goes to the `dateparser` library, held to the same rules.

## Working days and public holidays

""" + """\
Working days come from the `chinesecalendar` package, which ships the State Council's
arrangement for each year: the public holidays and the swapped working days (调休). We chose
it over `holidays` (`holidays.China`): both know 2025 and 2026 with their 调休 days, but for a
year the government has not announced yet `holidays` answers anyway, from its own rules
(for 2027 it gives "observed" days off and no swapped working day), while `chinesecalendar`
refuses a year it does not know, so luoshi can say so instead of guessing. It is also small,
has no dependencies, and is imported only when a working day is first counted. A new
release each November adds the next year (`pip install -U chinesecalendar`). For a year it
does not cover (2027 until then), luoshi counts weekends only and warns: "the holiday
calendar does not know 2027 yet: weekends only". An office adds its own days in the config
file: `[calendar] extra_holidays = ["2026-11-30"]`, `extra_workdays = ["2026-11-28"]`; with
`calendar.count = "calendar"` every day counts.
"""

SHOWN = """\
## How dates are shown

Tables show a deadline as a date and how far it is, in the chosen language:
`11月27日 周五 18:00 (4天后)` / `Fri 27 Nov 18:00 (in 4 days)`. The year appears when it is not
this year (`2027年1月5日 周二 18:00` / `Tue 5 Jan 2027 18:00`). Within an hour either way it is
`今天` / `today`; under a day, hours (`2小时后` / `in 2 hours`, `逾期3小时` / `3 hours late`);
from a day on, calendar days (`明天` / `tomorrow`, `逾期2天` / `2 days late`). JSON output and
the CSV, Markdown and HTML reports keep ISO 8601 times with their offset.
"""

WARN_WORDS = {"past": "already past", "soon": "under a working day", "weekend": "weekend",
              "holiday": "holiday", "far": "over 6 months ahead"}


def _day(day: date, now: datetime) -> str:
    year = f" {day.year}" if day.year != now.year else ""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}{year}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


def deadline_rows(cases, nows) -> list[str]:
    out = ["| typed | read at | means | warned | why |", "|---|---|---|---|---|"]
    for case in cases:
        now = nows[case.now]
        moment = datetime.strptime(case.expected, "%Y-%m-%d %H:%M")
        means = f"{_day(moment.date(), now)} {moment:%H:%M}"
        warned = ", ".join(WARN_WORDS[w] for w in case.warns)
        out.append(f"| {_code(case.text)} | {case.now} | {means} | {warned} | {_cell(case.note)} |")
    return out


def bound_rows(cases, nows) -> list[str]:
    out = ["| typed | read at | means | why |", "|---|---|---|---|"]
    for case in cases:
        day = date.fromisoformat(case.expected)
        out.append(f"| {_code(case.text)} | {case.now} | {_day(day, nows[case.now])} | {_cell(case.note)} |")
    return out


def refused_rows(cases) -> list[str]:
    out = ["| typed | read at | why |", "|---|---|---|"]
    return out + [f"| {_code(c.text)} | {c.now} | {_cell(c.note)} |" for c in cases]


def markdown() -> str:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    from tests.unit import date_cases as t

    out = [INTRO.rstrip("\n"), "", "## Deadlines", "",
           "Read at one of these moments of 2026 (Asia/Shanghai): "
           + "; ".join(f"{key}" for key in t.NOWS) + ". `means` is the deadline, `warned` what is said on stderr."]
    for section in dict.fromkeys(c.section for c in t.DEADLINES):
        out += ["", f"### {section}", ""]
        out += deadline_rows([c for c in t.DEADLINES if c.section == section], t.NOWS)
    out += ["", "## Period bounds (`report --since` / `--until`)", "",
            "The same words, read towards the past; a bound is a day."]
    out += [""] + bound_rows(t.BOUNDS, t.NOWS)
    out += ["", "## Refused", "", "Each refusal is one sentence that names forms that work.", ""]
    out += refused_rows(t.REFUSED) + ["", "As period bounds:", ""] + refused_rows(t.REFUSED_BOUNDS)
    out += ["", SHOWN.rstrip("\n"), "", "## Durations and cadences", "",
            "`luoshi assign --every` and the `[health]` settings (`cadence`, `due_soon`, `urgent_due_soon`)",
            "take a duration: more than zero and at most 366 days. A cadence may also be a weekday.", "",
            "| typed | means | also |", "|---|---|---|"]
    out += [f"| {_code(text)} | {shown} | {_cell(note)} |" for text, _m, shown, note in t.DURATIONS]
    out += ["", "| cadence | means | also |", "|---|---|---|"]
    out += [f"| {_code(text)} | {shown} | {_cell(note)} |" for text, _s, _w, shown, note in t.CADENCES]
    out += ["", "`0d`, `367d`, `-3d`, `3 months`, `半天` and a bare `3` are refused with examples."]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
