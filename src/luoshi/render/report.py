"""The review report in every format: Rich tables, Markdown, CSV (for Excel) and HTML.

User text is made inert in every format: escaped in Markdown (pipes, newlines) and HTML,
and neutralised in CSV where a cell could start a formula (= + - @ tab CR).
"""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from luoshi.i18n import _
from luoshi.render.text import inert

STAR_NAMES = {"execution_star": ("执行之星", "execution star"),
              "quality_star": ("质量之星", "quality star"),
              "checkin_star": ("反馈之星", "check-in star")}
PATTERN_NAMES = {
    "silent_since_assigned": ("议而不决", "silent since assigned"),
    "bounced": ("推诿扯皮", "bounced"),
    "moves_only_when_pushed": ("不推不动", "moves only when pushed"),
    "strong_start_then_silence": ("虎头蛇尾", "strong start, then silence"),
    "reports_without_progress": ("只报不干", "reports without progress"),
}
PEOPLE_COLUMNS = ("rank", "name", "score", "done", "done_on_time", "late", "stalled",
                  "checkins", "escalations", "avg_rating", "stars")
TASK_COLUMNS = ("id", "title", "owner", "due", "progress", "health")


def _name(table: dict, key: str, lang: str) -> str:
    zh, en = table.get(key, (key, key))
    return zh if lang == "zh" else en


def _stars(p: dict, lang: str) -> str:
    names = [_name(STAR_NAMES, s, lang) for s in p["stars"]]
    if p.get("bottom"):
        names.append("末位" if lang == "zh" else "bottom")
    return ", ".join(names)


def sections(report: dict, lang: str) -> list[tuple[str, list[dict]]]:
    done = [t | {"health": t["finished"]} for t in report["done"]]
    return [(_("Done"), done), (_("Late"), report["late"]), (_("Stalled"), report["stalled"]),
            (_("Blocked"), report["blocked"]), (_("Due next"), report["due_next"])]


def _cell(task: dict, column: str) -> str:
    value = task.get(column)
    if column == "due":
        return str(value)[:16].replace("T", " ")
    if column == "progress":
        return f"{value}%"
    return "" if value is None else str(value)  # raw: each format escapes in its own way


# -- Markdown ---------------------------------------------------------------------------------
def _md(value: object) -> str:
    text = "" if value is None else str(value)
    text = inert(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]


def to_markdown(report: dict, lang: str) -> str:
    p = report["period"]
    out = [f"# {_('Review')} {p['start'][:10]} – {p['end'][:10]}", ""]
    for title, tasks in sections(report, lang):
        out += [f"## {title} ({len(tasks)})", ""]
        if tasks:
            out += _md_table(list(TASK_COLUMNS), [[_cell(t, c) for c in TASK_COLUMNS] for t in tasks])
        out.append("")
    out += [f"## {_('People')}", ""]
    out += _md_table(list(PEOPLE_COLUMNS), [
        [str(person[c]) if c != "stars" else _stars(person, lang) for c in PEOPLE_COLUMNS]
        for person in report["people"]])
    out += ["", f"## {_('Patterns')}", ""]
    out += [f"- #{x['task']} {_md(x['title'])} — {_name(PATTERN_NAMES, x['pattern'], lang)}: "
            f"{_md(x['evidence'])}" for x in report["patterns"]] or ["-"]
    out += ["", f"## {_('Escalations')}", ""]
    out += [f"- #{e['task']} → {e['rung']}: {_md(e['reason'])} ({_md(e['actor'])}, {e['at'][:16]})"
            for e in report["escalations"]] or ["-"]
    out += ["", f"## {_('Formula')}", "", _md(report["formula"]), ""]
    return "\n".join(out)


