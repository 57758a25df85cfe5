"""The conversation between a lead and an owner: sign, return, ask for time, answer, amend,
note — each one event on the task, like every other step.

How the requests behave is CONTRACT.md's "The dialogue": an owner's `extend` is a request
that moves nothing until the lead approves (`--approve`, possibly with another date) or
rejects it; the lead's own `extend` moves the deadline at once and answers a pending
request; on a personal ledger an owner who is also the task's lead extends at once.
"""

from __future__ import annotations

from luoshi.domain import events as ev
from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.steps import apply
from luoshi.services.views import StepResult


def accept(ctx: Context, task_id: int, note: str | None = None) -> StepResult:
    note = inputs.text(note, _("note"))

    def make(state: TaskState, _ledger) -> ev.Payload:
        if state.accepted is not None and state.owner == ctx.actor:
            raise Refused(_("task {id} was already signed for").format(id=state.id))
        return ev.Accepted(note=note)

    return apply(ctx, task_id, make)


def return_task(ctx: Context, task_id: int, reason: str, missing: list[str] | None = None) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    items = tuple(inputs.text(m, _("missing item"), required=True) for m in missing or ())

    def make(state: TaskState, _ledger) -> ev.Payload:
        if state.returned_at is not None:
            raise Refused(_("task {id} was already returned; its lead has not answered yet").format(
                id=state.id), _("wait for {lead} to amend, reassign or cancel it").format(lead=state.lead))
        return ev.Returned(reason=reason, missing=items)

    return apply(ctx, task_id, make)


def _new_due(ctx: Context, due: str, state: TaskState) -> str:
    """The new deadline as typed, refused when it is in the past or before the current one."""
    from luoshi.clock import to_utc_text

    text = to_utc_text(inputs.deadline(ctx, due, _("new deadline"), extending=state))
    if text == state.due:
        raise BadInput(_("task {id} is already due then").format(id=state.id),
                       _("give a different deadline"))
    return text


def _asked_due(ctx: Context, state: TaskState) -> str:
    """The deadline the owner asked for, refused once it has passed: the lead grants another."""
    from luoshi.domain.dates import moment_label
    from luoshi.domain.times import parse_utc

    asked = parse_utc(state.pending_due)
    if asked <= ctx.now:
        message = _("the deadline {owner} asked for ({when}) has passed").format(
            owner=state.owner, when=moment_label(asked, ctx.now))
        raise BadInput(message, _("grant another date: luoshi extend {id} --approve --due WHEN, or "
                                  "reject the request with --reject --reason TEXT").format(id=state.id))
    return state.pending_due


def _within_parent(ledger, state: TaskState, new_due: str) -> None:
    """A milestone stays due no later than its parent (倒排工期): extend the parent first."""
    parent = ledger.task(state.parent) if state.parent is not None else None
    if parent is not None and parent.due and new_due > parent.due:
        from luoshi.services.views import local

        raise BadInput(_("a milestone of task {id} is due no later than it ({due})").format(
            id=parent.id, due=local(parent.due)), _("extend task {id} first").format(id=parent.id))


def _leads(ctx: Context, state: TaskState) -> bool:
    """Whether the actor answers for the task as its lead (not as its owner asking)."""
    if ctx.role is not None:
        return ctx.actor != state.owner and (ctx.actor == state.lead or ctx.role.lead)
    return ctx.actor == state.lead


def extend(ctx: Context, task_id: int, due: str | None, reason: str | None,
           approve: bool = False, reject: bool = False) -> StepResult:
    """The lead's extension (answering any pending request), the owner's request, or the
    lead's answer to a request."""
    if approve and reject:
        raise BadInput(_("choose --approve or --reject, not both"))
    reason = inputs.text(reason, _("reason"), required=reject or not approve)

    def make(state: TaskState, ledger) -> ev.Payload:
        if approve or reject:
            if state.pending_at is None:
                raise Refused(_("task {id} has no extension request waiting").format(id=state.id))
            if reject:
                return ev.ExtensionRejected(reason=reason)
            granted = _new_due(ctx, due, state) if due else _asked_due(ctx, state)
            _within_parent(ledger, state, granted)
            return ev.Extended(due=granted, reason=reason or state.pending_reason)
        if due is None:
            raise BadInput(_("give the new deadline: --due WHEN"))
        new_due = _new_due(ctx, due, state)
        _within_parent(ledger, state, new_due)
        if ctx.actor == state.owner and not _leads(ctx, state):
            return ev.ExtensionRequested(due=new_due, reason=reason)
        return ev.Extended(due=new_due, reason=reason)

    return apply(ctx, task_id, make)


def amend(ctx: Context, task_id: int, reason: str, title: str | None = None,
          standard: str | None = None, lead: str | None = None, helpers: list[str] | None = None,
          project: str | None = None, tags: list[str] | None = None) -> StepResult:
    reason = inputs.text(reason, _("reason"), required=True)
    fields = {
        "title": inputs.text(title, _("title"), inputs.TITLE_LIMIT) if title is not None else None,
        "standard": inputs.text(standard, _("standard")) if standard is not None else None,
        "lead": inputs.name(lead, _("lead")) if lead is not None else None,
        "helpers": tuple(inputs.name(h, _("helper")) for h in helpers) if helpers else None,
        "project": inputs.label(project, _("project")) if project else None,
        "tags": tuple(dict.fromkeys(inputs.label(t, _("tag")) for t in tags)) if tags else None,
    }
    if all(v is None for v in fields.values()):
        raise BadInput(_("nothing to amend: give --title, --standard, --lead, --helper, --project or --tag"))

    def make(state: TaskState, _ledger) -> ev.Payload:
        from luoshi.domain.rules import may_change_lead
        from luoshi.services.steps import fail_with

        if fields["lead"] is not None and fields["lead"] != state.lead:
            problem = may_change_lead(state, ctx.role)
            if problem:
                fail_with(problem)
        return ev.Amended(reason=reason, **fields)

    return apply(ctx, task_id, make)


def note(ctx: Context, task_id: int, text: str) -> StepResult:
    text = inputs.text(text, _("note"), required=True)

    def make(state: TaskState, _ledger) -> ev.Payload:
        instruction = ctx.actor != state.owner and (
            ctx.actor == state.lead or (ctx.role is not None and ctx.role.lead))
        return ev.Noted(note=text, instruction=instruction)

    return apply(ctx, task_id, make)
