"""Rich tables for `list` and `show`: health colours, a progress bar, CJK-aware columns.

Plain text (no colour, no box lines) when stdout is not a terminal or NO_COLOR is set, so
the output pipes and prints cleanly. User text always goes in as `Text` (never markup) and
through `inert()`.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from luoshi.i18n import _
from luoshi.render.dates import format_relative, format_when
from luoshi.render.labels import describe_event, health_label  # noqa: F401 (re-exported)
from luoshi.render.text import inert

HEALTH_STYLE = {
    "on_track": "green", "due_soon": "yellow", "late": "bold red", "stalled": "magenta",
    "blocked": "red", "done": "cyan", "closed": "dim", "cancelled": "dim strike",
}


def console() -> Console:
    tty = sys.stdout.isatty()
    plain = not tty or bool(os.environ.get("NO_COLOR"))
    return Console(no_color=plain, highlight=False, emoji=False, markup=False,
                   force_terminal=tty, width=None if tty else 120, soft_wrap=False)


def _plain() -> bool:
    return not sys.stdout.isatty() or bool(os.environ.get("NO_COLOR"))


def progress_bar(progress: int, width: int = 10) -> Text:
    if _plain():
        return Text(f"{progress:>3}%")
    filled = round(progress / 100 * width)
    bar = Text("█" * filled, style="green") + Text("░" * (width - filled), style="dim")
    return bar + Text(f" {progress:>3}%")


def task_table(tasks: Iterable, now, lang: str) -> Table:
    table = Table(box=None if _plain() else box.SIMPLE_HEAD, pad_edge=False, expand=False)
    for header, justify in ((_("ID"), "right"), (_("Task"), "left"), (_("Owner"), "left"),
                            (_("Due"), "left"), (_("Progress"), "left"), (_("Health"), "left")):
        table.add_column(header, justify=justify, overflow="fold")
    for t in tasks:
        from datetime import datetime

        due = datetime.fromisoformat(t.due)
        when = f"{format_when(due, lang, now)} ({format_relative(due, now, lang)})"
        table.add_row(
            str(t.id), Text(inert(t.title)), Text(inert(t.owner)), when,
            progress_bar(t.progress), Text(health_label(t.health), style=HEALTH_STYLE.get(t.health, "")),
        )
    return table


def print_tasks(tasks: list, now, lang: str) -> None:
    out = console()
    if not tasks:
        out.print(_("No tasks match."))
        return
    out.print(task_table(tasks, now, lang))


def print_detail(detail, now, lang: str) -> None:
    from datetime import datetime

    t = detail.task
    out = console()
    due = datetime.fromisoformat(t.due)
    head = Text(f"#{t.id} ", style="bold") + Text(inert(t.title), style="bold")
    out.print(head)
    rows = [
        (_("Owner"), inert(t.owner) + (" " + _("(helpers: {names})").format(names=inert(", ".join(t.helpers)))
                                       if t.helpers else "")),
        (_("Lead"), inert(t.lead)),
        (_("Due"), f"{format_when(due, lang, now)} ({format_relative(due, now, lang)})"),
        (_("Status"), f"{health_label(t.status)} / {health_label(t.health)}"),
        (_("Progress"), f"{t.progress}%"),
    ]
    if t.original_due != t.due:
        rows.append((_("Original due"), format_when(datetime.fromisoformat(t.original_due), lang, now)))
    for key, value in ((_("Project"), t.project), (_("Tags"), ", ".join(t.tags)),
                       (_("Standard"), t.standard), (_("Blocker"), t.blocker),
                       (_("Escalation"), t.escalation or None), (_("Rating"), t.rating)):
        if value:
            rows.append((key, inert(value)))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for key, value in rows:
        grid.add_row(key, Text(str(value)))
    out.print(grid)
    timeline = Table(box=None if _plain() else box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("No."), _("When"), _("Who"), _("What")):
        timeline.add_column(header, overflow="fold")
    for e in detail.events:
        timeline.add_row(str(e["seq"]), format_when(datetime.fromisoformat(e["at"]), lang, now),
                         Text(inert(e["actor"])), Text(describe_event(e)))
    out.print(timeline)
