"""What each step may do to a task: checks that return a problem as a value, or None.

These are the state rules users expect (no check-in on a closed task, score only finished
work, only the task's lead closes it…). A `Problem` names what is wrong and how to fix it;
the service turns it into a refusal before anything is written. Messages are in the chosen
language (`luoshi.i18n._` is a pure function of it), so the rules stay free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.domain.ladder import TOP
from luoshi.domain.task import TaskState
from luoshi.i18n import N_, _

LEAD_STEPS = {"escalate", "extend", "reassign", "score", "close", "reopen", "cancel", "waive"}
OWNER_STEPS = {"checkin", "done"}
# What a step does, as a verb that fits "cannot … it" and "may … task 3".
VERBS = {
    "checkin": N_("check in on"), "remind": N_("send a reminder on"), "escalate": N_("escalate"),
    "extend": N_("extend"), "reassign": N_("reassign"), "done": N_("finish"), "score": N_("rate"),
    "close": N_("close"), "reopen": N_("reopen"), "cancel": N_("cancel"), "waive": N_("waive"),
}
STATUS_WORDS = {"open": N_("open"), "done": N_("done"), "closed": N_("closed"),
                "cancelled": N_("cancelled")}


def _verb(step: str) -> str:
    return _(VERBS[step]) if step in VERBS else step


@dataclass(frozen=True)
class Problem:
    message: str
    hint: str | None = None
    bad_input: bool = False  # True: exit 2 (fix the input); False: exit 1 (refused)


def may_act(step: str, task: TaskState, actor: str, team_lead: bool | None = None) -> Problem | None:
    """Who may take a step: the owner checks in and finishes; the task's lead does the rest.
    On a team ledger (`team_lead` not None) so may any member with the lead flag, and
    nobody records for someone else."""
    team = team_lead is not None
    if step in OWNER_STEPS and actor != task.owner:
        return Problem(
            _("task {id} belongs to {owner}; {actor} cannot {verb} it").format(
                id=task.id, owner=task.owner, actor=actor, verb=_verb(step)),
            _("only the owner reports on a task") if team else
            _("only the owner reports on a task (use --as {owner} if you record it for them)").format(
                owner=task.owner),
        )
    if step in LEAD_STEPS and actor != task.lead and not team_lead:
        return Problem(
            _("only the task's lead ({lead}) may {verb} task {id}, not {actor}").format(
                lead=task.lead, verb=_verb(step), id=task.id, actor=actor),
            _("ask {lead} or a team lead to do it").format(lead=task.lead) if team else
            _("ask {lead}, or use --as {lead} if you record it for them").format(lead=task.lead),
        )
    return None


def may_assign(owner: str, actor: str, team_lead: bool | None) -> Problem | None:
    """On a team ledger only a lead assigns work to others; anyone commits themself."""
    if team_lead is False and owner != actor:
        return Problem(
            _("{actor} is not a lead of this team and may assign work only to themself, not to {owner}")
            .format(actor=actor, owner=owner),
            _("ask a lead to assign it, or the administrator: luoshi team add-member ROLE --name NAME --lead"),
        )
    return None


_OPEN_ONLY = {"checkin", "remind", "escalate", "extend", "reassign", "done", "cancel"}


def may_step(step: str, task: TaskState) -> Problem | None:
    """Whether the task's status allows the step at all."""
    status = task.status
    if status == "cancelled":
        return Problem(_("task {id} was cancelled; nothing more can be recorded on it").format(id=task.id))
    if step in _OPEN_ONLY and status != "open":
        return Problem(
            _("task {id} is already {status}; you cannot {verb} it").format(
                id=task.id, status=_(STATUS_WORDS.get(status, status)), verb=_verb(step)),
            _("reopen it first: luoshi reopen {id} --reason …").format(id=task.id),
        )
    if step in ("close", "score") and status not in ("done", "closed"):
        message = (_("task {id} is not finished yet; only finished work can be closed") if step == "close"
                   else _("task {id} is not finished yet; only finished work can be rated"))
        return Problem(message.format(id=task.id),
                       _("the owner reports it finished with: luoshi done {id}").format(id=task.id))
    if step == "close" and status == "closed":
        return Problem(_("task {id} is already closed").format(id=task.id))
    if step == "reopen" and status == "open":
        return Problem(_("task {id} is already open").format(id=task.id))
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
    """Progress as typed: 60 or '60%' → 60; booleans, fractions and out-of-range refused."""
    hint = _("give a whole number from 0 to 100, like 60 or 60%")
    if isinstance(value, bool):
        return None, Problem(_("progress {value!r} is not a number").format(value=value), hint, bad_input=True)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().rstrip("%％").strip()
        if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
            return None, Problem(_("progress {value} is out of range").format(value=text), hint, bad_input=True)
        if not text.isascii() or not text.isdigit():
            return None, Problem(_("progress {value!r} is not a whole number").format(value=value), hint,
                                 bad_input=True)
        number = int(text)
    if not 0 <= number <= 100:
        return None, Problem(_("progress {value} is out of range").format(value=number), hint, bad_input=True)
    return number, None
