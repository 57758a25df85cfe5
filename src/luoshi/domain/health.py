"""Health of a task at a moment (红黄绿灯) and its expected progress (序时进度).

The health order is late, blocked, stalled, behind, due_soon, on_track — the first that
holds — for an open task with a deadline; `needs_due` for an open task without one (never
late, never scored); the status for any other task. A deadline is met at the deadline:
late means strictly after it. Silence and lateness are counted in working days when the
rules carry a working-day calendar (`calendar.count = "working"`), else in calendar days.

Expected progress (序时进度) runs on a straight line from creation (0 %) to the current
deadline (100 %); for a task with milestones (a `Plan`) it follows their dates instead: by
each milestone's deadline the weights of the milestones due by then are expected done, and
between two such moments the line is straight. Either way it never falls as time goes on.
A task is behind when, after its first cadence, its progress trails the expected progress by
more than the margin, or at once when one of its milestones is open past its deadline.

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


@dataclass(frozen=True, slots=True)
class Milestone:
    """One milestone as its parent's health reads it."""

    due: datetime | None
    weight: float  # > 0
    open: bool


@dataclass(frozen=True, slots=True)
class Plan:
    """A task's milestones (cancelled ones left out), for its expected progress and its
    lateness; an empty plan reads as no plan."""

    milestones: tuple[Milestone, ...] = ()

    def late(self, now: datetime) -> bool:
        """One of the milestones is open past its deadline."""
        return any(m.open and m.due is not None and now > m.due for m in self.milestones)


def cadence_of(state: TaskState, rules: HealthRules) -> int:
    return state.cadence or rules.cadence


def health(state: TaskState, now: datetime, rules: HealthRules, plan: Plan | None = None) -> str:
    """红黄绿灯 at `now` (see the module docstring for the order); `plan`: the task's
    milestones, when it has any (its state then carries their progress and last word)."""
    return reading(state, now, rules, plan)[0]


def reading(state: TaskState, now: datetime, rules: HealthRules, plan: Plan | None = None
            ) -> tuple[str, float | None]:
    """(health, expected progress) at `now`, the expected progress worked out once: None for
    a task that is not open or has no deadline."""
    if state.status != "open":
        return state.status, None
    if state.due is None:
        return "needs_due", None
    due = parse_utc(state.due)
    expected = _expected(parse_utc(state.created), due, now, plan)
    if now > due:
        return "late", expected
    if state.blocker:
        return "blocked", expected
    if stalled(state, now, rules):
        return "stalled", expected
    if behind(state, now, rules, plan, expected):
        return "behind", expected
    warn = state.due_window or (rules.urgent_due_soon if state.urgent else rules.due_soon)
    if due - now <= timedelta(seconds=warn):
        return "due_soon", expected
    return "on_track", expected


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


def expected_progress(state: TaskState, now: datetime, plan: Plan | None = None) -> float | None:
    """Where progress should stand at `now` (0–100): on a straight line from creation (0 %)
    to the current deadline (100 %), or through the dates of the plan's milestones; None
    without a deadline. Never falls as `now` moves on."""
    if state.due is None:
        return None
    return _expected(parse_utc(state.created), parse_utc(state.due), now, plan)


def _expected(start: datetime, due: datetime, now: datetime, plan: Plan | None) -> float:
    points = _plan_points(start, plan) if plan is not None else None
    if not points:  # the straight line (here due > now > start when it is not 0 or 100)
        if now >= due:
            return 100.0
        return 100.0 * ((now - start) / (due - start)) if now > start else 0.0
    value, before = 0.0, start
    for moment, reached in points:
        if now < moment:
            span = (moment - before).total_seconds()
            done = (now - before).total_seconds()
            return value + (reached - value) * max(done, 0.0) / span if span > 0 else value
        value, before = reached, moment
    return value


def _plan_points(start: datetime, plan: Plan) -> list[tuple[datetime, float]]:
    """(moment, % expected done by then) for each distinct milestone deadline, in order: the
    cumulative weight of the milestones due by then over the weight of all those with a
    deadline. A deadline before `start` counts at `start`."""
    dated = sorted((max(m.due, start), m.weight) for m in plan.milestones if m.due is not None)
    total = sum(w for _d, w in dated)
    if total <= 0:
        return []
    points: list[tuple[datetime, float]] = []
    done = 0.0
    for due, weight in dated:
        done += weight
        if points and points[-1][0] == due:
            points.pop()
        points.append((due, min(100.0, 100.0 * done / total)))
    return points


def behind(state: TaskState, now: datetime, rules: HealthRules, plan: Plan | None = None,
           expected: float | None = None) -> bool:
    """滞后: one of the plan's milestones is open past its deadline; or, after the first
    cadence, progress trails the expected progress (`expected`, else worked out here) by more
    than the margin. Never for a task that is not open."""
    if state.status != "open":
        return False
    if plan is not None and plan.late(now):
        return True
    created = parse_utc(state.created)
    if rules.elapsed(created, now) <= rules.span(cadence_of(state, rules)):
        return False
    if expected is None:
        expected = expected_progress(state, now, plan)
    return expected is not None and expected - state.progress > rules.behind_margin


def days_late(state: TaskState, now: datetime, rules: HealthRules) -> float:
    """How late an open task is at `now` (0 when not late), in the days `rules` count."""
    if state.due is None or state.status != "open":
        return 0.0
    return rules.elapsed(parse_utc(state.due), now)
