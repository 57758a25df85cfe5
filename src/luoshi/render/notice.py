"""The 督办通知单 for one task: what it is, who owns and leads it, its deadline, its history,
the rung it stands on (blue 催办, yellow 督办, red 约谈 and above; plain without a rung), and
what is required by when — in Markdown, HTML (self-contained, like the report) or Word.

It reads a task detail (`show --json`: the task's fields and its `events`). The time required
is the task's deadline when it is still ahead; for a late task, 18:00 of the next working day
(Monday to Friday) after now. User text is inert in every format and escaped in HTML.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.markdown import md
from luoshi.render.svg import FONTS, esc
from luoshi.render.text import inert

RUNG_COLOURS = {"blue": "#1a73e8", "yellow": "#f2a600", "red": "#d93025"}
COLOUR_WORDS = {"blue": N_("blue"), "yellow": N_("yellow"), "red": N_("red")}
EVENTS = {
    "assigned": N_("assigned to {owner}"), "accepted": N_("signed for"),
    "checked_in": N_("checked in {progress}%"), "reminded": N_("reminded"),
    "escalated": N_("escalated to {rung}"), "extended": N_("deadline extended to {due}"),
    "reassigned": N_("reassigned {from_owner} → {to_owner}"), "finished": N_("reported finished"),
    "closed": N_("closed"), "reopened": N_("reopened"), "scored": N_("rated {rating}/5"),
    "waived": N_("penalty waived"), "cancelled": N_("cancelled"), "returned": N_("returned"),
    "noted": N_("remark"), "amended": N_("corrected"),
}


def required_by(detail: dict, now: datetime) -> datetime | None:
    """When the owner must finish and report: the deadline if still ahead, else 18:00 of the
    next working day after now; None for a task without a deadline."""
    if not detail.get("due"):
        return None
    due = datetime.fromisoformat(detail["due"])
    if due > now:
        return due
    day = now.astimezone(due.tzinfo) + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=18, minute=0, second=0, microsecond=0)


class _Fields(dict):
    """An event's fields for its sentence; a field the event lacks reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _event_words(say: w.Say, e: dict, lang: str, now) -> str:
    fields = {k: ("" if v is None else v) for k, v in e.items()}
    fields["rung"] = w.rung_word(e.get("rung"), lang)
    fields["due"] = w.when_words(e.get("due"), lang, now)
    text = say(EVENTS[e["kind"]]).format_map(_Fields(fields)) if e.get("kind") in EVENTS else str(e.get("kind"))
    detail = e.get("reason") or e.get("note") or e.get("evidence")
    if e.get("blocker"):
        detail = say(N_("blocker: {text}")).format(text=e["blocker"]) + (f"; {e['note']}" if e.get("note") else "")
    return f"{text} — {detail}" if detail else text


def _facts(detail: dict, lang: str, now) -> list[tuple[str, str]]:
    say = w.Say(lang)
    owner = detail.get("owner") or ""
    rows = [(say(N_("Task")), f"#{detail.get('id')} {detail.get('title', '')}"),
            (say(N_("Owner")), owner), (say(N_("Helpers")), "、".join(detail.get("helpers") or []) or "—"),
            (say(N_("Lead")), detail.get("lead") or ""),
            (say(N_("Source")), w.source_word(say, detail.get("source"))),
            (say(N_("Standard")), detail.get("standard") or "—"),
            (say(N_("Deadline")), w.deadline_words(detail, lang, now)),
            (say(N_("Progress")), f"{detail.get('progress') or 0}%"),
            (say(N_("Status")), w.status_word(say, detail))]
    if detail.get("blocker"):
        rows.append((say(N_("Blocker")), detail["blocker"]))
    return rows


def _rung(detail: dict, lang: str) -> tuple[str, str | None]:
    """The rung's words with its colour named (约谈（红色）), and the colour."""
    say, rung = w.Say(lang), detail.get("escalation") or 0
    colour = w.rung_tone(rung)
    if not colour:
        return say(N_("not escalated")), None
    name = w.rung_word(rung, lang)
    word = say(COLOUR_WORDS[colour])
    return (f"{name}（{word}）" if say.zh else f"{name} ({word})"), colour


def _demand(detail: dict, lang: str, now) -> str:
    say, by = w.Say(lang), required_by(detail, now)
    if by is None:
        return say(N_("Set a deadline and report."))
    when = f"{by.month}月{by.day}日{by.hour:02d}:{by.minute:02d}" if say.zh else w.when_words(by.isoformat(), lang, now)
    return say(N_("Finish and report by {when}.")).format(when=when)


def render_notice(detail: dict, fmt: str, lang: str, now: datetime,
                  office: str | None = None) -> bytes:
    """The notice as the bytes of a file: md, html (UTF-8) or docx."""
    if fmt == "md":
        return _markdown(detail, lang, now, office).encode("utf-8")
    if fmt == "html":
        return _html(detail, lang, now, office).encode("utf-8")
    if fmt == "docx":
        return _docx(detail, lang, now, office)
    raise ValueError(f"unknown format {fmt!r}")


