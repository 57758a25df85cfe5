"""The review (督查 and 考核): the report of a period, and automatic escalation.

A report shows the ledger as it stood at "now": events recorded later are ignored, so a
report for last Friday can be printed again on Monday and says the same. Only tasks that
are open or were touched since the period began are read. When nothing was recorded after
"now", the report reads the current-state table and counts events in SQL (a million events
take well under a second); otherwise it replays the events of those tasks up to "now".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from pydantic import BaseModel

from luoshi.clock import to_utc_text
from luoshi.domain import patterns as pat
from luoshi.domain import scoring
from luoshi.domain.escalation import Rule, auto_escalation
from luoshi.domain.events import Escalated, Event
from luoshi.domain.periods import Period, period_of
from luoshi.domain.task import TaskState, health, replay
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import open_ledger, record
from luoshi.services.views import TaskView, event_json, local, task_dict

SYSTEM_ACTOR = "luoshi"


class Report(BaseModel):
    period: dict[str, str]
    done: list[dict[str, Any]]
    late: list[dict[str, Any]]
    stalled: list[dict[str, Any]]
    blocked: list[dict[str, Any]]
    due_next: list[dict[str, Any]]
    escalations: list[dict[str, Any]]
    people: list[dict[str, Any]]
    patterns: list[dict[str, Any]]
    formula: str
    totals: dict[str, int] = {}  # per list: how many in all (more than listed when capped)


def choose_period(ctx: Context, kind: str | None, since: str | None, until: str | None) -> Period:
    if since or until:
        if kind:
            raise BadInput(_("give either a period (--week, --month…) or --since/--until, not both"))
        if not (since and until):
            raise BadInput(_("--since and --until go together"), _("e.g. --since 2026-11-01 --until 2026-11-30"))
        midnight = dict(hour=0, minute=0, second=0, microsecond=0)
        start = inputs.when(since, ctx.now, "--since").replace(**midnight)
        end = inputs.when(until, ctx.now, "--until").replace(**midnight) + timedelta(days=1)
        if end <= start:
            raise BadInput(_("--until is before --since"))
        return Period(start, end)
    return period_of(kind or "week", ctx.now)


@dataclass
class _Reading:
    """What a report reads from the ledger, whichever way it was read."""

    states: list[TaskState]  # the tasks in scope, as of now, by id
    counts: dict[int, tuple[int, int]]  # per task: owner's check-ins, escalations in period
    escalations: list[Event]  # escalated events in the period, of tasks in scope, in order
    events: dict[int, list[Event]]  # per task, its events up to now, where patterns need them


def build_report(ctx: Context, kind: str | None = None, since: str | None = None,
                 until: str | None = None, owner: str | None = None, lead: str | None = None,
                 project: str | None = None, shown: int | None = None) -> Report:
    """The review of a period as the ledger stood at `ctx.now`.

    With `shown`, each list holds at most that many items (the tasks due first) and
    `totals` tells how many there are: what a terminal needs, without building the rest.

    When no event is later than now (the usual case) the current-state table is the state
    as of now: the report reads it and counts in SQL. Otherwise (a report "as of" a past
    moment) it replays the events up to now of the tasks in scope. Both give the same
    report (a property test compares them)."""
    period = choose_period(ctx, kind, since, until)
    th = pat.Thresholds(**ctx.config.patterns.model_dump())
    with open_ledger(ctx) as ledger, ledger.reading():
        last = ledger.last_event_at()
        read = _read_state if last is None or last <= to_utc_text(ctx.now) else _read_events
        reading = read(ledger, ctx, period, th, owner, lead, project)
    return _assemble(ctx, period, reading, th, shown)


def _read_state(ledger, ctx: Context, period: Period, th: pat.Thresholds,
                owner, lead, project) -> _Reading:
    start, end, now = to_utc_text(period.start), to_utc_text(period.end), to_utc_text(ctx.now)
    who = {"owner": owner, "lead": lead, "project": project}
    by_task: dict[int, list[Event]] = {}
    for e in ledger.report_pattern_events(start, now, th.pushed_min, th.idle_checkins, **who):
        by_task.setdefault(e.task_id, []).append(e)
    return _Reading(ledger.report_tasks(start, **who),
                    ledger.report_counts(start, end, now, **who),
                    ledger.report_escalations(start, end, now, **who), by_task)


def _read_events(ledger, ctx: Context, period: Period, th: pat.Thresholds,
                 owner, lead, project) -> _Reading:
    start, end = to_utc_text(period.start), to_utc_text(period.end)
    events = list(ledger.report_events(start, to_utc_text(ctx.now)))
    by_task: dict[int, list[Event]] = {}
    for e in events:
        by_task.setdefault(e.task_id, []).append(e)
    states = {s.id: s for s in replay(events).values()
              if (owner is None or s.owner == owner) and (lead is None or s.lead == lead)
              and (project is None or s.project == project)}
    counts: dict[int, tuple[int, int]] = {}
    escalations = []
    for e in events:
        state = states.get(e.task_id)
        if state is None or not start <= e.at < end:
            continue
        mine, up = counts.get(e.task_id, (0, 0))
        if e.kind == "checked_in" and e.actor == state.owner:
            counts[e.task_id] = (mine + 1, up)
        elif e.kind == "escalated":
            counts[e.task_id] = (mine, up + 1)
            escalations.append(e)
    return _Reading(sorted(states.values(), key=lambda s: s.id), counts, escalations, by_task)


def _assemble(ctx: Context, period: Period, reading: _Reading, th: pat.Thresholds,
              shown: int | None = None) -> Report:
    cfg, now, states = ctx.config, ctx.now, reading.states
    cadence = cfg.health.seconds("cadence")
    now_text, h = to_utc_text(now), cfg.health
    limits = (cadence, h.seconds("due_soon"), h.seconds("urgent_due_soon"))
    healths = {s.id: _health(s, now, now_text, limits) for s in states}
    weights = scoring.Weights(**cfg.score.model_dump(exclude={"min_done_for_star"}))
    people = scoring.tally(states, reading.counts, healths, period, now, cadence)
    for person in people.values():
        scoring.score(person, weights)
    ordered = scoring.rank(list(people.values()), cfg.score.min_done_for_star)
    found = [{"pattern": name, "task": s.id, "title": s.title, "owner": s.owner, "evidence": ev}
             for s in states for name, ev in pat.find(s, reading.events.get(s.id, []), now,
                                                      s.cadence or cadence, th)]
    start, end = to_utc_text(period.start), to_utc_text(period.end)
    nxt = period.next()
    next_start, next_end = to_utc_text(nxt.start), to_utc_text(nxt.end)
    view = lambda s: task_dict(s, healths[s.id])
    lists = {
        "done": [s for s in states if s.status in ("done", "closed") and start <= s.finished_at < end],
        "late": [s for s in states if healths[s.id] == "late"],
        "stalled": [s for s in states if healths[s.id] == "stalled"],
        "blocked": [s for s in states if healths[s.id] == "blocked"],
        "due_next": [s for s in states if s.status == "open" and next_start <= s.due < next_end],
    }
    totals = {k: len(v) for k, v in lists.items()}
    totals |= {"escalations": len(reading.escalations), "patterns": len(found)}
    if shown is not None:  # the tasks due first, as a terminal shows them
        lists = {k: sorted(v, key=lambda s: (s.due, s.id))[:shown] for k, v in lists.items()}
    cut = (lambda items: items[:shown]) if shown is not None else (lambda items: items)
    return Report(
        period={"start": period.start.isoformat(), "end": period.end.isoformat()},
        done=[_done(view(s), s) for s in lists["done"]],
        late=[view(s) for s in lists["late"]], stalled=[view(s) for s in lists["stalled"]],
        blocked=[view(s) for s in lists["blocked"]],
        due_next=[view(s) for s in lists["due_next"]],
        escalations=[event_json(e) for e in cut(reading.escalations)],
        people=[_person(p) for p in ordered],
        patterns=cut(found),
        formula=scoring.formula(weights),  # in the chosen language
        totals=totals,
    )


def _health(state: TaskState, now, now_text: str, limits: tuple[int, int, int]) -> str:
    """The task's health at now; `late` read from text first (most open tasks of a big
    ledger are late, and this spares parsing their times)."""
    if state.status != "open":
        return state.status
    if state.due <= now_text:
        return "late"
    return health(state, now, *limits)


def _done(view: dict[str, Any], state) -> dict[str, Any]:
    if state.finished_at <= state.original_due:
        how = "on_time"
    elif state.finished_at <= state.due:
        how = "after_extension"
    else:
        how = "late"
    return view | {"finished": how, "finished_at": local(state.finished_at)}


def _person(p: scoring.Person) -> dict[str, Any]:
    return {
        "name": p.name, "assigned": p.assigned, "done": p.done, "done_on_time": p.done_on_time,
        "done_after_extension": p.done_after_extension, "late": p.late, "stalled": p.stalled,
        "checkins": p.checkins, "checkins_due": p.checkins_due, "escalations": p.escalations,
        "avg_rating": p.avg_rating, "components": p.components, "score": p.score,
        "rank": p.rank, "stars": p.stars, "bottom": p.bottom,
    }


class AutoEscalation(BaseModel):
    dry_run: bool
    escalations: list[dict[str, Any]]
    replayed: bool = False


def _rules(ctx: Context) -> tuple[Rule, ...]:
    esc = ctx.config.escalation
    rules = [Rule(f"late by {d:g} day(s) or more / 逾期{d:g}天以上", rung, late_days=d)
             for d, rung in esc.late]
    if esc.stalled:
        rules.append(Rule("stalled: no check-in within the cadence / 超过反馈周期未反馈",
                          esc.stalled, stalled=True))
    return tuple(rules)


def auto_escalate(ctx: Context, dry_run: bool = False) -> AutoEscalation:
    """Apply the rules to every open task; the system is the actor, the rule the reason.

    On a team ledger the server records every event as the connected member, so the member
    who runs the rules is the actor (the rule is still the reason), and must be a lead."""
    rules = _rules(ctx)
    if ctx.team_lead is None:
        system = replace(ctx, actor=SYSTEM_ACTOR)
    elif ctx.team_lead or dry_run:
        system = ctx
    else:
        raise Refused(_("escalate --auto on a team ledger needs a lead; {actor} is not one")
                      .format(actor=ctx.actor),
                      _("a lead runs it, or try --dry-run to see what it would do"))
    with open_ledger(ctx) as ledger, ledger.writing():
        done = ledger.events_with_key(ctx.key)
        if done:
            return AutoEscalation(dry_run=False, replayed=True,
                                  escalations=[event_json(e) for e in done])
        out = []
        for state in ledger.tasks(statuses=("open",)):
            decision = auto_escalation(state, ctx.now, TaskView.of(state, ctx).health, rules)
            if decision is None:
                continue
            rung, rule = decision
            item = {"task": state.id, "title": state.title, "owner": state.owner,
                    "from": state.escalation, "to": rung, "rule": rule}
            if not dry_run:
                payload = Escalated(rung=rung, reason=rule, rule=rule)
                record(ledger, system, state.id, state, payload, f"#{len(out)}")
            out.append(item)
        return AutoEscalation(dry_run=dry_run, escalations=out)
