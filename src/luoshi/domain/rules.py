"""What each step may do to a task, and who may take it: checks that return a problem as a
value, or None.

`WHO` is CONTRACT.md's "Who may do what" table, declared once: the services check it before
they write, and the team ledger's server holds the same table (store/ derives its trigger
from `WHO`), so a member cannot get around it through psql. On a personal ledger one person
keeps the record and `--as` names who acts: the owner's steps need the owner, the lead's
steps the task's lead (there are no team leads or recorders there).

A `Problem` names what is wrong and how to fix it; the service turns it into a refusal
before anything is written. Messages are in the chosen language (`luoshi.i18n._` is a pure
function of it), so the rules stay free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.domain.ladder import TOP
from luoshi.domain.task import TaskState
from luoshi.i18n import N_, _

# What a step does, as a verb that fits "cannot … it" and "may … task 3".
VERBS = {
    "checked_in": N_("check in on"), "reminded": N_("send a reminder on"),
    "escalated": N_("escalate"), "extended": N_("extend"), "reassigned": N_("reassign"),
    "finished": N_("finish"), "scored": N_("rate"), "closed": N_("close"),
    "reopened": N_("reopen"), "cancelled": N_("cancel"), "waived": N_("waive"),
    "accepted": N_("sign for"), "returned": N_("return"),
    "extension_requested": N_("ask for more time on"),
    "extension_rejected": N_("answer the extension request of"), "amended": N_("amend"),
    "noted": N_("write a note on"), "planned": N_("plan the milestones of"),
}
STATUS_WORDS = {"open": N_("open"), "done": N_("done"), "closed": N_("closed"),
                "cancelled": N_("cancelled")}


@dataclass(frozen=True)
class Who:
    """Who may record an event of one kind on a task."""

    owner: bool = False  # the task's owner
    helper: bool = False  # one of its helpers (协办): their own part
    task_lead: bool = False  # the task's lead
    lead: bool = False  # a team lead (the lead flag); on a personal ledger, the task's lead
    anyone: bool = False
    not_owner: bool = False  # never on a task one owns (team ledger)


_OWNER = Who(owner=True)
_LEADS = Who(task_lead=True, lead=True, not_owner=True)
WHO: dict[str, Who] = {
    "checked_in": Who(owner=True, helper=True), "finished": _OWNER, "accepted": _OWNER,
    "returned": _OWNER, "extension_requested": _OWNER,
    "reminded": Who(anyone=True), "noted": Who(anyone=True),
    "escalated": _LEADS, "extended": _LEADS, "extension_rejected": _LEADS,
    "reassigned": _LEADS, "closed": _LEADS, "reopened": _LEADS, "cancelled": _LEADS,
    "scored": _LEADS, "amended": _LEADS,
    "waived": Who(lead=True, not_owner=True),
}
# Planning milestones (倒排工期) records `assigned` events with a parent, so it is no kind of
# its own: the parent's lead or a team lead plans (the server's check_assignment holds the same).
PLAN = Who(task_lead=True, lead=True, not_owner=True)  # the plan sets what 'behind' means
LEAD_ONLY_RUNG = 4  # escalating to 限期整改 or 通报 needs the lead flag on a team ledger

# What the task's status allows (the server holds the same lists).
OPEN_ONLY = ("checked_in", "reminded", "escalated", "extended", "reassigned", "finished",
             "cancelled", "accepted", "returned", "extension_requested", "extension_rejected",
             "amended")
FINISHED_ONLY = ("closed", "scored")
LED_BY_ANOTHER = ("returned",)  # a task its owner leads has nobody to be returned to


@dataclass(frozen=True)
class Role:
    """A member of a team ledger as the server knows them."""

    name: str
    lead: bool = False
    recorder: bool = False


@dataclass(frozen=True)
class Problem:
    message: str
    hint: str | None = None
    bad_input: bool = False  # True: exit 2 (fix the input); False: exit 1 (refused)


def _verb(kind: str) -> str:
    return _(VERBS[kind]) if kind in VERBS else kind


def may_act(kind: str, task: TaskState, actor: str, role: Role | None = None,
            who: Who | None = None) -> Problem | None:
    """Whether `actor` may record an event of `kind` on `task` (`role`: on a team ledger);
    `who` in place of WHO's entry for `kind`."""
    who = who or WHO.get(kind, Who(anyone=True))
    team = role is not None
    if who.anyone:
        return None
    if who.owner and actor == task.owner:
        return None
    if who.helper and actor in task.helpers:
        return None
    if who.owner and not (who.task_lead or who.lead):
        return Problem(
            _("task {id} belongs to {owner}; {actor} cannot {verb} it").format(
                id=task.id, owner=task.owner, actor=actor, verb=_verb(kind)),
            _("only the owner reports on a task") if team else
            _("only the owner reports on a task (use --as {owner} if you record it for them)").format(
                owner=task.owner))
    if team and who.not_owner and actor == task.owner:
        return Problem(
            _("{actor} owns task {id} and cannot {verb} it: another lead must").format(
                actor=actor, id=task.id, verb=_verb(kind)),
            _("ask {lead} or a team lead to do it").format(lead=task.lead))
    allowed = (who.task_lead and actor == task.lead) or (who.lead and (
        role.lead if team else actor == task.lead))
    if allowed:
        return None
    if team and who.lead and not who.task_lead:
        return Problem(_("only a team lead may {verb} task {id}, not {actor}").format(
            verb=_verb(kind), id=task.id, actor=actor),
            _("ask a team lead to do it"))
    return Problem(
        _("only the task's lead ({lead}) may {verb} task {id}, not {actor}").format(
            lead=task.lead, verb=_verb(kind), id=task.id, actor=actor),
        _("ask {lead} or a team lead to do it").format(lead=task.lead) if team else
        _("ask {lead}, or use --as {lead} if you record it for them").format(lead=task.lead))


