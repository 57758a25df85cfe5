"""What each step may do to a task: checks that return a problem as a value, or None.

These are the state rules users expect (no check-in on a closed task, score only finished
work, only the task's lead closes it…). A `Problem` names what is wrong and how to fix it;
the service turns it into a refusal before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.domain.ladder import TOP
from luoshi.domain.task import TaskState

LEAD_STEPS = {"escalate", "extend", "reassign", "score", "close", "reopen", "cancel", "waive"}
OWNER_STEPS = {"checkin", "done"}


@dataclass(frozen=True)
class Problem:
    message: str
    hint: str | None = None
    bad_input: bool = False  # True: exit 2 (fix the input); False: exit 1 (refused)


def may_act(step: str, task: TaskState, actor: str) -> Problem | None:
    """Who may take a step: the owner checks in and finishes; the task's lead does the rest."""
    if step in OWNER_STEPS and actor != task.owner:
        return Problem(
            f"task {task.id} belongs to {task.owner}; {actor} cannot {step} it",
            f"only the owner reports on a task (use --as {task.owner} if you record it for them)",
        )
    if step in LEAD_STEPS and actor != task.lead:
        return Problem(
            f"only the task's lead ({task.lead}) may {step} task {task.id}, not {actor}",
            f"ask {task.lead}, or use --as {task.lead} if you record it for them",
        )
    return None


_OPEN_ONLY = {"checkin", "remind", "escalate", "extend", "reassign", "done", "cancel"}


def may_step(step: str, task: TaskState) -> Problem | None:
    """Whether the task's status allows the step at all."""
    status = task.status
    if status == "cancelled":
        return Problem(f"task {task.id} was cancelled; nothing more can be recorded on it")
    if step in _OPEN_ONLY and status != "open":
        return Problem(
            f"task {task.id} is already {status}; it cannot take a {step}",
            f"reopen it first: luoshi reopen {task.id} --reason …",
        )
    if step in ("close", "score") and status not in ("done", "closed"):
        return Problem(
            f"task {task.id} is not finished yet; only finished work can be {step}d",
            f"the owner reports it finished with: luoshi done {task.id}",
        )
    if step == "close" and status == "closed":
        return Problem(f"task {task.id} is already closed")
    if step == "reopen" and status == "open":
        return Problem(f"task {task.id} is already open")
    return None


def next_rung(task: TaskState, to: int | None) -> tuple[int | None, Problem | None]:
    """The rung an escalation lands on: one up, or `to`; never down, never past the top."""
    if to is None:
        if task.escalation >= TOP:
            return None, Problem(f"task {task.id} is already at the top rung ({TOP})")
        return task.escalation + 1, None
    if to <= task.escalation:
        return None, Problem(
            f"task {task.id} already stands at rung {task.escalation}; escalation never goes down",
            "to lower a rung with a recorded excuse use: luoshi waive ID --reason …",
        )
    return to, None


def check_progress(value: object) -> tuple[int | None, Problem | None]:
    """Progress as typed: 60 or '60%' → 60; booleans, fractions and out-of-range refused."""
    hint = "give a whole number from 0 to 100, like 60 or 60%"
    if isinstance(value, bool):
        return None, Problem(f"progress {value!r} is not a number", hint, bad_input=True)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().rstrip("%％").strip()
        if text.startswith("-") and text[1:].isascii() and text[1:].isdigit():
            return None, Problem(f"progress {text} is out of range", hint, bad_input=True)
        if not text.isascii() or not text.isdigit():
            return None, Problem(f"progress {value!r} is not a whole number", hint, bad_input=True)
        number = int(text)
    if not 0 <= number <= 100:
        return None, Problem(f"progress {number} is out of range", hint, bad_input=True)
    return number, None
