"""挂图作战 in a terminal: the board's tasks as bars on one time axis (`luoshi board`).

One header line (the axis: its first and last day, ▼ over today), one line per task, one
legend line. A task's line is its label (milestones indented under their parent), then its
bar from assignment to deadline — filled as far as its progress, a thin mark where its
progress should stand by now (its expected progress, through its milestones' dates when it
has any), today's line across the empty cells — then its progress and health. The geometry
is render/svg.py's `timeline()`, the HTML report's timeline, so both draw the same chart.

What it guarantees: no line is wider than `width` columns, counted by display width (a CJK
character takes two; titles are cut with …); today's column is the same on every line;
colours by health on a terminal, and without one or with NO_COLOR plain characters only
(`#` progress, `-` the rest of the bar, `|` expected, `:` today, `v` over today).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from luoshi.i18n import _
from luoshi.render import words as w
from luoshi.render.labels import health_label
from luoshi.render.svg import timeline, timeline_axis
from luoshi.render.text import inert

STYLE = {"red": "red", "yellow": "yellow", "green": "green", "magenta": "magenta", "grey": "dim"}


@dataclass(frozen=True)
class Glyphs:
    done: str
    rest: str
    expected: str
    today: str
    marker: str


PLAIN = Glyphs("#", "-", "|", ":", "v")
FANCY = Glyphs("█", "░", "┃", "┆", "▼")


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` display columns, with … when cut, padded to `width`."""
    if w.display_width(text) <= width:
        return text + " " * (width - w.display_width(text))
    out, used = "", 0
    for ch in text:
        cells = w.display_width(ch)
        if used + cells > width - 1:
            break
        out, used = out + ch, used + cells
    return out + "…" + " " * (width - used - 1)


def _label(task: dict, depth: int) -> str:
    indent = "  " * (depth - 1) + "└ " if depth else ""
    return f"{indent}#{task['id']} {inert(task.get('title', ''))}"


def _tail(task: dict, health: bool = True) -> str:
    """ 40% 滞后: its progress and health (the progress alone when room is short)."""
    progress = f" {task.get('progress') or 0:>3}%"
    return progress + (" " + health_label(task.get("health") or "") if health else "")


def _widths(labels: list[str], tails: list[str], width: int) -> tuple[int, int, int]:
    """(label, plot, tail) columns that add up to at most `width` (with one space between
    label and plot); the health word goes first when there is no room, then the label shrinks."""
    tail = max(w.display_width(t) for t in tails)
    label = min(max(w.display_width(x) for x in labels), max(16, width * 35 // 100))
    if width - label - 1 - tail < 12:
        tail = 5  # " 40%": the health word goes
    plot = width - label - 1 - tail
    if plot < 10:
        label = max(6, label - (10 - plot))
        plot = max(1, width - label - 1 - tail)
    return label, plot, tail


def _cell(fraction: float, plot: int) -> int:
    return min(plot - 1, max(0, int(fraction * plot)))


def _bar(span, plot: int, today: int, g: Glyphs) -> list[tuple[str, str]]:
    """(glyph, role) per cell: role is done, rest, expected, today or blank."""
    cells = [(" ", "blank")] * plot
    cells[today] = (g.today, "today")
    if span is None:
        return cells
    first, last = _cell(span.start, plot), _cell(span.end, plot)
    length = last - first + 1
    filled = round(span.done * length)
    for i in range(first, last + 1):
        if i - first < filled:
            cells[i] = (g.done, "done")
        elif i != today:
            cells[i] = (g.rest, "rest")
    if span.expected is not None:
        cells[first + min(length - 1, int(span.expected * length))] = (g.expected, "expected")
    return cells


def _axis(first: datetime, last: datetime, plot: int, today: int, g: Glyphs, lang: str) -> str:
    row = [" "] * plot
    start, end = _day(first, lang), _day(last, lang)
    if w.display_width(start) + w.display_width(end) + 2 <= plot:
        row[0:len(start)] = list(start)
        row[plot - len(end):] = list(end)
    row[today] = g.marker
    return "".join(row)


def _day(moment: datetime, lang: str) -> str:
    return f"{moment.month:02d}-{moment.day:02d}"


def board_lines(rows: list[tuple[int, dict]], now: datetime, width: int, lang: str,
                plain: bool = True) -> list[list[tuple[str, str]]]:
    """The board as lines of (text, style) pieces; [] when there is nothing to draw."""
    if not rows:
        return []
    g = PLAIN if plain else FANCY
    tasks = [t for _d, t in rows]
    spans, now_at = timeline(tasks, now)
    by_id = {s.task["id"]: s for s in spans}
    labels = [_label(t, d) for d, t in rows]
    tails = [_tail(t) for t in tasks]
    label_w, plot, tail_w = _widths(labels, tails, width)
    if tail_w < max(w.display_width(t) for t in tails):
        tails = [_tail(t, health=False) for t in tasks]
    today = _cell(now_at, plot)
    first, last = (m.astimezone(now.tzinfo) for m in timeline_axis(tasks, now))
    lines = [[(fit(_("Task"), label_w) + " ", "bold"), (_axis(first, last, plot, today, g, lang), "blue")]]
    for (depth, t), label, tail in zip(rows, labels, tails):
        span = by_id.get(t["id"])
        tone = STYLE.get(w.tone(t) or "grey", "")
        line = [(fit(label, label_w) + " ", "")]
        line += [(glyph, {"done": tone, "rest": "dim", "expected": "bold", "today": "blue"}.get(role, ""))
                 for glyph, role in _bar(span, plot, today, g)]
        line.append((fit(tail, tail_w), tone))
        lines.append(line)
    lines.append([(_legend(g, now, lang, width), "dim")])
    return lines


def _legend(g: Glyphs, now: datetime, lang: str, width: int) -> str:
    text = _("{done} progress  {expected} expected progress  {today} today ({day})").format(
        done=g.done, expected=g.expected, today=g.today, day=_day(now, lang))
    return fit(text, width).rstrip()


def print_board(board, lang: str, width: int | None = None) -> None:
    """The board on stdout, `width` columns wide (the terminal's, or COLUMNS, else 80)."""
    import os
    import shutil
    import sys

    width = width or shutil.get_terminal_size((80, 24)).columns
    plain = not sys.stdout.isatty() or bool(os.environ.get("NO_COLOR"))
    rows = [(depth, view.to_json()) for depth, view in board.rows]
    lines = board_lines(rows, board.now, width, lang, plain)
    if not lines:
        print(_("No open tasks match."))
        return
    if plain:
        print("\n".join("".join(text for text, _s in line).rstrip() for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    out = Console(width=width, highlight=False, emoji=False, markup=False, soft_wrap=True)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        out.print(text)
