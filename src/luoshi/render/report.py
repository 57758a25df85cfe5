"""The review report, rendered: one entry point for the files (`render_document`) and one for
the terminal (`print_report`). The formats live in their own modules (markdown, csvfile,
html + svg, xlsx, docx, report_text); this module imports none of them until asked, and never
Rich, so a file format does not pay for the terminal's library.

Every renderer reads the report's shape in notes/report-shape.md (`report --json`).
`complete()` lets them read a report of the earlier shape too (no `tasks`, fewer totals):
missing lists are empty and missing totals are counted from the lists.
"""

from __future__ import annotations

import json
from pathlib import Path

SHOWN = 20  # rows per section on a terminal; the files hold them all
FORMATS = ("table", "json", "md", "csv", "html", "xlsx", "docx")
BINARY = ("xlsx", "docx")  # never written to a terminal or a pipe
EXTENSIONS = {".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html",
              ".xlsx": "xlsx", ".docx": "docx", ".json": "json"}


def format_of(path: str | None) -> str | None:
    """The format a file name asks for by its extension (case ignored); None when unknown."""
    return EXTENSIONS.get(Path(path).suffix.lower()) if path else None


def render_document(report: dict, fmt: str, lang: str, now, *, office: str | None = None,
                    issue: int | None = None) -> bytes:
    """The report as the bytes of a file in `fmt` (json, md, csv, html, xlsx, docx), complete:
    every row of every list. Text formats are UTF-8 (CSV with a BOM, for Excel)."""
    report = complete(report)
    if fmt == "xlsx":
        from luoshi.render.xlsx import to_xlsx

        return to_xlsx(report, lang, now)
    if fmt == "docx":
        from luoshi.render.docx import to_docx

        return to_docx(report, lang, now, office=office, issue=issue)
    if fmt == "csv":
        from luoshi.render.csvfile import to_csv

        return to_csv(report, lang, now).encode("utf-8")
    if fmt == "html":
        from luoshi.render.html import to_html

        return to_html(report, lang, now, office=office).encode("utf-8")
    if fmt in ("md", "table"):
        return to_markdown(report, lang, now).encode("utf-8")
    if fmt == "json":
        return to_json(report).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def print_report(report: dict, lang: str, now, out=None) -> None:
    """The review on the terminal (colour by state, up to SHOWN rows a section)."""
    from luoshi.render.report_text import print_report as show

    show(complete(report), lang, now, out)


def to_markdown(report: dict, lang: str, now=None) -> str:
    from luoshi.render.markdown import to_markdown as markdown

    return markdown(complete(report), lang, now)


def to_json(report: dict) -> str:
    """The report as one JSON document, one task, person, pattern or event per line.

    `json.dumps(indent=…)` falls back to the pure-Python encoder (seconds for a big
    ledger); each item is encoded by the C encoder and the outline is indented by hand."""
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


_LISTS = ("tasks", "done", "late", "stalled", "blocked", "behind", "due_soon", "due_next",
          "escalations", "extensions", "handovers", "waivers", "closures", "people",
          "patterns", "trend")


def complete(report: dict) -> dict:
    """The report with every key of the current shape; a current report is returned as is."""
    if "tasks" in report and "on_time_rate" in (report.get("totals") or {}):
        return report
    out = {key: report.get(key) or [] for key in _LISTS} | {
        k: v for k, v in report.items() if k not in _LISTS or v}
    if not report.get("tasks"):
        seen: dict[int, dict] = {}
        for key in ("done", "late", "stalled", "blocked", "behind", "due_soon", "due_next"):
            for t in report.get(key) or []:
                seen.setdefault(t["id"], t)
        out["tasks"] = [seen[i] for i in sorted(seen)]
    out["totals"] = _counted(out) | (report.get("totals") or {})
    return out


def _counted(report: dict) -> dict:
    done = report["done"]
    finished = lambda kind: sum(1 for t in done if t.get("finished") == kind)  # noqa: E731
    opened = [t for t in report["tasks"] if t.get("status") == "open"]
    counts = {"tasks": len(report["tasks"]), "done": len(done),
              "done_on_time": finished("on_time"), "done_after_extension": finished("after_extension"),
              "done_late": finished("late"), "done_waived": finished("waived"),
              "open": len(opened), "closed": len(report["closures"])}
    for health in ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due"):
        counts[health] = sum(1 for t in opened if t.get("health") == health)
    good = counts["done_on_time"] + counts["done_after_extension"] + counts["done_waived"]
    counts["on_time_rate"] = good / counts["done"] if counts["done"] else None
    both = counts["done"] + counts["open"]
    counts["done_rate"] = counts["done"] / both if both else None
    return counts
