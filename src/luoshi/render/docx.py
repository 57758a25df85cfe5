"""The review as a Word document: the 督查通报 an office sends after the review meeting.

Built with python-docx (imported only here), in memory. It reads, top to bottom: the issuing
office in red over a red rule, the issue number (`第N期`, given so that a reprint stays the
same), the title with the period in words (2026年11月16日至22日，第47周), the date the ledger
was read at, the totals line, the red list (红榜: the best and their stars) and the black list
(黑榜: 末位 and everyone flagged with a pattern), the 台账 and every non-empty section as
tables (rows shaded by state), people, and the formula. The same report gives the same text.
"""

from __future__ import annotations

import io
from datetime import datetime

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.sections import Table, tables
from luoshi.render.text import inert

RED = "C00000"
SHADES = {"red": "FCE8E6", "yellow": "FEF7E0", "green": "E6F4EA", "magenta": "F3E8FD",
          "blue": "E8F0FE"}
EAST_ASIAN_FONT = "SimSun"  # 宋体: on every Chinese Windows; other systems substitute their own


def to_docx(report: dict, lang: str, now=None, office: str | None = None,
            issue: int | None = None) -> bytes:
    from docx import Document

    say = w.Say(lang)
    doc = Document()
    _fonts(doc)
    _masthead(doc, say, office, issue, report.get("as_of"))
    period = w.period_words(report["period"], lang)
    title = (say(N_("Review of {period}")).format(period=period))
    doc.add_heading(inert(title), level=1).alignment = 1
    owner = (report.get("filters") or {}).get("owner")
    if owner:
        doc.add_paragraph(inert(say(N_("Owner: {name}")).format(name=owner))).alignment = 1
    doc.add_paragraph(w.totals_line(report.get("totals") or {}, lang)).runs[0].bold = True
    _lists(doc, say, report.get("people") or [])
    for table in tables(report, lang, now):
        if table.items:
            _table(doc, table)
    doc.add_heading(say(N_("Formula")), level=2)
    doc.add_paragraph(inert(report.get("formula") or ""))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _fonts(doc) -> None:
    from docx.oxml.ns import qn

    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _masthead(doc, say: w.Say, office: str | None, issue: int | None, as_of: str | None) -> None:
    from docx.shared import Pt, RGBColor

    if office:
        p = doc.add_paragraph()
        p.alignment = 1
        run = p.add_run(inert(office))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(26), RGBColor.from_string(RED)
    p = doc.add_paragraph()
    p.alignment = 1
    label = say(N_("Supervision bulletin"))  # 督查通报
    if issue is not None:
        label += "  " + say(N_("No. {n}")).format(n=issue)
    p.add_run(label).font.size = Pt(14)
    if as_of:
        day = datetime.fromisoformat(as_of)
        p.add_run("    " + (f"{day.year}年{day.month}月{day.day}日" if say.zh
                            else f"{day.day} {w._EN_MONTHS[day.month - 1]} {day.year}"))
    _rule(p)


def _rule(paragraph) -> None:
    """A red line under the paragraph, as under an office's masthead (红头)."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.makeelement(qn("w:pBdr"), {})
    bottom = borders.makeelement(qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "18",
                                                  qn("w:space"): "4", qn("w:color"): RED})
    borders.append(bottom)
    ppr.append(borders)


def _lists(doc, say: w.Say, people: list[dict]) -> None:
    """红榜 (who earned stars) and 黑榜 (末位, and who was flagged with a pattern)."""
    best = [f"{p['name']}（{w.stars_words(say, p | {'bottom': False})}）" if say.zh
            else f"{p['name']} ({w.stars_words(say, p | {'bottom': False})})"
            for p in people if p.get("stars")]
    worst = []
    for p in people:
        why = ([say(N_("bottom"))] if p.get("bottom") else []) + [
            w.pattern_word(say, x) for x in p.get("flagged") or []]
        if why:
            worst.append(f"{p['name']}（{'、'.join(why)}）" if say.zh else f"{p['name']} ({', '.join(why)})")
    for msgid, names in ((N_("Red list"), best), (N_("Black list"), worst)):
        doc.add_heading(say(msgid), level=2)
        doc.add_paragraph(inert(("、" if say.zh else "; ").join(names) or "—"))


def _table(doc, table: Table) -> None:
    doc.add_heading(f"{table.title} ({table.total})", level=2)
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, table.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(column.header).bold = True
    _repeat_header(grid.rows[0])
    for item, row in zip(table.items, table.rows()):
        cells = grid.add_row().cells
        tone = ("red" if item.get("bottom") else "green" if item.get("stars") else None) \
            if table.key == "people" else w.tone(item) if table.key != "patterns" else None
        for cell, value in zip(cells, row):
            cell.text = inert("" if value is None else value)
            if tone:
                _shade(cell, SHADES[tone])


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _shade(cell, fill: str) -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto",
                                               qn("w:fill"): fill}))
