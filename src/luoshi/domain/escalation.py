"""Automatic escalation: rules that turn lateness, silence, slippage and an unsigned task
into rungs of the ladder.

A rule never lowers a rung and never records a rung the task already stands on, so applying
the rules twice in a row adds nothing the second time. A task whose case was waived (容错)
is left to people, and so is a task its owner returned (退回) until the lead answers.
"Late by N days" counts the days the health rules count (working days by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from luoshi.domain.health import HealthRules, days_late
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc

TRIGGERS = ("late", "stalled", "behind", "unsigned")


@dataclass(frozen=True)
class Rule:
    name: str  # shown as the escalation's reason
    rung: int
    when: str  # one of TRIGGERS
    days: float = 0  # late: by at least this many days; unsigned: after this many days


def _hits(rule: Rule, task: TaskState, now: datetime, health: str, rules: HealthRules) -> bool:
    if rule.when == "late":
        return health == "late" and days_late(task, now, rules) >= rule.days
    if rule.when == "unsigned":  # a task someone else gave: its owner signs for it (签收)
        # Unsigned, the owner has not touched it since it was handed to them (assigned,
        # reassigned or reopened): last_touch is that moment.
        return (task.accepted is None and task.owner != task.lead
                and rules.elapsed(parse_utc(task.last_touch), now) >= rule.days)
    return health == rule.when


def auto_escalation(task: TaskState, now: datetime, health: str, rules: tuple[Rule, ...],
                    health_rules: HealthRules) -> tuple[int, str] | None:
    """The (rung, rule name) the rules call for, when it is above the task's rung; else None."""
    if task.status != "open" or task.waived or task.returned_at is not None:
        return None
    best: tuple[int, str] | None = None
    for rule in rules:
        if _hits(rule, task, now, health, health_rules) and (best is None or rule.rung > best[0]):
            best = (rule.rung, rule.name)
    if best and best[0] > task.escalation:
        return best
    return None
