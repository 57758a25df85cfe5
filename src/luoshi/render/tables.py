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

        if t.due is None:
            when = health_label("needs_due")
        else:
            due = datetime.fromisoformat(t.due)
            when = format_when(due, lang, now)
            if t.status == "open":  # finished work is never shown as overdue
                when += f" ({format_relative(due, now, lang)})"
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
