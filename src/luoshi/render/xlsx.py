"""The review as an Excel workbook, in the chosen language: a totals sheet first, then the
台账, each section, people, patterns and the formula.

Built with XlsxWriter (write-only, imported only here), in memory, so the caller writes the
file like every other format. Every sheet's header row is frozen and bold; a task's row is
filled red, yellow, green or purple by its state; columns are as wide as their longest cell,
an East Asian wide character counting two. Numbers stay numbers, times are dates. Text is
never a formula: every string goes through `write_string`, neutralised as in the CSV
(= + - @ tab CR get a leading apostrophe) so it stays inert when re-saved as CSV.
"""

from __future__ import annotations

import io
from datetime import datetime

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.csvfile import safe_cell
from luoshi.render.markdown import heading
from luoshi.render.sections import Table, tables
from luoshi.render.text import inert

FILLS = {"red": "#FFC7CE", "yellow": "#FFEB9C", "green": "#C6EFCE", "magenta": "#E4DFEC"}
_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})  # not allowed in a sheet's name
MAX_WIDTH = 60


class _Book:
    """The workbook, its formats (made once each) and its sheet names (unique, ≤ 31 chars)."""

    def __init__(self, buf: io.BytesIO) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(buf, {"in_memory": True})
        self.used: set[str] = set()
        self.formats: dict[tuple, object] = {}

    def fmt(self, tone: str | None = None, kind: str = "text", bold: bool = False):
        key = (tone, kind, bold)
        if key not in self.formats:
            spec: dict = {"valign": "top"}
            if tone in FILLS:
                spec["bg_color"] = FILLS[tone]
            if kind == "date":
                spec["num_format"] = "yyyy-mm-dd hh:mm"
            if kind == "pct":
                spec["num_format"] = "0%"
            if bold:
                spec |= {"bold": True, "bottom": 1}
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    def sheet(self, title: str):
        name = title.translate(_FORBIDDEN).strip()[:31] or "Sheet"
        while name.lower() in self.used:  # sheet names are unique, ignoring case
            name = name[:28] + f"_{len(self.used)}"
        self.used.add(name.lower())
        return self.book.add_worksheet(name)


def to_xlsx(report: dict, lang: str, now=None) -> bytes:
    buf = io.BytesIO()
    book = _Book(buf)
    _totals_sheet(book, report, lang)
    for table in tables(report, lang, now, sheet=True):
        _table_sheet(book, table)
    say = w.Say(lang)
    ws = book.sheet(say(N_("Formula")))
    ws.write_string(0, 0, say(N_("Formula")), book.fmt(bold=True))
    ws.write_string(1, 0, safe_cell(inert(report.get("formula"))),
                    book.book.add_format({"text_wrap": True, "valign": "top"}))
    ws.set_column(0, 0, 100)
    book.book.close()
    return buf.getvalue()


def _totals_sheet(book: _Book, report: dict, lang: str) -> None:
    say = w.Say(lang)
    ws = book.sheet(say(N_("Totals")))
    ws.write_string(0, 0, safe_cell(inert(heading(say, report))),
                    book.book.add_format({"bold": True, "font_size": 14}))
    ws.write_string(1, 0, w.totals_line(report.get("totals") or {}, lang))
    if report.get("as_of"):
        ws.write_string(2, 0, say(N_("As of {when}")).format(
            when=report["as_of"][:16].replace("T", " ")))
    ws.write_string(4, 0, say(N_("Item")), book.fmt(bold=True))
    ws.write_string(4, 1, say(N_("Count")), book.fmt(bold=True))
    widths = [w.display_width(say(N_("Item"))), 8]
    for row, (key, label, value) in enumerate(w.totals_pairs(report.get("totals") or {}, lang), 5):
        ws.write_string(row, 0, label)
        if value is not None:
            ws.write_number(row, 1, value, book.fmt(kind="pct" if key.endswith("rate") else "text"))
        widths[0] = max(widths[0], w.display_width(label))
    ws.set_column(0, 0, widths[0] + 2)
    ws.set_column(1, 1, widths[1])
    ws.freeze_panes(5, 0)


def _table_sheet(book: _Book, table: Table) -> None:
    ws = book.sheet(table.title)
    widths = []
    for col, column in enumerate(table.columns):
        ws.write_string(0, col, column.header, book.fmt(bold=True))
        widths.append(w.display_width(column.header))
    for r, (item, row) in enumerate(zip(table.items, table.rows()), start=1):
        tone = w.tone(item) if table.key not in ("people", "patterns") else _person_tone(item)
        for col, value in enumerate(row):
            widths[col] = max(widths[col], _put(ws, r, col, value, book, tone))
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(width + 2, MAX_WIDTH))
    ws.freeze_panes(1, 0)
    if table.items:
        ws.autofilter(0, 0, len(table.items), len(table.columns) - 1)


def _person_tone(item: dict) -> str | None:
    if item.get("bottom"):
        return "red"
    return "green" if item.get("stars") else None


def _put(ws, row: int, col: int, value: object, book: _Book, tone: str | None) -> int:
    """Write one cell; its display width."""
    if value is None or value == "":
        ws.write_blank(row, col, None, book.fmt(tone))
        return 0
    if isinstance(value, datetime):
        ws.write_datetime(row, col, value, book.fmt(tone, "date"))
        return 16
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, book.fmt(tone))
        return len(str(value))
    text = safe_cell(inert(value))
    ws.write_string(row, col, text, book.fmt(tone))
    return w.display_width(text)
