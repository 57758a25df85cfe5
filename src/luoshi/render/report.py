"""The review report in every format: Rich tables, Markdown, CSV (for Excel) and HTML.

User text is made inert in every format: escaped in Markdown (pipes, newlines) and HTML,
and neutralised in CSV where a cell could start a formula (= + - @ tab CR).
"""

from __future__ import annotations

import csv
import html
import io
from datetime import datetime

from luoshi.domain.ladder import rung_name
from luoshi.i18n import N_, _
from luoshi.render.text import inert

STAR_NAMES = {"execution_star": N_("execution star"),  # 执行之星
              "quality_star": N_("quality star"),  # 质量之星
              "checkin_star": N_("check-in star")}  # 反馈之星
PATTERN_NAMES = {
    "silent_since_assigned": N_("silent since assigned"),  # 议而不决
    "bounced": N_("bounced"),  # 推诿扯皮
    "moves_only_when_pushed": N_("moves only when pushed"),  # 不推不动
    "strong_start_then_silence": N_("strong start, then silence"),  # 虎头蛇尾
    "reports_without_progress": N_("reports without progress"),  # 只报不干
}
PEOPLE_COLUMNS = ("rank", "name", "score", "done", "done_on_time", "late", "stalled",
                  "checkins", "escalations", "avg_rating", "stars")
TASK_COLUMNS = ("id", "title", "owner", "due", "progress", "health")
# Column headers people read (CSV keeps the keys above: they are stable for spreadsheets).
HEADERS = {
    "id": N_("ID"), "title": N_("Task"), "owner": N_("Owner"), "due": N_("Due"),
    "progress": N_("Progress"), "health": N_("Health"), "rank": N_("Rank"), "name": N_("Name"),
    "score": N_("Score"), "done": N_("Finished"), "done_on_time": N_("On time"), "late": N_("Late"),
    "stalled": N_("Stalled"), "checkins": N_("Check-ins"), "escalations": N_("Escalated"),
    "avg_rating": N_("Avg rating"), "stars": N_("Stars"),
}


def _header(column: str) -> str:
    return _(HEADERS[column]) if column in HEADERS else column


def _name(table: dict, key: str, lang: str) -> str:
    return _(table[key]) if key in table else key


def _stars(p: dict, lang: str) -> str:
    names = [_name(STAR_NAMES, s, lang) for s in p["stars"]]
    if p.get("bottom"):
        names.append(_("bottom"))  # 末位
    return ", ".join(names)


def _figure(value: object) -> str:
    """A person's figure; one not computed (no rank, no rating) is a dash, as in the table."""
    return "—" if value is None else str(value)


def sections(report: dict, lang: str) -> list[tuple[str, list[dict]]]:
    done = [t | {"health": t["finished"]} for t in report["done"]]
    return [(_("Done"), done), (_("Late"), report["late"]), (_("Stalled"), report["stalled"]),
            (_("Blocked"), report["blocked"]), (_("Due next"), report["due_next"])]


def _span(period: dict) -> str:
    """The period's first and last day (its end is exclusive: the next period's start)."""
    from datetime import datetime, timedelta

    last = datetime.fromisoformat(period["end"]) - timedelta(days=1)
    return f"{period['start'][:10]} – {last.date().isoformat()}"


def _cell(task: dict, column: str) -> str:
    value = task.get(column)
    if column == "due":
        return str(value)[:16].replace("T", " ")
    if column == "progress":
        return f"{value}%"
    return "" if value is None else str(value)  # raw: each format escapes in its own way


def _label(task: dict, column: str, lang: str | None = None, now=None) -> str:
    """A cell as people read it: health in words; with `now`, the deadline as a local date."""
    from luoshi.render.tables import health_label

    if column == "health":
        if task.get("finished") == "late":  # a Done row: finished late, not late now
            return _("finished late")
        return health_label(_cell(task, column))
    if column == "due" and now is not None and lang is not None:
        from datetime import datetime

        from luoshi.render.dates import format_when

        return format_when(datetime.fromisoformat(task["due"]), lang, now)
    return _cell(task, column)


