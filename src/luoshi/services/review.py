"""The review (督查 and 考核): the report of a period, as the ledger stood when the period was
read.

A report reads the ledger at its period's `as_of`: now, or the period's last second once it
has ended — so the same period reads the same whichever later day it is printed, and events
recorded after that moment are ignored. Only tasks open or touched since the period began
are read; a task changed since `as_of` is replayed from its events up to then, the others
stand in the current-state table as they stood. Counts are made in SQL. Scope, places and
totals are domain/review.py's; the score is domain/scoring.py's.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from datetime import timedelta
from typing import Any

from luoshi.domain import patterns as pat
from luoshi.domain import review as rv
from luoshi.domain import scoring
from luoshi.domain.events import Event
from luoshi.domain.milestones import roll_all
from luoshi.domain.periods import MAX_DAYS, Period, period_of
from luoshi.domain.task import TaskState, replay
from luoshi.errors import BadInput
from luoshi.i18n import _
from luoshi.services import inputs, rulebook
from luoshi.services.context import Context
from luoshi.services.ledger import open_view
from luoshi.services.views import event_json, local, task_dict

TREND_PERIODS = 8
SECTION_HEALTHS = ("late", "stalled", "blocked", "behind", "due_soon")


@dataclass
class Report:
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return self.data


def choose_period(ctx: Context, kind: str | None, since: str | None, until: str | None) -> Period:
    if since or until:
        if kind:
            raise BadInput(_("give either a period (--week, --month…) or --since/--until, not both"))
        if not (since and until):
            raise BadInput(_("--since and --until go together"), _("e.g. --since 2026-11-01 --until 2026-11-30"))
        first, last = inputs.bound(ctx, since, "--since"), inputs.bound(ctx, until, "--until")
        if last < first:
            raise BadInput(_("--until ({until}) is before --since ({since})").format(
                until=last.isoformat(), since=first.isoformat()), _("swap them"))
        if (last - first).days > MAX_DAYS:
            raise BadInput(_("a report covers at most ten years"), _("choose a shorter period"))
        tz = ctx.now.tzinfo
        start = _day_start(first, tz)
        return Period(start, _day_start(last + timedelta(days=1), tz))
    return period_of(kind or "week", ctx.now, ctx.config.report.review_day)


def _day_start(day, tz):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, tzinfo=tz)


@dataclass
class _Reading:
    """What a report reads from the ledger."""

    states: list[TaskState] = field(default_factory=list)  # as of as_of, by id
    checkins: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)
    period_events: list[Event] = field(default_factory=list)
    events: dict[int, list[Event]] = field(default_factory=dict)  # the tasks replayed to as_of
    tails: dict[int, int] = field(default_factory=dict)  # reports without progress: the progress
    moved: dict[int, list] = field(default_factory=dict)  # bounced, moves only when pushed
    finished: list[tuple] = field(default_factory=list)  # the trend's rows
    milestones: list[TaskState] = field(default_factory=list)  # of the tasks read, as of as_of


def _read(ledger, window: dict, lead, project, th: pat.Thresholds, trend_from: str | None) -> _Reading:
    who = {"lead": lead, "project": project}
    states = {s.id: s for s in ledger.report_tasks(window, **who)}
    replayed = ledger.report_replay_events(window, **who)
    changed = {e.task_id for e in replayed}  # judged on all their events up to as_of
    by_task: dict[int, list[Event]] = {}
    for e in replayed:
        by_task.setdefault(e.task_id, []).append(e)
    moved = {}  # the others' hand-overs and pushes, read one task at a time
    for task_id, events in groupby(ledger.report_pattern_events(
            window, th.bounce_count, th.pushed_min, **who), key=attrgetter("task_id")):
        task = states.get(task_id)
        found = pat.moves(list(events), th, task.helpers if task else ())
        if found and task_id not in changed:
            moved[task_id] = found
    tails = {k: v for k, v in ledger.report_idle_tails(window, th.idle_checkins, **who).items()
             if k not in changed}
    states.update(replay(replayed))
    if lead is not None or project is not None:  # as the replayed tasks stood at as_of
        states = {k: s for k, s in states.items() if (lead is None or s.lead == lead)
                  and (project is None or s.project == project)}
    finished = ledger.finished_between(trend_from, window["end"]) if trend_from else []
    return _Reading([states[k] for k in sorted(states)], ledger.report_checkins(window, **who),
                    ledger.report_period_events(window, **who), by_task, tails, moved, finished,
                    _milestones(ledger, states, window["as_of"]))


def _milestones(ledger, states: dict[int, TaskState], as_of: str) -> list[TaskState]:
    """The milestones of the tasks read, as of as_of: those in the report's scope as read (a
    task changed since as_of replayed), the others as they stand (untouched since before the
    period began), none created after as_of."""
    return [states.get(m.id, m) for m in ledger.descendants(list(states)) if m.created <= as_of]


def build_report(ctx: Context, kind: str | None = None, since: str | None = None,
                 until: str | None = None, owner: str | None = None, lead: str | None = None,
                 project: str | None = None, shown: int | None = None,
                 trend: bool = False) -> Report:
    """The review of a period (see the module docstring). With `shown`, each list holds at
    most that many items (the tasks due first) and `totals` tells how many there are."""
    period = choose_period(ctx, kind, since, until)
    owner = inputs.name(owner, _("owner")) if owner else None
    lead = inputs.name(lead, _("lead")) if lead else None
    project = inputs.label(project, _("project")) if project else None
    as_of = period.as_of(ctx.now)
    window = rv.Window.of(period, as_of)
    th = rulebook.thresholds(ctx.config)
    trend_from = _trend_start(period) if trend else None
    reading = _Reading()
    ledger = open_view(ctx)
    if ledger is not None:
        with ledger, ledger.reading():
            reading = _read(ledger, vars(window), lead, project, th, trend_from)
    return Report(_assemble(ctx, period, as_of, window, reading, owner, shown, trend_from))


def _trend_start(period: Period) -> str | None:
    if period.kind == "custom":
        return None
    first = period
    for _i in range(TREND_PERIODS - 1):
        first = first.previous()
    return rv.Window.of(first, first.start).start


def _assemble(ctx: Context, period: Period, as_of, w: rv.Window, reading: _Reading,
              owner: str | None, shown: int | None, trend_from: str | None) -> dict[str, Any]:
    rules, th, weights = ctx.health_rules, rulebook.thresholds(ctx.config), rulebook.weights(ctx.config)
    places = {s.id: rv.place(s, w) for s in reading.states}
    read = roll_all([s for s in reading.states if places[s.id] is not None], reading.milestones,
                    as_of, rules)
    states = [r.state for r in read.values()]  # open parents with their milestones' progress
    healths = {k: r.health for k, r in read.items()}
    tails = reading.tails
    found = [{"pattern": name, "task": s.id, "title": s.title, "owner": s.owner, "evidence": why}
             for s in states for name, why in pat.find(
                 s, reading.events.get(s.id, []), as_of, s.cadence or rules.cadence, th,
                 [tails[s.id]] * th.idle_checkins if s.id in tails else None,
                 None if s.id in reading.events else reading.moved.get(s.id, []))]
    flagged: dict[str, list[str]] = {}
    for f in found:
        flagged.setdefault(f["owner"], [])
        if f["pattern"] not in flagged[f["owner"]]:
            flagged[f["owner"]].append(f["pattern"])
    activity = rv.Activity(reading.checkins)
    for e in reading.period_events:
        if e.kind == "escalated":
            activity.escalated.setdefault(e.task_id, []).append(e.at)
        elif e.kind == "reassigned":
            activity.handovers.setdefault(e.task_id, []).append(
                (e.at, e.payload["from_owner"], e.payload["to_owner"]))
    people = rv.tally(states, places, healths, activity, period, as_of, rules, flagged)
    for person in people.values():
        scoring.score(person, weights)
    ordered = scoring.rank(list(people.values()), weights.min_done_for_star)
    if owner is not None:  # the office-wide rank, shown for one person
        states = [s for s in states if s.owner == owner]
        ordered = [p for p in ordered if p.name == owner]
        found = [f for f in found if f["owner"] == owner]
    ids = {s.id for s in states}
    events = [e for e in reading.period_events if e.task_id in ids]
    return _document(ctx, period, as_of, w, states, places, read, ordered, found, events,
                     shown, _trend(period, reading.finished) if trend_from else [])


def _document(ctx, period, as_of, w, states, places, read, people, found, events, shown,
              trend) -> dict[str, Any]:
    rules = ctx.health_rules
    healths = {k: r.health for k, r in read.items()}
    nxt = rv.Window.of(period.next(), period.next().start)
    row = lambda s: task_dict(s, healths[s.id], read[s.id].children, read[s.id].expected) | \
        _review_columns(s, places[s.id], w, as_of, rules)
    lists = _sections(states, places, healths, nxt)
    titles = {s.id: (s.title, s.owner) for s in states}
    by_kind = {k: [dict(event_json(e), title=titles[e.task_id][0], owner=titles[e.task_id][1])
                   for e in events if e.kind == kind]
               for k, kind in (("escalations", "escalated"), ("extensions", "extended"),
                               ("handovers", "reassigned"), ("waivers", "waived"),
                               ("closures", "closed"))}
    totals = _totals(states, places, healths, w) | {k: len(v) for k, v in by_kind.items()}
    totals["patterns"] = len(found)
    cut = (lambda items: items) if shown is None else (lambda items: items[:shown])
    due_first = lambda s: (s.due or "~", s.id)  # noqa: E731
    first = ((lambda items: sorted(items, key=due_first)) if shown is None else
             (lambda items: heapq.nsmallest(shown, items, key=due_first)))  # = sorted(…)[:shown]
    doc: dict[str, Any] = {
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(), "kind": period.kind},
        "as_of": as_of.isoformat(),
        "totals": totals,
        "tasks": [row(s) for s in (states if shown is None else first(states))],
        **{k: [row(s) for s in first(v)] for k, v in lists.items()},
        **{k: cut(v) for k, v in by_kind.items()},
        "people": [_person(p) for p in people],
        "patterns": cut(found),
        "formula": scoring.formula(rulebook.weights(ctx.config)),
        "trend": trend,
    }
    return doc


def _sections(states, places, healths, nxt: rv.Window) -> dict[str, list[TaskState]]:
    """The report's lists of tasks (done, one per health of an open task, due next), in the
    order of `states`."""
    lists: dict[str, list[TaskState]] = {"done": [], **{h: [] for h in SECTION_HEALTHS},
                                         "due_next": []}
    for s in states:
        where = places[s.id]
        if where == "done":
            lists["done"].append(s)
        elif where == "open":
            found = lists.get(healths[s.id])
            if found is not None:
                found.append(s)
            if s.due is not None and nxt.start <= s.due < nxt.end:
                lists["due_next"].append(s)
    return lists


def _review_columns(s: TaskState, where: str, w: rv.Window, as_of, rules) -> dict[str, Any]:
    """A shown task's columns of the review (built only for the rows a report holds)."""
    return {
        "finished": rv.finished_how(s) if where == "done" else None,
        "finished_at": local(s.finished_at), "closed_at": local(s.closed_at),
        "in_period": where, "days_late": rv.days_late(s, w, as_of, rules),
        "latest_note": s.last_note, "latest_note_at": local(s.last_note_at),
        "extensions": s.extensions, "reassigned": s.reassigned, "waived": bool(s.waived),
        "extension_reason": s.extension_reason,
    }


