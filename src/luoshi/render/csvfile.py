"""The review as CSV for Excel and WPS: UTF-8 with a BOM (so Excel reads Chinese), CRLF lines,
headers and values in the chosen language.

One sheet of blocks separated by an empty row: the title, the totals line and the time the
ledger was read at; then each table (the 台账 first) as a title row, a header row and its
rows; then the formula. Times are written `2026-11-20 18:00` (local), which spreadsheets read
as dates. Text is never a formula: a cell that starts with = + - @ tab or CR gets a leading
apostrophe, the neutralisation OWASP recommends for CSV injection.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.markdown import heading
from luoshi.render.sections import tables
from luoshi.render.text import inert

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """User text as a cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_START:
        return "'" + text
    return text


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return safe_cell(inert(value) if value is not None else None)


def to_csv(report: dict, lang: str, now=None) -> str:
    say = w.Say(lang)
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow([_cell(heading(say, report))])
    out.writerow([_cell(w.totals_line(report.get("totals") or {}, lang))])
    if report.get("as_of"):
        out.writerow([_cell(say(N_("As of {when}")).format(
            when=_cell(datetime.fromisoformat(report["as_of"]).replace(tzinfo=None))))])
    for table in tables(report, lang, now, sheet=True):
        out.writerow([])
        out.writerow([_cell(f"{table.title} ({table.total})")])
        out.writerow([c.header for c in table.columns])
        for row in table.rows():
            out.writerow([_cell(v) for v in row])
    out.writerow([])
    out.writerow([_cell(say(N_("Formula")))])
    out.writerow([_cell(report.get("formula"))])
    return "\ufeff" + buf.getvalue()
