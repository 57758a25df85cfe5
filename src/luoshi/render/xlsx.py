"""The review report as an Excel workbook: one sheet per section, a header row on each.

Built with XlsxWriter (write-only, imported only here, only for `--format xlsx`), in memory,
so the caller writes the file atomically like every other format. Text is never a formula:
every string goes through `write_string`, and a cell that Excel would read as a formula once
re-saved as CSV (= + - @ tab CR) is neutralised exactly as in the CSV export. CJK text is
stored as it is (the format is Unicode throughout).
"""

from __future__ import annotations

import io

from luoshi.domain.ladder import rung_name
from luoshi.i18n import _
from luoshi.render.report import (
    PATTERN_NAMES, PEOPLE_COLUMNS, SECTION_KEYS, TASK_COLUMNS, _cell, _header, _name, _safe_cell,
    _stars, sections,
)

_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})  # not allowed in a sheet's name


def to_xlsx(report: dict, lang: str) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    used: set[str] = set()

    def sheet(title: str, headers: list[str], rows: list[list]) -> None:
        name = title.translate(_FORBIDDEN)[:31]
        while name.lower() in used:  # sheet names are unique, ignoring case
            name = name[:29] + "_" + str(len(used))
        used.add(name.lower())
        ws = book.add_worksheet(name)
        for col, text in enumerate(headers):
            ws.write_string(0, col, text, bold)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                _put(ws, r, col, value)
        ws.freeze_panes(1, 0)

    for (title, tasks), key in zip(sections(report, lang), SECTION_KEYS):
        sheet(title, [_header(c) for c in TASK_COLUMNS],
              [[t.get(c) if c in ("id", "progress") else _cell(t, c) for c in TASK_COLUMNS]
               for t in tasks])
    sheet(_("People"), [_header(c) for c in PEOPLE_COLUMNS],
          [[_stars(p, lang) if c == "stars" else p[c] for c in PEOPLE_COLUMNS]
           for p in report["people"]])
    sheet(_("Patterns"), [_header("id"), _header("title"), _header("owner"), _("Pattern"),
                          _("Evidence")],
          [[x["task"], x["title"], x["owner"], _name(PATTERN_NAMES, x["pattern"], lang),
            x["evidence"]] for x in report["patterns"]])
    sheet(_("Escalations"), [_header("id"), _("Rung"), _("Reason"), _("By"), _("At")],
          [[e["task"], rung_name(e["rung"], lang), e.get("reason"), e["actor"],
            e["at"][:16].replace("T", " ")] for e in report["escalations"]])
    sheet(_("Formula"), [_("Formula")], [[report["formula"]]])
    book.close()
    return buf.getvalue()


def _put(ws, row: int, col: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value)
    else:
        ws.write_string(row, col, _safe_cell(value))