def _history(detail: dict, lang: str, now) -> list[tuple[str, str, str]]:
    say = w.Say(lang)
    return [(w.when_words(e.get("at"), lang, now), e.get("actor") or "", _event_words(say, e, lang, now))
            for e in detail.get("events") or []]


def _markdown(detail: dict, lang: str, now, office: str | None) -> str:
    say = w.Say(lang)
    out = ([f"**{md(office)}**", ""] if office else []) + [f"# {say(N_('Supervision notice'))}", ""]
    out += [f"- **{md(k)}**: {md(v)}" for k, v in _facts(detail, lang, now)]
    out += [f"- **{md(say(N_('Rung')))}**: {md(_rung(detail, lang)[0])}", "",
            f"## {say(N_('History'))}", "", f"| {say(N_('When'))} | {say(N_('Who'))} | {say(N_('What'))} |",
            "|---|---|---|"]
    out += [f"| {md(a)} | {md(b)} | {md(c)} |" for a, b, c in _history(detail, lang, now)]
    out += ["", f"## {say(N_('Required'))}", "", f"**{md(_demand(detail, lang, now))}**", ""]
    return "\n".join(out)


def _html(detail: dict, lang: str, now, office: str | None) -> str:
    say = w.Say(lang)
    rung_text, colour = _rung(detail, lang)
    badge = (f'<span class="rung" style="background:{RUNG_COLOURS[colour]}">{esc(rung_text)}</span>'
             if colour else f"<span>{esc(rung_text)}</span>")
    facts = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in _facts(detail, lang, now))
    history = "".join(f"<tr><td>{esc(a)}</td><td>{esc(b)}</td><td>{esc(c)}</td></tr>"
                      for a, b, c in _history(detail, lang, now))
    css = (f"body{{font-family:{FONTS};max-width:800px;margin:24px auto;padding:0 16px;color:#202124}}"
           "table{border-collapse:collapse;width:100%}th,td{border:1px solid #dadce0;padding:4px 8px;"
           "text-align:left;vertical-align:top}th{background:#f1f3f4;white-space:nowrap}"
           ".office{color:#c00000;font-size:24px;font-weight:700;text-align:center;"
           "border-bottom:3px solid #c00000;padding-bottom:6px}h1{text-align:center}"
           ".rung{color:#fff;padding:2px 10px;border-radius:3px;font-weight:700}"
           ".demand{font-size:18px;font-weight:700;border:2px solid #202124;padding:10px}"
           "@media print{@page{size:A4;margin:16mm}thead{display:table-header-group}"
           "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}")
    return (f'<!doctype html>\n<html lang="{"zh-CN" if say.zh else "en"}"><head><meta charset="utf-8">'
            f"<title>{esc(say(N_('Supervision notice')))} #{esc(detail.get('id'))}</title>"
            f"<style>{css}</style></head><body>"
            + (f'<div class="office">{esc(office)}</div>' if office else "")
            + f"<h1>{esc(say(N_('Supervision notice')))}</h1><table>{facts}"
            f"<tr><th>{esc(say(N_('Rung')))}</th><td>{badge}</td></tr></table>"
            f"<h2>{esc(say(N_('History')))}</h2><table><thead><tr><th>{esc(say(N_('When')))}</th>"
            f"<th>{esc(say(N_('Who')))}</th><th>{esc(say(N_('What')))}</th></tr></thead>"
            f"<tbody>{history}</tbody></table><h2>{esc(say(N_('Required')))}</h2>"
            f'<p class="demand">{esc(_demand(detail, lang, now))}</p></body></html>\n')


def _docx(detail: dict, lang: str, now, office: str | None) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    from luoshi.render.docx import RED, _fonts, _rule

    say = w.Say(lang)
    doc = Document()
    _fonts(doc)
    if office:
        p = doc.add_paragraph()
        p.alignment = 1
        run = p.add_run(inert(office))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(24), RGBColor.from_string(RED)
        _rule(p)
    doc.add_heading(say(N_("Supervision notice")), level=1).alignment = 1
    rung_text, colour = _rung(detail, lang)
    facts = _facts(detail, lang, now) + [(say(N_("Rung")), rung_text)]
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for key, value in facts:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = inert(key), inert(value)
    if colour:
        run = grid.rows[-1].cells[1].paragraphs[0].runs[0]
        run.bold, run.font.color.rgb = True, RGBColor.from_string(RUNG_COLOURS[colour][1:].upper())
    doc.add_heading(say(N_("History")), level=2)
    history = doc.add_table(rows=1, cols=3)
    history.style = "Table Grid"
    for cell, text in zip(history.rows[0].cells, (say(N_("When")), say(N_("Who")), say(N_("What")))):
        cell.text = text
    for row in _history(detail, lang, now):
        for cell, text in zip(history.add_row().cells, row):
            cell.text = inert(text)
    doc.add_heading(say(N_("Required")), level=2)
    doc.add_paragraph().add_run(inert(_demand(detail, lang, now))).bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