# -- CSV --------------------------------------------------------------------------------------
def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def to_csv(report: dict, lang: str) -> str:
    """One sheet: a `section` column, then the task or person columns. UTF-8 with BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["section", *TASK_COLUMNS])
    for (title, tasks), key in zip(sections(report, lang), ("done", "late", "stalled", "blocked", "due_next")):
        for t in tasks:
            w.writerow([key, *(_safe_cell(t.get(c)) for c in TASK_COLUMNS)])
    w.writerow([])
    w.writerow(["section", *PEOPLE_COLUMNS])
    for person in report["people"]:
        w.writerow(["people", *(_safe_cell(_stars(person, lang) if c == "stars" else person[c])
                                for c in PEOPLE_COLUMNS)])
    return "\ufeff" + buf.getvalue()


# -- HTML -------------------------------------------------------------------------------------
def to_html(report: dict, lang: str) -> str:
    e = lambda v: html.escape(inert(v))
    p = report["period"]
    parts = [f"<!doctype html><meta charset='utf-8'><title>{e(_('Review'))}</title>",
             f"<h1>{e(_('Review'))} {e(p['start'][:10])} – {e(p['end'][:10])}</h1>"]
    for title, tasks in sections(report, lang):
        parts.append(f"<h2>{e(title)} ({len(tasks)})</h2>")
        if tasks:
            rows = "".join("<tr>" + "".join(f"<td>{e(_cell(t, c))}</td>" for c in TASK_COLUMNS)
                           + "</tr>" for t in tasks)
            parts.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in TASK_COLUMNS) + f"</tr>{rows}</table>")
    rows = "".join("<tr>" + "".join(
        f"<td>{e(_stars(x, lang) if c == 'stars' else x[c])}</td>" for c in PEOPLE_COLUMNS) + "</tr>"
        for x in report["people"])
    parts.append(f"<h2>{e(_('People'))}</h2><table><tr>"
                 + "".join(f"<th>{c}</th>" for c in PEOPLE_COLUMNS) + f"</tr>{rows}</table>")
    items = "".join(f"<li>#{x['task']} {e(x['title'])} — {e(_name(PATTERN_NAMES, x['pattern'], lang))}: "
                    f"{e(x['evidence'])}</li>" for x in report["patterns"])
    parts.append(f"<h2>{e(_('Patterns'))}</h2><ul>{items}</ul><p>{e(report['formula'])}</p>")
    return "\n".join(parts) + "\n"


# -- Rich -------------------------------------------------------------------------------------
def print_report(report: dict, lang: str, now) -> None:
    from rich.table import Table
    from rich.text import Text

    from luoshi.render.tables import console, health_label

    out = console()
    p = report["period"]
    out.print(Text(f"{_('Review')} {p['start'][:10]} – {p['end'][:10]}", style="bold"))
    for title, tasks in sections(report, lang):
        out.print(Text(f"\n{title} ({len(tasks)})", style="bold"))
        if not tasks:
            continue
        table = Table(box=None, pad_edge=False)
        for c in TASK_COLUMNS:
            table.add_column(_(c), overflow="fold")
        for t in tasks:
            table.add_row(*(Text(health_label(_cell(t, c)) if c == "health" else inert(_cell(t, c)))
                            for c in TASK_COLUMNS))
        out.print(table)
    out.print(Text("\n" + _("People"), style="bold"))
    table = Table(box=None, pad_edge=False)
    for c in PEOPLE_COLUMNS:
        table.add_column(_(c), overflow="fold")
    for person in report["people"]:
        table.add_row(*(Text(_stars(person, lang) if c == "stars" else inert(person[c] if person[c] is not None else "—"))
                        for c in PEOPLE_COLUMNS))
    out.print(table)
    if report["patterns"]:
        out.print(Text("\n" + _("Patterns"), style="bold"))
        for x in report["patterns"]:
            out.print(Text(f"#{x['task']} {inert(x['title'])} — {_name(PATTERN_NAMES, x['pattern'], lang)}: {inert(x['evidence'])}"))
    if report["escalations"]:
        out.print(Text("\n" + _("Escalations"), style="bold"))
        for e in report["escalations"]:
            out.print(Text(f"#{e['task']} → {e['rung']}: {inert(e['reason'])} ({inert(e['actor'])})"))
    out.print(Text("\n" + _("Formula") + ": " + report["formula"], style="dim"))
