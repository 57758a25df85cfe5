"""The review as Markdown: the title and period, the totals line, the 台账 and every section
as tables, the formula. Complete: every row of every list.

User text is inert (control characters shown as escapes) and cannot break the table: pipes
and backslashes are escaped, line breaks become spaces.
"""

from __future__ import annotations

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.sections import tables
from luoshi.render.text import inert


def md(value: object) -> str:
    """A cell or a line of user text, safe inside a Markdown table."""
    text = "" if value is None else str(value)
    text = inert(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # no raw HTML
    return text.replace("\\", "\\\\").replace("|", "\\|")


def md_table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]


def heading(say: w.Say, report: dict) -> str:
    """督查报告 2026年11月16日至22日，第47周 (with the owner when the report is filtered)."""
    title = f"{say(N_('Review'))} {w.period_words(report['period'], say.lang)}"
    who = (report.get("filters") or {}).get("owner")
    return title + (f" · {who}" if who else "")


def to_markdown(report: dict, lang: str, now=None) -> str:
    say = w.Say(lang)
    out = [f"# {md(heading(say, report))}", "", md(w.totals_line(report.get("totals") or {}, lang)),
           ""]
    if report.get("as_of"):
        out += [md(say(N_("As of {when}")).format(when=w.when_words(report["as_of"], lang, now))), ""]
    for table in tables(report, lang, now):
        out += [f"## {table.title} ({table.total})", ""]
        if table.items:
            out += md_table([c.header for c in table.columns], table.rows())
        else:
            out.append("—")
        out.append("")
    out += [f"## {say(N_('Formula'))}", "", md(report.get("formula")), ""]
    return "\n".join(out)
