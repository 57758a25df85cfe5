"""The review on a terminal (Rich): the totals line first, then the 台账 and each section, at
most SHOWN rows each with "… and N more", people, patterns and the formula.

A row's state is coloured (late and blocked red, due soon and behind yellow, on track green,
stalled magenta); without a terminal, or with NO_COLOR, the output is plain. Headers never
break inside a word: each column is at least as wide as its header's longest word, and a
header of several words may wrap between them. Paragraphs (the totals line, the formula)
wrap between words on a terminal (Chinese between characters) and stay one line in a pipe.
Narrower than WIDE columns, the 台账 leaves out lead, source, latest note and blocker (the
sections below still show the blocker and the latest note) and people the tasks each held;
files hold every column.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.markdown import heading
from luoshi.render.sections import Table, tables
from luoshi.render.text import inert

SHOWN = 20  # rows per section on a terminal; the files (json, csv, md, html, xlsx) hold them all
WIDE = 140  # from this width on, the terminal's 台账 has every column
STYLES = {"red": "red", "yellow": "yellow", "green": "green", "magenta": "magenta"}
NARROW_LEAVES_OUT = {"tasks": ("lead", "source", "latest_note", "blocker"), "people": ("held",)}
EVENT_LINES = ("escalations", "extensions", "handovers", "waivers", "closures")
NUMERIC = {"id", "progress", "days_late", "score", "rank", "held", "done", "on_time", "late",
           "stalled", "checkins", "regularity", "escalations", "avg_rating"}
COLOURED = {"id", "status", "stars", "name", "days_late"}  # the cells that carry a row's colour
WORD = 12  # a cell's words up to this width are never broken (longer ones, and Chinese, fold)


def console() -> Console:
    """The terminal's console: colour on a terminal unless NO_COLOR, plain in a pipe."""
    from luoshi.render.tables import console as shared

    return shared()


def print_report(report: dict, lang: str, now, out: Console | None = None) -> None:
    out = out or console()
    say = w.Say(lang)
    out.print(Text(inert(heading(say, report)), style="bold"))
    _paragraph(out, w.totals_line(report.get("totals") or {}, lang), "bold")
    for table in tables(report, lang, now):
        if table.key in EVENT_LINES:
            _event_lines(out, table, say, lang, now)
        elif table.key == "patterns":
            _pattern_lines(out, table, say)
        else:
            _section(out, table, say)
    out.print()
    _paragraph(out, say(N_("Formula: {formula}")).format(formula=report.get("formula") or ""), "dim")


def _paragraph(out: Console, text: str, style: str) -> None:
    """Wrapped between words on a terminal; one line when written to a pipe or a file."""
    out.print(Text(inert(text), style=style), soft_wrap=not out.is_terminal)


def _title(out: Console, table: Table) -> None:
    out.print(Text(f"\n{table.title} ({table.total})", style="bold"))


def _more(out: Console, say: w.Say, left: int) -> None:
    if left > 0:
        out.print(Text(say(N_("… and {n} more: --format csv or json for all")).format(n=left),
                       style="dim"))


def _shown(table: Table) -> list[dict]:
    """The first SHOWN items; task sections most overdue first, the 台账 by id."""
    items = table.items
    if table.key not in ("tasks", "people") and items and "due" in items[0]:
        far = "9999-12-31T00:00:00+00:00"
        items = sorted(items, key=lambda t: (datetime.fromisoformat(t.get("due") or far), t["id"]))
    return items[:SHOWN]


def _header(text: str, narrow: bool) -> tuple[str, int]:
    """A header and the width it needs: words on their own lines when the terminal is narrow."""
    from rich.cells import cell_len

    words = text.split(" ")
    return ("\n".join(words) if narrow else text), max(cell_len(x) for x in words)


def _section(out: Console, table: Table, say: w.Say) -> None:
    _title(out, table)
    if not table.items:
        return
    narrow = out.width < WIDE
    left_out = NARROW_LEAVES_OUT.get(table.key, ()) if narrow else ()
    columns = [c for c in table.columns if c.key not in left_out]
    grid = RichTable(box=None, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
    items = _shown(table)
    cells = [[inert(_cell(c, item)) for c in columns] for item in items]
    for i, c in enumerate(columns):
        header, need = _header(c.header, narrow)
        longest = max((_longest_word(row[i]) for row in cells), default=0)
        grid.add_column(header, min_width=max(need, min(longest, WORD)), overflow="fold",
                        justify="right" if c.key in NUMERIC else "left")
    for item, row in zip(items, cells):
        style = STYLES.get(_tone(table, item) or "", "")
        grid.add_row(*(Text(text, style=style if c.key in COLOURED else "")
                       for c, text in zip(columns, row)))
    out.print(grid)
    _more(out, say, table.total - len(items))


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.split()), default=0)


def _cell(column, item: dict) -> str:
    value = column.cell(item)
    return "" if value is None else str(value)


def _tone(table: Table, item: dict) -> str | None:
    if table.key == "people":
        return "red" if item.get("bottom") else "green" if item.get("stars") else None
    return w.tone(item)


def _event_lines(out: Console, table: Table, say: w.Say, lang: str, now) -> None:
    if not table.items:
        return
    _title(out, table)
    items = table.items[:SHOWN]
    for e in items:
        what = {"escalations": lambda: "→ " + w.rung_word(e.get("rung"), lang),
                "extensions": lambda: _cell(_column(table, "change"), e),
                "handovers": lambda: _cell(_column(table, "change"), e)}.get(table.key, lambda: "")()
        why = e.get("reason") or e.get("note") or ""
        line = f"#{e.get('task')} {e.get('title', '')} {what}".rstrip()
        line += (f": {why}" if why else "") + f" ({e.get('actor')}, {w.when_words(e.get('at'), lang, now)})"
        out.print(Text(inert(line)))
    _more(out, say, table.total - len(items))


def _column(table: Table, key: str):
    return next(c for c in table.columns if c.key == key)


def _pattern_lines(out: Console, table: Table, say: w.Say) -> None:
    if not table.items:
        return
    _title(out, table)
    items = table.items[:SHOWN]
    for x in items:
        out.print(Text(inert(f"#{x['task']} {x.get('title', '')} — "
                             f"{w.pattern_word(say, x['pattern'])}: {x.get('evidence', '')}")))
    _more(out, say, table.total - len(items))
