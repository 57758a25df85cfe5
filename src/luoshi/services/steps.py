"""The step commands after assign: each appends one event to one task, or refuses.

A task with milestones takes no check-ins of its own (its progress is theirs), and is not
closed while one of them is open. Every step runs the same way: open the ledger, take the write lock, return the earlier
result if this invocation's key was already recorded (a retried command records nothing
twice), check whether the task's status allows the step and who may take it, then record.
"""

from __future__ import annotations

from typing import Callable

from luoshi.domain import events as ev
from luoshi.domain import rules
from luoshi.domain.ladder import RUNGS, parse_rung
from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import get_task, open_for_writing, record
from luoshi.services.milestones import read_task
from luoshi.services.views import StepResult, event_json


def fail_with(problem: rules.Problem) -> None:
    raise (BadInput if problem.bad_input else Refused)(problem.message, problem.hint)


def apply(ctx: Context, task_id: int, make: Callable[..., ev.Payload]) -> StepResult:
    """Record what `make(state, ledger)` decides for the task; `make` may refuse by raising."""
    with open_for_writing(ctx) as ledger, ledger.writing():
        done = ledger.events_with_key(ctx.key, ctx.actor)
        if done:
            state = ledger.task(done[-1].task_id)
            return StepResult(event=event_json(done[-1]), replayed=True,
                              task=read_task(ledger, ctx, state))
        state = get_task(ledger, task_id)
        payload = make(state, ledger)
        for problem in (rules.may_step(payload.kind, state),
                        rules.may_act(payload.kind, state, ctx.actor, ctx.role)):
            if problem:
                fail_with(problem)
        event, new_state = record(ledger, ctx, task_id, state, payload)
        return StepResult(event=event_json(event), task=read_task(ledger, ctx, new_state))


def checkin(ctx: Context, task_id: int, progress: object, note: str | None = None,
            blocker: str | None = None) -> StepResult:
    value, problem = rules.check_progress(progress)
    if problem:
        fail_with(problem)
    note = inputs.text(note, _("note"))
    blocker = inputs.text(blocker, _("blocker"))

    def make(state: TaskState, ledger) -> ev.Payload:
        counted = [m for m in ledger.milestones(state.id) if m.status != "cancelled"]
        problem = rules.may_check_in_alone(state, len(counted))
        if problem:
            fail_with(problem)
        return ev.CheckedIn(progress=value, note=note, blocker=blocker)

    return apply(ctx, task_id, make)


def remind(ctx: Context, task_id: int, note: str | None = None) -> StepResult:
    note = inputs.text(note, _("note"))
    return apply(ctx, task_id, lambda s, _l: ev.Reminded(note=note))


def escalate(ctx: Context, task_id: int, reason: str, to: str | None = None) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    target = None
    if to is not None:
        target = parse_rung(to)
        if target is None:
            names = ", ".join(f"{n} {zh}/{en}" for n, (zh, en) in RUNGS.items())
            raise BadInput(_("{rung!r} is not a rung of the ladder").format(rung=to),
                           _("use one of: {choices}").format(choices=names))

    def make(state: TaskState, _ledger) -> ev.Payload:
        rung, problem = rules.next_rung(state, target)
        problem = problem or rules.may_escalate_to(rung, state, ctx.actor, ctx.role)
        if problem:
            fail_with(problem)
        return ev.Escalated(rung=rung, reason=reason)

    return apply(ctx, task_id, make)


def score(ctx: Context, task_id: int, rating: object, note: str | None = None) -> StepResult:
    import unicodedata

    raw = unicodedata.normalize("NFKC", str(rating)).strip()
    if isinstance(rating, bool) or not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 5):
        raise BadInput(_("rating {rating!r} is not a whole number from 1 to 5").format(rating=rating),
                       _("rate quality and effect from 1 (poor) to 5 (excellent)"))
    note = inputs.text(note, _("note"))
    return apply(ctx, task_id, lambda s, _l: ev.Scored(rating=int(raw), note=note))


def done(ctx: Context, task_id: int, evidence: str | None = None) -> StepResult:
    evidence = inputs.text(evidence, _("evidence"))
    return apply(ctx, task_id, lambda s, _l: ev.Finished(evidence=evidence))


def close(ctx: Context, task_id: int, note: str | None = None) -> StepResult:
    note = inputs.text(note, _("note"))

    def make(state: TaskState, ledger) -> ev.Payload:
        still_open = [m.id for m in ledger.milestones(state.id) if m.status == "open"]
        if still_open:
            raise Refused(_("task {id} has open milestones: {ids}").format(
                id=state.id, ids=", ".join(f"#{c}" for c in still_open)),
                _("finish or cancel them first"))
        return ev.Closed(note=note)

    return apply(ctx, task_id, make)


def reopen(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return apply(ctx, task_id, lambda s, _l: ev.Reopened(reason=reason))


def reassign(ctx: Context, task_id: int, owner: str, reason: str) -> StepResult:
    owner = inputs.name(owner, _("new owner"))
    reason = inputs.text(reason, _("reason"), required=True)

    def make(state: TaskState, _ledger) -> ev.Payload:
        if owner == state.owner:
            raise BadInput(_("task {id} already belongs to {owner}").format(id=task_id, owner=owner))
        return ev.Reassigned(from_owner=state.owner, to_owner=owner, reason=reason)

    return apply(ctx, task_id, make)


def cancel(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return apply(ctx, task_id, lambda s, _l: ev.Cancelled(reason=reason))


def waive(ctx: Context, task_id: int, reason: str) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    return apply(ctx, task_id, lambda s, _l: ev.Waived(reason=reason, rung=0))