# -- JSON -------------------------------------------------------------------------------------
def to_json(report: dict) -> str:
    """The report as one JSON document, one task, person, pattern or event per line.

    `json.dumps(indent=…)` falls back to the pure-Python encoder (seconds for a big
    ledger); each item is encoded by the C encoder and the outline is indented by hand."""
    import json

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in report.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + dump(item) for item in value)
            lines.append(f"  {dump(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


# -- Markdown ---------------------------------------------------------------------------------
def _md(value: object) -> str:
    text = "" if value is None else str(value)
    text = inert(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]


def _at(text: str, lang: str, now) -> str:
    """An event's time as people read it (with `now`), else as stored, to the minute."""
    if now is None:
        return text[:16].replace("T", " ")
    from datetime import datetime

    from luoshi.render.dates import format_when

    return format_when(datetime.fromisoformat(text), lang, now)


def to_markdown(report: dict, lang: str, now=None) -> str:
    """The review as Markdown; with `now`, deadlines and times are written the language's way."""
    p = report["period"]
    out = [f"# {_('Review')} {_span(p)}", ""]
    for title, tasks in sections(report, lang):
        out += [f"## {title} ({len(tasks)})", ""]
        if tasks:
            out += _md_table([_header(c) for c in TASK_COLUMNS],
                             [[_label(t, c, lang, now) for c in TASK_COLUMNS] for t in tasks])
        out.append("")
    out += [f"## {_('People')}", ""]
    out += _md_table([_header(c) for c in PEOPLE_COLUMNS], [
        [_stars(person, lang) if c == "stars" else _figure(person[c]) for c in PEOPLE_COLUMNS]
        for person in report["people"]])
    out += ["", f"## {_('Patterns')}", ""]
    out += [f"- #{x['task']} {_md(x['title'])} — {_name(PATTERN_NAMES, x['pattern'], lang)}: "
            f"{_md(x['evidence'])}" for x in report["patterns"]] or ["-"]
    out += ["", f"## {_('Escalations')}", ""]
    out += [f"- #{e['task']} → {rung_name(e['rung'], lang)}: {_md(e['reason'])} ({_md(e['actor'])}, "
            f"{_at(e['at'], lang, now)})" for e in report["escalations"]] or ["-"]
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
def to_html(report: dict, lang: str, now=None) -> str:
    e = lambda v: html.escape(inert(v))
    p = report["period"]
    parts = [f"<!doctype html><meta charset='utf-8'><title>{e(_('Review'))}</title>",
             f"<h1>{e(_('Review'))} {e(_span(p))}</h1>"]
    for title, tasks in sections(report, lang):
        parts.append(f"<h2>{e(title)} ({len(tasks)})</h2>")
        if tasks:
            rows = "".join("<tr>" + "".join(f"<td>{e(_label(t, c, lang, now))}</td>" for c in TASK_COLUMNS)
                           + "</tr>" for t in tasks)
            parts.append("<table><tr>" + "".join(f"<th>{e(_header(c))}</th>" for c in TASK_COLUMNS)
                         + f"</tr>{rows}</table>")
    rows = "".join("<tr>" + "".join(
        f"<td>{e(_stars(x, lang) if c == 'stars' else _figure(x[c]))}</td>" for c in PEOPLE_COLUMNS) + "</tr>"
        for x in report["people"])
    parts.append(f"<h2>{e(_('People'))}</h2><table><tr>"
                 + "".join(f"<th>{e(_header(c))}</th>" for c in PEOPLE_COLUMNS) + f"</tr>{rows}</table>")
    items = "".join(f"<li>#{x['task']} {e(x['title'])} — {e(_name(PATTERN_NAMES, x['pattern'], lang))}: "
                    f"{e(x['evidence'])}</li>" for x in report["patterns"])
    parts.append(f"<h2>{e(_('Patterns'))}</h2><ul>{items}</ul><p>{e(report['formula'])}</p>")
    return "\n".join(parts) + "\n"


# -- Rich -------------------------------------------------------------------------------------
SHOWN = 20  # rows per section on a terminal; the files (json, csv, md, html) hold them all
SECTION_KEYS = ("done", "late", "stalled", "blocked", "due_next")


def _capped(items: list, total: int, key=None) -> tuple[list, int]:
    """The first SHOWN items (by `key` when given) and how many of `total` are left out."""
    shown = (sorted(items, key=key) if key else items)[:SHOWN]
    return shown, max(0, total - len(shown))


def _more(console, left: int) -> None:
    from rich.text import Text

    if left:
        console.print(Text(_("… and {n} more: --format csv or json for all").format(n=left),
                           style="dim"))


def print_report(report: dict, lang: str, now) -> None:
    from rich.table import Table
    from rich.text import Text

    from luoshi.render.tables import console

    out = console()
    p = report["period"]
    out.print(Text(f"{_('Review')} {_span(p)}", style="bold"))
    totals = report.get("totals") or {}
    for (title, tasks), key in zip(sections(report, lang), SECTION_KEYS):
        total = totals.get(key, len(tasks))
        out.print(Text(f"\n{title} ({total})", style="bold"))
        if not tasks:
            continue
        table = Table(box=None, pad_edge=False)
        for c in TASK_COLUMNS:
            table.add_column(_header(c), overflow="fold")
        rows, left = _capped(tasks, total, key=lambda t: (datetime.fromisoformat(t["due"]), t["id"]))
        for t in rows:  # the most overdue first
            table.add_row(*(Text(inert(_label(t, c, lang, now))) for c in TASK_COLUMNS))
        out.print(table)
        _more(out, left)
    out.print(Text("\n" + _("People"), style="bold"))
    table = Table(box=None, pad_edge=False)
    for c in PEOPLE_COLUMNS:
        table.add_column(_header(c), overflow="fold")
    for person in report["people"]:
        table.add_row(*(Text(_stars(person, lang) if c == "stars" else inert(person[c] if person[c] is not None else "—"))
                        for c in PEOPLE_COLUMNS))
    out.print(table)
    if report["patterns"]:
        out.print(Text("\n" + _("Patterns"), style="bold"))
        rows, left = _capped(report["patterns"], totals.get("patterns", len(report["patterns"])))
        for x in rows:
            out.print(Text(f"#{x['task']} {inert(x['title'])} — {_name(PATTERN_NAMES, x['pattern'], lang)}: {inert(x['evidence'])}"))
        _more(out, left)
    if report["escalations"]:
        out.print(Text("\n" + _("Escalations"), style="bold"))
        rows, left = _capped(report["escalations"],
                             totals.get("escalations", len(report["escalations"])))
        for e in rows:
            out.print(Text(f"#{e['task']} → {rung_name(e['rung'], lang)}: {inert(e['reason'])} ({inert(e['actor'])})"))
        _more(out, left)
    # one paragraph: the terminal wraps it, and a file or a pipe keeps it on one line
    out.print(Text("\n" + _("Formula: {formula}").format(formula=report["formula"]), style="dim"),
              soft_wrap=True)
