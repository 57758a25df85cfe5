"""Automatic escalation: rules that turn lateness and silence into rungs of the ladder.

A rule never lowers a rung and never records a rung the task already stands on, so applying
the rules twice in a row adds nothing the second time. A task whose case was waived (容错)
is left to people: the rules do not escalate it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc


@dataclass(frozen=True)
class Rule:
    name: str  # shown as the escalation's reason
    rung: int
    late_days: float | None = None  # late by at least this many days
    stalled: bool = False  # open and silent for longer than the cadence


DEFAULT_RULES = (
    Rule("late by 1 day or more / 逾期1天以上", 1, late_days=1),
    Rule("late by 3 days or more / 逾期3天以上", 2, late_days=3),
    Rule("late by 7 days or more / 逾期7天以上", 3, late_days=7),
    Rule("stalled: no check-in within the cadence / 超过反馈周期未反馈", 1, stalled=True),
)


def auto_escalation(task: TaskState, now: datetime, health: str,
                    rules: tuple[Rule, ...] = DEFAULT_RULES) -> tuple[int, str] | None:
    """The (rung, rule name) the rules call for, when it is above the task's rung; else None."""
    if task.status != "open" or task.waived:
        return None
    late = now - parse_utc(task.due)
    best: tuple[int, str] | None = None
    for rule in rules:
        hit = (rule.late_days is not None and late >= timedelta(days=rule.late_days)) or (
            rule.stalled and health == "stalled")
        if hit and (best is None or rule.rung > best[0]):
            best = (rule.rung, rule.name)
    if best and best[0] > task.escalation:
        return best
    return None