def may_plan(parent: TaskState, actor: str, role: Role | None = None) -> Problem | None:
    """Whether `actor` may give `parent` milestones (`plan`, `assign --parent`): its lead, or
    on a team ledger any team lead but never its owner (the plan decides when the owner is
    behind); and only while it is open."""
    if parent.status != "open":
        return Problem(
            _("task {id} is already {status}; you cannot plan milestones for it").format(
                id=parent.id, status=_(STATUS_WORDS.get(parent.status, parent.status))),
            _("reopen it first: luoshi reopen {id} --reason …").format(id=parent.id)
            if parent.status != "cancelled" else None)
    return may_act("planned", parent, actor, role, PLAN)


def may_check_in_alone(task: TaskState, milestones: int) -> Problem | None:
    """A task with milestones (that are not all cancelled) takes its progress from them and no
    check-ins of its own."""
    if milestones:
        return Problem(
            _("task {id} takes its progress from its milestones; check in on them instead").format(
                id=task.id),
            _("see them with: luoshi show {id}; when the whole task is finished: luoshi done {id}").format(
                id=task.id))
    return None


def may_escalate_to(rung: int, task: TaskState, actor: str, role: Role | None) -> Problem | None:
    """Rungs 4–5 (限期整改, 通报) need the lead flag on a team ledger."""
    if role is not None and rung >= LEAD_ONLY_RUNG and not role.lead:
        return Problem(_("only a team lead may escalate task {id} to rung {rung}").format(
            id=task.id, rung=rung), _("ask a team lead to do it"))
    return None


def may_change_lead(task: TaskState, role: Role | None) -> Problem | None:
    """amend --lead needs the lead flag on a team ledger."""
    if role is not None and not role.lead:
        return Problem(_("only a team lead may change the lead of task {id}").format(id=task.id),
                       _("ask a team lead to do it"))
    return None


