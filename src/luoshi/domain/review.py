"""The review of a period (督查台账), task by task and person by person. Pure.

Every task in scope — open at some moment of the period, or closed or cancelled in it — has
exactly one place in the totals (`place`): done (finished in the period), open (at the end),
cancelled (in the period) or closed (finished before the period, struck off in it). A task
finished in the period finished on time, after an extension (by the new deadline), waived
(late but excused, 容错) or late. The states are the ledger as it stood at `as_of`; times are
the ledger's UTC text, compared as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from luoshi.domain.health import HealthRules, cadence_of
from luoshi.domain.periods import Period
from luoshi.domain.scoring import Person
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc, utc_text

OPEN_HEALTHS = ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due")
DONE_KINDS = ("on_time", "after_extension", "late", "waived")


@dataclass(frozen=True)
class Counts:
    """A task's activity in the period, up to as_of."""

    checkins: int = 0  # by its owner
    counted: int = 0  # of those, the ones that moved the progress or named a blocker
    escalations: int = 0


@dataclass(frozen=True)
class Window:
    start: str  # the period's bounds and the reading moment, as UTC text
    end: str
    as_of: str

    @classmethod
    def of(cls, period: Period, as_of: datetime) -> "Window":
        return cls(utc_text(period.start), utc_text(period.end), utc_text(as_of))


def finished_how(state: TaskState) -> str:
    """on_time, after_extension, waived or late: how a finished task finished."""
    if state.original_due is None or state.finished_at <= state.original_due:
        return "on_time"
    if state.due is not None and state.finished_at <= state.due:
        return "after_extension"
    return "waived" if state.waived else "late"


def place(state: TaskState, w: Window) -> str | None:
    """The task's one place in the period's totals, or None when it is out of scope."""
    if state.created >= w.end or state.created > w.as_of:
        return None
    if state.status in ("done", "closed") and state.finished_at and state.finished_at >= w.start:
        return "done"
    if state.status == "open":
        return "open"
    if state.status == "cancelled":
        return "cancelled" if state.updated >= w.start else None
    if state.status == "closed" and state.closed_at and state.closed_at >= w.start:
        return "closed"
    return None


def open_span(state: TaskState, period: Period, as_of: datetime) -> tuple[datetime, datetime] | None:
    """The part of the period the task was open, up to as_of; None when none."""
    start = max(period.start, parse_utc(state.created))
    end = min(period.end, as_of)
    if state.status in ("done", "closed") and state.finished_at:
        end = min(end, parse_utc(state.finished_at))
    elif state.status == "cancelled":
        end = min(end, parse_utc(state.updated))
    return (start, end) if end > start else None


def checkins_due(state: TaskState, span: tuple[datetime, datetime], rules: HealthRules) -> float:
    """Check-ins owed for the span: its length over the cadence (in proportion), or with a
    weekday cadence the number of such days that ended within it."""
    start, end = span
    if state.cadence_day is not None:
        zone = rules.zone or end.tzinfo
        local = start.astimezone(zone)
        day = local.date() + timedelta(days=(state.cadence_day - local.weekday()) % 7)
        count = 0
        while True:
            ends = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(days=1)
            if ends > end:
                return float(count)
            if ends > start:
                count += 1
            day += timedelta(days=7)
    return rules.elapsed(start, end) / rules.span(cadence_of(state, rules))


def days_late(state: TaskState, w: Window, as_of: datetime, rules: HealthRules) -> int:
    """Whole days (as `rules` count them) an open task is late at as_of, or a finished
    task was late when it finished; else 0."""
    if state.due is None:
        return 0
    if state.status in ("done", "closed") and state.finished_at:
        if state.finished_at <= state.due:
            return 0
        return int(rules.elapsed(parse_utc(state.due), parse_utc(state.finished_at)))
    if state.status == "open" and state.due < w.as_of:
        return int(rules.elapsed(parse_utc(state.due), as_of))
    return 0


_NONE = Counts()  # a task without activity in the period


def tally(states: list[TaskState], places: dict[int, str], healths: dict[int, str],
          counts: dict[int, Counts], period: Period, as_of: datetime, rules: HealthRules,
          flagged: dict[str, list[str]]) -> dict[str, Person]:
    """Every owner's figures for the period (states as of `as_of`); a task missing from
    `counts` had no activity in it."""
    w = Window.of(period, as_of)
    people: dict[str, Person] = {}
    for t in states:
        p = people.get(t.owner) or people.setdefault(t.owner, Person(t.owner, flagged=flagged.get(t.owner, [])))
        where, health = places[t.id], healths[t.id]
        p.assigned += w.start <= t.created < w.end
        if where == "done":
            p.done += 1
            how = finished_how(t)
            setattr(p, f"done_{how}", getattr(p, f"done_{how}") + 1)
            if t.rating is not None:
                p.ratings.append(t.rating)
        if not t.waived:
            p.late += health == "late"
        p.stalled += health == "stalled"
        p.behind += health == "behind"
        c = counts.get(t.id, _NONE)
        p.checkins += c.checkins
        if not t.waived:
            p.escalations += c.escalations
        span = open_span(t, period, as_of) if where != "closed" and t.due is not None else None
        if span is not None:
            p.held += 1
            due = checkins_due(t, span, rules)
            p.checkins_due += due
            p.checkins_counted += min(due, c.counted)
    for p in people.values():
        p.checkins_due = round(p.checkins_due, 4)
        p.checkins_counted = round(p.checkins_counted, 4)
    return people
