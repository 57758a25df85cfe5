"""The review (督查 and 考核): the report of a period, and automatic escalation.

A report shows the ledger as it stood at "now": events recorded later are ignored, so a
report for last Friday can be printed again on Monday and says the same. Only tasks that
are open or were touched since the period began are read, in one indexed query.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from luoshi.clock import to_utc_text
from luoshi.domain import patterns as pat
from luoshi.domain import scoring
from luoshi.domain.escalation import Rule, auto_escalation
from luoshi.domain.events import Escalated
from luoshi.domain.periods import Period, period_of
from luoshi.domain.task import replay
from luoshi.domain.times import parse_utc
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import open_ledger, record
from luoshi.services.views import TaskView, event_json

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


def choose_period(ctx: Context, kind: str | None, since: str | None, until: str | None) -> Period:
    if since or until:
        if kind:
            raise BadInput(_("give either a period (--week, --month…) or --since/--until, not both"))
        if not (since and until):
            raise BadInput(_("--since and --until go together"), _("e.g. --since 2026-11-01 --until 2026-11-30"))
        start = inputs.when(since, ctx.now, "--since").replace(hour=0, minute=0)
        end = inputs.when(until, ctx.now, "--until").replace(hour=0, minute=0) + timedelta(days=1)
        if end <= start:
            raise BadInput(_("--until is before --since"))
        return Period(start, end)
    return period_of(kind or "week", ctx.now)


def _keep(state, owner, lead, project) -> bool:
    return ((owner is None or state.owner == owner) and (lead is None or state.lead == lead)
            and (project is None or state.project == project))


def build_report(ctx: Context, kind: str | None = None, since: str | None = None,
                 until: str | None = None, owner: str | None = None, lead: str | None = None,
                 project: str | None = None) -> Report:
    period = choose_period(ctx, kind, since, until)
    now = ctx.now
    with open_ledger(ctx) as ledger:
        events = list(ledger.report_events(to_utc_text(period.start), to_utc_text(now)))
    by_task: dict[int, list] = {}
    for e in events:
        by_task.setdefault(e.task_id, []).append(e)
    states = [s for s in replay(events).values() if _keep(s, owner, lead, project)]
    views = {s.id: TaskView.of(s, ctx) for s in states}
    healths = {i: v.health for i, v in views.items()}
    cfg = ctx.config
    cadence = cfg.health.seconds("cadence")
    weights = scoring.Weights(**cfg.score.model_dump(exclude={"min_done_for_star"}))
    people = scoring.tally(states, by_task, healths, period, now, cadence)
    for person in people.values():
        scoring.score(person, weights)
    ordered = scoring.rank(list(people.values()), cfg.score.min_done_for_star)
    th = pat.Thresholds(**cfg.patterns.model_dump())
    found = [{"pattern": name, "task": s.id, "title": s.title, "owner": s.owner, "evidence": ev}
             for s in states for name, ev in pat.find(s, by_task.get(s.id, []), now,
                                                      s.cadence or cadence, th)]
    ids_in = lambda health: [views[s.id].model_dump() for s in states if healths[s.id] == health]
    nxt = period.next()
    return Report(
        period={"start": period.start.isoformat(), "end": period.end.isoformat()},
        done=[_done(views[s.id], s) for s in states
              if s.status in ("done", "closed") and period.start <= parse_utc(s.finished_at) < period.end],
        late=ids_in("late"), stalled=ids_in("stalled"), blocked=ids_in("blocked"),
        due_next=[views[s.id].model_dump() for s in states
                  if s.status == "open" and nxt.start <= parse_utc(s.due) < nxt.end],
        escalations=[event_json(e) for e in events if e.kind == "escalated"
                     and e.task_id in views and period.start <= parse_utc(e.at) < period.end],
        people=[_person(p) for p in ordered],
        patterns=found,
        formula=scoring.formula(weights),  # in the chosen language
    )


def _done(view: TaskView, state) -> dict[str, Any]:
    if state.finished_at <= state.original_due:
        how = "on_time"
    elif state.finished_at <= state.due:
        how = "after_extension"
    else:
        how = "late"
    return view.model_dump() | {"finished": how, "finished_at": _local(state.finished_at)}


def _local(text: str) -> str:
    from luoshi.clock import from_utc_text

    return from_utc_text(text).isoformat()


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
