"""The review as one self-contained HTML page, to open on a screen or print on A4.

Everything is inline: the stylesheet, the charts (SVG, render/svg.py); no script, no font,
image or link is fetched from anywhere, so the file can be mailed or dropped in a chat and
reads the same offline. Rows are coloured by the task's state; printed, each section starts
a new page and a table's header repeats on each page. Every piece of user text is made inert
and escaped (a title holding `<script>` prints as those characters).
"""

from __future__ import annotations

from datetime import datetime

from luoshi.i18n import N_
from luoshi.render import svg
from luoshi.render import words as w
from luoshi.render.markdown import heading
from luoshi.render.sections import Table, tables
from luoshi.render.svg import esc

TINTS = {"red": "#fce8e6", "yellow": "#fef7e0", "green": "#e6f4ea", "magenta": "#f3e8fd",
         "blue": "#e8f0fe"}

CSS = """
:root { color-scheme: light; }
body { font-family: %(fonts)s; color: #202124; margin: 24px auto; max-width: 1200px;
       padding: 0 16px; line-height: 1.5; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.office { color: #5f6368; margin: 0; } .asof { color: #5f6368; font-size: 13px; }
.totals { font-size: 15px; font-weight: 600; padding: 10px 12px; background: #f1f3f4;
          border-left: 4px solid #1a73e8; }
.charts { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-start; }
.charts figure { margin: 0; } .charts figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { max-width: 100%%; height: auto; }
table { border-collapse: collapse; width: 100%%; font-size: 13px; }
th, td { border: 1px solid #dadce0; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; white-space: nowrap; } td.num { text-align: right; }
%(tints)s
.empty { color: #5f6368; } .formula { font-size: 13px; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { margin: 0; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.part { break-before: page; } section.part.blank { break-before: auto; }
  thead { display: table-header-group; } tr, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def _css() -> str:
    tints = "\n".join(f"tr.tone-{name} td {{ background: {colour}; }}"
                      for name, colour in TINTS.items())
    return CSS % {"fonts": svg.FONTS, "tints": tints}


def to_html(report: dict, lang: str, now=None, office: str | None = None) -> str:
    say = w.Say(lang)
    title = heading(say, report)
    parts = [f'<!doctype html>\n<html lang="{"zh-CN" if say.zh else "en"}"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{esc(title)}</title><style>{_css()}</style></head><body>",
             "<header>" + (f'<p class="office">{esc(office)}</p>' if office else "")
             + f"<h1>{esc(title)}</h1>"
             f'<p class="totals" id="totals">{esc(w.totals_line(report.get("totals") or {}, lang))}</p>']
    if report.get("as_of"):
        parts.append(f'<p class="asof">{esc(say(N_("As of {when}")).format(when=w.when_words(report["as_of"], lang, now)))}</p>')
    parts.append("</header>" + _charts(report, lang, now))
    for table in tables(report, lang, now):
        parts.append(_table(table))
    parts.append(f'<section class="part"><h2>{esc(say(N_("Formula")))}</h2>'
                 f'<p class="formula">{esc(report.get("formula"))}</p></section></body></html>\n')
    return "\n".join(parts)


def _charts(report: dict, lang: str, now) -> str:
    say = w.Say(lang)
    figures = [(N_("Open tasks by health"), svg.health_chart(report.get("totals") or {}, lang))]
    if any(p.get("score") is not None for p in report.get("people") or []):
        figures.append((N_("On-time rate and score by person"), svg.people_chart(report["people"], lang)))
    if report.get("trend"):
        figures.append((N_("Done and late, period by period"), svg.trend_chart(report["trend"], lang)))
    planned = _planned(report.get("tasks") or [])
    if planned:
        moment = datetime.fromisoformat(report["as_of"]) if report.get("as_of") else now
        figures.append((N_("Timeline"), svg.timeline_chart(planned, moment, lang)))
    return '<section class="charts" id="charts">' + "".join(
        f"<figure><figcaption>{esc(say(caption))}</figcaption>{chart}</figure>"
        for caption, chart in figures if chart) + "</section>"


def _planned(tasks: list[dict]) -> list[dict]:
    """Tasks with milestones, each followed by its milestones (those in the report)."""
    by_id = {t["id"]: t for t in tasks}
    out = []
    for t in tasks:
        if t.get("children"):
            out.append(t)
            out += [by_id[c] for c in t["children"] if c in by_id]
    return out


def _table(table: Table) -> str:
    blank = "" if table.items else " blank"  # an empty section takes no page of its own
    head = f'<section class="part{blank}" id="{table.key}"><h2>{esc(table.title)} ({table.total})</h2>'
    if not table.items:
        return head + '<p class="empty">—</p></section>'
    people = table.key == "people"
    header = "".join(f"<th>{esc(c.header)}</th>" for c in table.columns)
    rows = []
    for item, row in zip(table.items, table.rows()):
        tone = ("red" if item.get("bottom") else "green" if item.get("stars") else None) if people \
            else w.tone(item) if table.key not in ("patterns",) else None
        cls = f' class="tone-{tone}"' if tone else ""
        cells = "".join(f'<td class="num">{esc(v)}</td>' if isinstance(v, (int, float)) or c.key in (
            "id", "progress", "days_late", "score", "rank") else f"<td>{esc(v)}</td>"
            for c, v in zip(table.columns, row))
        rows.append(f"<tr{cls}>{cells}</tr>")
    return head + f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
