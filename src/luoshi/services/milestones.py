"""Tasks as people read them: with their milestones rolled up (domain/milestones.py).

Every view that shows tasks (list, show, the steps' answers, the inbox, the board, the
report, the automatic escalation) reads them through `read_tasks`: one more statement per
view — the milestones of the tasks shown, at any depth — and no replay of events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from luoshi.domain.milestones import Rollup, roll_all
from luoshi.domain.task import TaskState
from luoshi.services.views import TaskView


def rollups(ledger, states: list[TaskState], now: datetime, rules,
            milestones: Iterable[TaskState] | None = None) -> dict[int, Rollup]:
    """{id: Rollup} for `states` at `now`; `milestones`: the descendants already read (else
    read here, in one statement)."""
    if milestones is None:
        milestones = ledger.descendants([s.id for s in states])
    return roll_all(states, milestones, now, rules)


def read_tasks(ledger, ctx, states: list[TaskState]) -> list[TaskView]:
    """The views of `states` (in their order) at ctx.now, milestones rolled up."""
    found = rollups(ledger, states, ctx.now, ctx.health_rules)
    return [TaskView.rolled_up(found[s.id]) for s in states]


def read_task(ledger, ctx, state: TaskState) -> TaskView:
    return read_tasks(ledger, ctx, [state])[0]
