"""The review of a period (督查台账), task by task and person by person. Pure.

Every task in scope — open at some moment of the period, or closed or cancelled in it — has
exactly one place in the totals (`place`): done (finished in the period), open (at the end),
cancelled (in the period) or closed (finished before the period, struck off in it). A task
finished in the period finished on time, after an extension (by the new deadline), waived
(late but excused, 容错) or late. The states are the ledger as it stood at `as_of`; times are
the ledger's UTC text, compared as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from luoshi.domain.health import HealthRules, cadence_of
from luoshi.domain.periods import Period
from luoshi.domain.scoring import Person
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc, utc_text

OPEN_HEALTHS = ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due")
DONE_KINDS = ("on_time", "after_extension", "late", "waived")


@dataclass(frozen=True)
class Activity:
    """What people did on the tasks in the period, up to as_of."""

    # (task id, person): their check-ins, and of those the ones that moved the progress or
    # named a blocker
    checkins: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    escalated: dict[int, list[str]] = field(default_factory=dict)  # task id: times (UTC text)
    # task id: its hand-overs in order, (time as UTC text, from owner, to owner)
    handovers: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)

    def owner_at(self, state: TaskState, moment: str) -> str:
        """Who held the task at `moment` (a time in the period)."""
        return next((frm for at, frm, _to in self.handovers.get(state.id, ()) if at > moment),
                    state.owner)

    def holders(self, state: TaskState, span: tuple[datetime, datetime]
                ) -> list[tuple[str, datetime, datetime]]:
        """Who held the task over which part of `span`, in order: a hand-over (转办) in the
        period splits it, so each owner answers for their own time."""
        start, end = span
        moves = self.handovers.get(state.id)
        if not moves:  # most tasks: held by one owner all the period
            return [(state.owner, start, end)] if end > start else []
        who, cursor, parts = self.owner_at(state, utc_text(start)), start, []
        for at, _frm, to in moves:
            moment = parse_utc(at)
            if start < moment < end:
                parts.append((who, cursor, moment))
                who, cursor = to, moment
        parts.append((who, cursor, end))
        return [part for part in parts if part[2] > part[1]]


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


def tally(states: list[TaskState], places: dict[int, str], healths: dict[int, str],
          activity: Activity, period: Period, as_of: datetime, rules: HealthRules,
          flagged: dict[str, list[str]]) -> dict[str, Person]:
    """Every owner's figures for the period (states as of `as_of`).

    A task's outcome (done, late, stalled, behind, its rating) is its owner's at as_of; its
    check-ins due and escalations are split among those who held it in the period, by the
    time each held it. A `done` report counts as a check-in that moved the progress.
    """
    w = Window.of(period, as_of)
    people: dict[str, Person] = {}

    def person(name: str) -> Person:
        return people.get(name) or people.setdefault(name, Person(name, flagged=flagged.get(name, [])))

    for t in states:
        p = person(t.owner)
        where, health = places[t.id], healths[t.id]
        p.assigned += w.start <= t.created < w.end
        reported: str | None = None  # who reported it done with `done` (not a check-in)
        if where == "done":
            p.done += 1
            how = finished_how(t)
            setattr(p, f"done_{how}", getattr(p, f"done_{how}") + 1)
            if t.rating is not None:
                p.ratings.append(t.rating)
            if t.finished_at != t.last_checkin:
                reported = activity.owner_at(t, t.finished_at)
        if not t.waived:
            p.late += health == "late"
            for at in activity.escalated.get(t.id, ()):
                person(activity.owner_at(t, at)).escalations += 1
        p.stalled += health == "stalled"
        p.behind += health == "behind"
        span = open_span(t, period, as_of) if where != "closed" and t.due is not None else None
        owed: dict[str, float] = {}
        for who, start, end in activity.holders(t, span) if span is not None else ():
            owed[who] = owed.get(who, 0.0) + checkins_due(t, (start, end), rules)
        for who in {t.owner, *owed}:
            made, counted = activity.checkins.get((t.id, who), (0, 0))
            holder = person(who)
            holder.checkins += made
            if who in owed:
                holder.held += 1
                holder.checkins_due += owed[who]
                holder.checkins_counted += min(owed[who], counted + (who == reported))
    for p in people.values():
        p.checkins_due = round(p.checkins_due, 4)
        p.checkins_counted = round(p.checkins_counted, 4)
    return people