def may_assign(owner: str, lead: str, actor: str, role: Role | None) -> Problem | None:
    """On a team ledger a member commits only themself, as their own lead; a recorder (the
    secretary who types the minutes) and a lead assign to anyone."""
    if role is None or role.lead or role.recorder:
        return None
    if owner != actor:
        return Problem(
            _("{actor} is not a lead of this team and may assign work only to themself, not to {owner}")
            .format(actor=actor, owner=owner),
            _("ask a lead to assign it, or the administrator: luoshi team add-member ROLE --name NAME --lead"))
    if lead != actor:
        return Problem(
            _("{actor} is not a lead of this team and cannot name {lead} as the lead").format(
                actor=actor, lead=lead),
            _("leave out --lead: your own commitments are led by you"))
    return None


def may_step(kind: str, task: TaskState) -> Problem | None:
    """Whether the task's status allows the step at all."""
    status = task.status
    if status == "cancelled":
        return Problem(_("task {id} was cancelled; nothing more can be recorded on it").format(id=task.id))
    if kind in OPEN_ONLY and status != "open":
        return Problem(
            _("task {id} is already {status}; you cannot {verb} it").format(
                id=task.id, status=_(STATUS_WORDS.get(status, status)), verb=_verb(kind)),
            _("reopen it first: luoshi reopen {id} --reason …").format(id=task.id),
        )
    if kind in FINISHED_ONLY and status not in ("done", "closed"):
        message = (_("task {id} is not finished yet; only finished work can be closed") if kind == "closed"
                   else _("task {id} is not finished yet; only finished work can be rated"))
        return Problem(message.format(id=task.id),
                       _("the owner reports it finished with: luoshi done {id}").format(id=task.id))
    if kind == "closed" and status == "closed":
        return Problem(_("task {id} is already closed").format(id=task.id))
    if kind == "reopened" and status == "open":
        return Problem(_("task {id} is already open").format(id=task.id))
    if kind in LED_BY_ANOTHER and task.owner == task.lead:
        return Problem(_("task {id} is led by its owner, {owner}: there is nobody to return it to")
                       .format(id=task.id, owner=task.owner),
                       _("correct it with luoshi amend, or cancel it"))
    return None


def next_rung(task: TaskState, to: int | None) -> tuple[int | None, Problem | None]:
    """The rung an escalation lands on: one up, or `to`; never down, never past the top."""
    if to is None:
        if task.escalation >= TOP:
            return None, Problem(_("task {id} is already at the top rung ({top})").format(id=task.id, top=TOP))
        return task.escalation + 1, None
    if to <= task.escalation:
        return None, Problem(
            _("task {id} already stands at rung {rung}; escalation never goes down").format(
                id=task.id, rung=task.escalation),
            _("to lower a rung with a recorded excuse use: luoshi waive ID --reason …"),
        )
    return to, None


def check_progress(value: object) -> tuple[int | None, Problem | None]:
    """Progress as typed: 60, '60%', '６０％' → 60; 'd', 'done', '完成' → 100; booleans,
    fractions and out-of-range refused."""
    hint = _("give a whole number from 0 to 100, like 60 or 60%")
    if isinstance(value, bool):
        return None, Problem(_("progress {value!r} is not a number").format(value=value), hint, bad_input=True)
    if isinstance(value, int):
        number = value
    else:
        import unicodedata

        text = unicodedata.normalize("NFKC", str(value)).strip().rstrip("%").strip()
        if text.lower() in ("d", "done", "完成", "办结", "已完成"):
            return 100, None
        if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
            return None, Problem(_("progress {value} is out of range").format(value=text), hint, bad_input=True)
        if not text.isascii() or not text.isdigit():
            return None, Problem(_("progress {value!r} is not a whole number").format(value=value), hint,
                                 bad_input=True)
        number = int(text)
    if not 0 <= number <= 100:
        return None, Problem(_("progress {value} is out of range").format(value=number), hint, bad_input=True)
    return number, None
