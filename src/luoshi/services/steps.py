"""The step commands after assign: each appends one event to one task, or refuses.

Every step runs the same way: open the ledger, take the write lock, return the earlier
result if this invocation's key was already recorded (a retried command records nothing
twice), check who may act and whether the task's status allows the step, then record.
"""

from __future__ import annotations

from typing import Callable

from luoshi.clock import to_utc_text
from luoshi.domain import events as ev
from luoshi.domain import rules
from luoshi.domain.ladder import parse_rung, RUNGS
from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import get_task, open_ledger, record
from luoshi.services.views import StepResult, TaskView, event_json


def _raise(problem: rules.Problem) -> None:
    raise (BadInput if problem.bad_input else Refused)(problem.message, problem.hint)


def _apply(ctx: Context, task_id: int, step: str,
           make: Callable[[TaskState], ev.Payload]) -> StepResult:
    with open_ledger(ctx) as ledger, ledger.writing():
        done = ledger.events_with_key(ctx.key)
        if done:
            state = ledger.task(done[-1].task_id)
            return StepResult(event=event_json(done[-1]), task=TaskView.of(state, ctx),
                              replayed=True)
        state = get_task(ledger, task_id)
        for problem in (rules.may_step(step, state), rules.may_act(step, state, ctx.actor, ctx.team_lead)):
            if problem:
                _raise(problem)
        event, new_state = record(ledger, ctx, task_id, state, make(state))
        return StepResult(event=event_json(event), task=TaskView.of(new_state, ctx))


def checkin(ctx: Context, task_id: int, progress: object, note: str | None = None,
            blocker: str | None = None) -> StepResult:
    value, problem = rules.check_progress(progress)
    if problem:
        _raise(problem)
    note = inputs.text(note, _("note"))
    blocker = inputs.text(blocker, _("blocker"))
    return _apply(ctx, task_id, "checkin",
                  lambda s: ev.CheckedIn(progress=value, note=note, blocker=blocker))


def remind(ctx: Context, task_id: int, note: str | None = None) -> StepResult:
    note = inputs.text(note, _("note"))
    return _apply(ctx, task_id, "remind", lambda s: ev.Reminded(note=note))


def escalate(ctx: Context, task_id: int, reason: str, to: str | None = None) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    target = None
    if to is not None:
        target = parse_rung(to)
        if target is None:
            names = ", ".join(f"{n} {zh}/{en}" for n, (zh, en) in RUNGS.items())
            raise BadInput(_("{rung!r} is not a rung of the ladder").format(rung=to),
                           _("use one of: {choices}").format(choices=names))

    def make(state: TaskState) -> ev.Payload:
        rung, problem = rules.next_rung(state, target)
        if problem:
            _raise(problem)
        return ev.Escalated(rung=rung, reason=reason)

    return _apply(ctx, task_id, "escalate", make)


def score(ctx: Context, task_id: int, rating: object, note: str | None = None) -> StepResult:
    raw = str(rating).strip()
    if isinstance(rating, bool) or not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 5):
        raise BadInput(_("rating {rating!r} is not a whole number from 1 to 5").format(rating=rating),
                       _("rate quality and effect from 1 (poor) to 5 (excellent)"))
    note = inputs.text(note, _("note"))
    return _apply(ctx, task_id, "score", lambda s: ev.Scored(rating=int(raw), note=note))


def done(ctx: Context, task_id: int, evidence: str | None = None) -> StepResult:
    evidence = inputs.text(evidence, _("evidence"))
    return _apply(ctx, task_id, "done", lambda s: ev.Finished(evidence=evidence))


def close(ctx: Context, task_id: int, note: str | None = None) -> StepResult:
    note = inputs.text(note, _("note"))
    return _apply(ctx, task_id, "close", lambda s: ev.Closed(note=note))


def reopen(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return _apply(ctx, task_id, "reopen", lambda s: ev.Reopened(reason=reason))


def extend(ctx: Context, task_id: int, due: str, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    new_due = to_utc_text(inputs.when(due, ctx.now, _("new deadline")))

    def make(state: TaskState) -> ev.Payload:
        if new_due == state.due:
            raise BadInput(_("task {id} is already due then").format(id=task_id),
                           _("give a different deadline"))
        return ev.Extended(due=new_due, reason=reason)

    return _apply(ctx, task_id, "extend", make)


def reassign(ctx: Context, task_id: int, owner: str, reason: str) -> StepResult:
    owner = inputs.name(owner, _("new owner"))
    reason = inputs.text(reason, _("reason"), required=True)

    def make(state: TaskState) -> ev.Payload:
        if owner == state.owner:
            raise BadInput(_("task {id} already belongs to {owner}").format(id=task_id, owner=owner))
        return ev.Reassigned(from_owner=state.owner, to_owner=owner, reason=reason)

    return _apply(ctx, task_id, "reassign", make)


def cancel(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return _apply(ctx, task_id, "cancel", lambda s: ev.Cancelled(reason=reason))


def waive(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return _apply(ctx, task_id, "waive", lambda s: ev.Waived(reason=reason, rung=0))