def _totals(states, places, healths, w: rv.Window) -> dict[str, Any]:
    from collections import Counter

    t: dict[str, Any] = {"tasks": len(states), "assigned": sum(w.start <= s.created < w.end for s in states)}
    where = Counter(places[s.id] for s in states)
    hows = Counter(rv.finished_how(s) for s in states if places[s.id] == "done")
    t["done"] = where["done"]
    for how in rv.DONE_KINDS:
        t[f"done_{how}"] = hows[how]
    kinds = Counter(healths[s.id] for s in states if places[s.id] == "open")
    t["open"] = where["open"]
    for h in rv.OPEN_HEALTHS:
        t[h] = kinds[h]
    t["closed"] = sum(s.closed_at is not None and w.start <= s.closed_at < w.end for s in states)
    t["cancelled"] = where["cancelled"]
    t["closed_only"] = where["closed"]
    timely = t["done_on_time"] + t["done_after_extension"] + t["done_waived"]
    t["on_time_rate"] = round(timely / t["done"], 4) if t["done"] else None
    t["done_rate"] = round(t["done"] / (t["done"] + t["open"]), 4) if t["done"] + t["open"] else None
    return t


def _person(p: scoring.Person) -> dict[str, Any]:
    return {
        "name": p.name, "held": p.held, "assigned": p.assigned, "done": p.done,
        "done_on_time": p.done_on_time, "done_after_extension": p.done_after_extension,
        "done_late": p.done_late, "done_waived": p.done_waived, "late": p.late,
        "stalled": p.stalled, "behind": p.behind, "checkins": p.checkins,
        "checkins_counted": p.checkins_counted, "checkins_due": p.checkins_due,
        "escalations": p.escalations, "avg_rating": p.avg_rating, "components": p.components,
        "score": p.score, "rank": p.rank, "stars": p.stars, "bottom": p.bottom,
        "flagged": p.flagged,
    }


def _trend(period: Period, finished: list[tuple]) -> list[dict[str, Any]]:
    """Done, done on time and done late in each of the last periods (oldest first)."""
    periods = [period]
    for _i in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())
    out = []
    for p in periods:
        w = rv.Window.of(p, p.start)
        rows = [r for r in finished if w.start <= r[0] < w.end]
        late = sum(1 for at, original, due, waived in rows if due and at > due and not waived)
        out.append({"start": p.start.isoformat(), "end": p.end.isoformat(), "done": len(rows),
                    "done_on_time": len(rows) - late, "done_late": late})
    return out

