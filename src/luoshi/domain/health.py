"""Health of a task at a moment (红黄绿灯) and its expected progress (序时进度).

The health order is late, blocked, stalled, behind, due_soon, on_track — the first that
holds — for an open task with a deadline; `needs_due` for an open task without one (never
late, never scored); the status for any other task. A deadline is met at the deadline:
late means strictly after it. Silence and lateness are counted in working days when the
rules carry a working-day calendar (`calendar.count = "working"`), else in calendar days.

This module is the one declaration of these rules: listings, reports, the inbox and the
automatic escalation all ask it. Pure: `now` is a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc

from luoshi.domain.states import HEALTHS  # noqa: F401 (what this module tells)

DAY, WEEK = 86400, 7 * 86400


@dataclass(frozen=True)
class HealthRules:
    """The thresholds health is read with (config `[health]`, or the team's settings).

    `calendar` counts working time (an object with `elapsed_workdays(start, end)` and
    `is_workday(date)`, `domain.workdays.Calendar`), or None: every day counts. Days are
    the days of `zone` (the local zone, or a team ledger's)."""

    cadence: int  # seconds of silence before a task is stalled
    due_soon: int
    urgent_due_soon: int
    behind_margin: int  # points of progress behind the expected line
    calendar: Any = None
    zone: Any = None  # tzinfo; None: UTC
    _spans: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def elapsed(self, start: datetime, end: datetime) -> float:
        """Days between two moments: working days with a calendar, else calendar days.
        (Remembered per pair of moments: a report asks the same span for many tasks.)"""
        if end <= start:
            return 0.0
        if self.calendar is None:
            return (end - start).total_seconds() / DAY
        found = self._spans.get((start, end))
        if found is None:
            zone = self.zone or timezone.utc
            found = self._spans[(start, end)] = self.calendar.elapsed_workdays(
                start.astimezone(zone), end.astimezone(zone))
        return found

    def span(self, seconds: int) -> float:
        """A cadence or a limit in the days `elapsed` counts: with a calendar, whole weeks
        are 5 working days each and other spans their days (7d = 1w = 5 working days)."""
        if self.calendar is not None and seconds % WEEK == 0:
            return seconds / WEEK * 5
        return seconds / DAY


def cadence_of(state: TaskState, rules: HealthRules) -> int:
    return state.cadence or rules.cadence


def health(state: TaskState, now: datetime, rules: HealthRules) -> str:
    """红黄绿灯 at `now` (see the module docstring for the order)."""
    if state.status != "open":
        return state.status
    if state.due is None:
        return "needs_due"
    due = parse_utc(state.due)
    if now > due:
        return "late"
    if state.blocker:
        return "blocked"
    if stalled(state, now, rules):
        return "stalled"
    if behind(state, now, rules):
        return "behind"
    warn = state.due_window or (rules.urgent_due_soon if state.urgent else rules.due_soon)
    if due - now <= timedelta(seconds=warn):
        return "due_soon"
    return "on_track"


def stalled(state: TaskState, now: datetime, rules: HealthRules) -> bool:
    """No word from the owner for longer than the cadence; with a weekday cadence, a whole
    such day passed since the owner's last word."""
    last = parse_utc(state.last_touch or state.created)
    if state.cadence_day is not None:
        return now >= next_report_day_end(last, state.cadence_day, rules.zone or now.tzinfo)
    return rules.elapsed(last, now) > rules.span(cadence_of(state, rules))


def next_report_day_end(last: datetime, weekday: int, zone) -> datetime:
    """The end (24:00 in `zone`) of the first `weekday` after the day of `last`."""
    local = last.astimezone(zone)
    ahead = (weekday - local.weekday()) % 7 or 7
    day = local.date() + timedelta(days=ahead)
    return datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(days=1)


def expected_progress(state: TaskState, now: datetime) -> float | None:
    """Where progress should stand at `now` on a straight line from creation (0 %) to the
    current deadline (100 %); None without a deadline."""
    if state.due is None:
        return None
    start, end = parse_utc(state.created), parse_utc(state.due)
    if now >= end or end <= start:
        return 100.0
    if now <= start:
        return 0.0
    return 100.0 * (now - start).total_seconds() / (end - start).total_seconds()


def behind(state: TaskState, now: datetime, rules: HealthRules) -> bool:
    """滞后: after the first cadence, progress trails the expected line by more than the
    margin."""
    created = parse_utc(state.created)
    if rules.elapsed(created, now) <= rules.span(cadence_of(state, rules)):
        return False
    expected = expected_progress(state, now)
    return expected is not None and expected - state.progress > rules.behind_margin


def days_late(state: TaskState, now: datetime, rules: HealthRules) -> float:
    """How late an open task is at `now` (0 when not late), in the days `rules` count."""
    if state.due is None or state.status != "open":
        return 0.0
    return rules.elapsed(parse_utc(state.due), now)
