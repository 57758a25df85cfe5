"""挂图作战: the open tasks and their milestones, ready to draw on a time axis (`luoshi board`).

What it guarantees: every open task that matches the filters appears once, followed by its
milestones at any depth (finished ones too, cancelled ones not), each under its parent and
one level deeper; a task whose parent is not on the board stands at the top level. Tasks
read as the list reads them (milestones rolled up), soonest deadline first at each level.
Two statements: the tasks, and their milestones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from luoshi.domain.milestones import roll_all
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.ledger import open_view
from luoshi.services.views import TaskView


@dataclass
class Board:
    now: datetime
    rows: list[tuple[int, TaskView]] = field(default_factory=list)  # (depth, task), in order

    def to_json(self) -> dict[str, Any]:
        return {"as_of": self.now.isoformat(),
                "tasks": [view.to_json() | {"depth": depth} for depth, view in self.rows]}


def _key(view: TaskView) -> tuple:
    return (view.state.due or "~", view.state.id)


def board(ctx: Context, project: str | None = None, owner: str | None = None) -> Board:
    """The board at ctx.now (see the module docstring)."""
    project = inputs.label(project, _("project")) if project else None
    owner = inputs.name(owner, _("owner")) if owner else None
    ledger = open_view(ctx)
    if ledger is None:
        return Board(ctx.now)
    with ledger, ledger.reading():
        states = ledger.tasks(owner=owner, project=project, statuses=("open",))
        below = [m for m in ledger.descendants([s.id for s in states]) if m.status != "cancelled"]
    shown = {s.id: s for s in below} | {s.id: s for s in states}
    read = roll_all(list(shown.values()), below, ctx.now, ctx.health_rules)
    views = {k: TaskView.rolled_up(r) for k, r in read.items()}
    under: dict[int, list[TaskView]] = {}
    for view in views.values():
        if view.state.parent in shown:
            under.setdefault(view.state.parent, []).append(view)
    rows: list[tuple[int, TaskView]] = []

    def place(view: TaskView, depth: int) -> None:
        rows.append((depth, view))
        for child in sorted(under.get(view.state.id, ()), key=_key):
            place(child, depth + 1)

    for state in states:
        if state.parent not in shown:
            place(views[state.id], 0)
    return Board(ctx.now, rows)
