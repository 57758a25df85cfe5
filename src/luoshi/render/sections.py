"""The review as tables: the 台账 and every section, one list of columns each, shared by all
formats so that they show the same rows under the same headers.

`tables(report, lang, now, sheet=False)` gives each table's columns and items. A column's
`cell(item)` is what a reader sees (text in the chosen language, times the language's way);
with `sheet=True` (csv, xlsx) numbers stay numbers, times are datetimes, and the deadline is
three columns (original, current, reason) so a spreadsheet can sort and filter them. Cells
hold user text as given: each format makes it inert and escapes it in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from luoshi.i18n import N_
from luoshi.render import words as w

HEADERS = {
    "id": N_("ID"), "title": N_("Task"), "owner": N_("Owner"), "lead": N_("Lead"),
    "source": N_("Source"), "deadline": N_("Deadline"), "original_due": N_("Original due"),
    "due": N_("Due"), "extension_reason": N_("Extension reason"), "progress": N_("Progress"),
    "status": N_("Status"), "days_late": N_("Days late"), "rung": N_("Rung"),
    "latest_note": N_("Latest note"), "blocker": N_("Blocker"), "finished_at": N_("Finished"),
    "rating": N_("Rating"), "last_checkin": N_("Last check-in"), "reason": N_("Reason"),
    "actor": N_("By"), "at": N_("At"), "change": N_("Change"), "note": N_("Note"),
    "pattern": N_("Pattern"), "evidence": N_("Evidence"), "rank": N_("Rank"), "name": N_("Name"),
    "score": N_("Score"), "held": N_("Held"), "done": N_("Done"), "on_time": N_("On time"),
    "late": N_("Late"), "stalled": N_("Stalled"), "checkins": N_("Check-ins"),
    "regularity": N_("Check-in rate (%)"),
    "escalations": N_("Escalated"), "avg_rating": N_("Avg rating"), "stars": N_("Stars"),
}
TITLES = {
    "tasks": N_("Ledger"), "done": N_("Done"), "late": N_("Late"), "stalled": N_("Stalled"),
    "blocked": N_("Blocked"), "behind": N_("Behind"), "due_next": N_("Due next"),
    "escalations": N_("Escalations"), "extensions": N_("Extensions"),
    "handovers": N_("Hand-overs"), "waivers": N_("Waivers"), "closures": N_("Closures"),
    "people": N_("People"), "patterns": N_("Patterns"),
}
LEDGER = ("id", "title", "owner", "lead", "source", "deadline", "progress", "status",
          "days_late", "rung", "latest_note", "blocker")
SHEET_LEDGER = ("id", "title", "owner", "lead", "source", "original_due", "due",
                "extension_reason", "progress", "status", "days_late", "rung", "latest_note",
                "blocker")
SECTIONS = {  # each section's columns; "deadline" becomes three columns in a sheet
    "done": ("id", "title", "owner", "deadline", "finished_at", "status", "days_late", "rating"),
    "late": ("id", "title", "owner", "deadline", "progress", "days_late", "rung", "latest_note"),
    "stalled": ("id", "title", "owner", "deadline", "progress", "last_checkin", "rung",
                "latest_note"),
    "blocked": ("id", "title", "owner", "deadline", "progress", "blocker"),
    "behind": ("id", "title", "owner", "deadline", "progress", "latest_note"),
    "due_next": ("id", "title", "owner", "deadline", "progress", "status"),
    "escalations": ("id", "title", "owner", "rung", "reason", "actor", "at"),
    "extensions": ("id", "title", "owner", "change", "reason", "actor", "at"),
    "handovers": ("id", "title", "change", "reason", "actor", "at"),
    "waivers": ("id", "title", "owner", "reason", "actor", "at"),
    "closures": ("id", "title", "owner", "note", "actor", "at"),
    "people": ("rank", "name", "score", "held", "done", "on_time", "late", "stalled",
               "checkins", "escalations", "avg_rating", "stars"),
    "patterns": ("id", "title", "owner", "pattern", "evidence"),
}
EVENT_SECTIONS = ("escalations", "extensions", "handovers", "waivers", "closures")
NUMERIC = {"id", "progress", "days_late", "rating", "rank", "score", "held", "done", "on_time",
           "late", "stalled", "checkins", "regularity", "escalations", "avg_rating"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    cell: Callable[[dict], object]
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    key: str  # tasks, done, late, …, people, patterns
    title: str
    columns: tuple[Column, ...]
    items: list[dict]
    total: int  # how many in all (more than `items` when a terminal's list was cut)

    def rows(self) -> list[list[object]]:
        return [[c.cell(item) for c in self.columns] for item in self.items]


def tables(report: dict, lang: str, now, sheet: bool = False) -> list[Table]:
    """The 台账, then done, late, stalled, blocked, behind, due next, the events, people and
    patterns, in that order."""
    say = w.Say(lang)
    totals = report.get("totals") or {}
    out = [_table(say, "tasks", SHEET_LEDGER if sheet else LEDGER, report.get("tasks") or [],
                  totals.get("tasks"), now, sheet)]
    for key in ("done", "late", "stalled", "blocked", "behind", "due_next", *EVENT_SECTIONS,
                "people", "patterns"):
        keys = SECTIONS[key]
        if sheet and "deadline" in keys:
            at = keys.index("deadline")
            keys = keys[:at] + ("original_due", "due", "extension_reason") + keys[at + 1:]
        if sheet and "checkins" in keys:  # a sheet gives the rate its own column
            at = keys.index("checkins") + 1
            keys = keys[:at] + ("regularity",) + keys[at:]
        out.append(_table(say, key, keys, report.get(key) or [], totals.get(key), now, sheet))
    return out


def _table(say: w.Say, key: str, keys: tuple, items: list, total, now, sheet: bool) -> Table:
    kind = "event" if key in EVENT_SECTIONS else key if key in ("people", "patterns") else "task"
    columns = tuple(Column(k, say(HEADERS[k]), _getter(say, k, kind, now, sheet),
                           sheet and k in NUMERIC) for k in keys)
    return Table(key, say(TITLES[key]), columns, items, len(items) if total is None else total)


def _time(text: str | None, lang: str, now, sheet: bool):
    if not text:
        return None if sheet else ""
    if sheet:  # a naive local time: spreadsheets have no zones
        return datetime.fromisoformat(text).replace(tzinfo=None)
    return w.when_words(text, lang, now)


def _getter(say: w.Say, key: str, kind: str, now, sheet: bool) -> Callable[[dict], object]:
    lang = say.lang
    if kind == "people":
        return _person_getter(say, key, sheet)
    if key in ("original_due", "due", "finished_at", "last_checkin", "at"):
        return lambda x: _time(x.get(key), lang, now, sheet)
    simple = {
        "id": lambda x: x.get("task", x.get("id")) if kind != "task" else x.get("id"),
        "source": lambda x: w.source_word(say, x.get("source")),
        "deadline": lambda x: w.deadline_words(x, lang, now),
        "progress": lambda x: x.get("progress") if sheet else f"{x.get('progress') or 0}%",
        "status": lambda x: w.status_word(say, x),
        "days_late": lambda x: (x.get("days_late") or 0) if sheet else (x.get("days_late") or ""),
        "rung": lambda x: w.rung_word(x.get("rung") if kind == "event" else x.get("escalation"), lang),
        "rating": lambda x: x.get("rating") if sheet else w.figure(x.get("rating")),
        "pattern": lambda x: w.pattern_word(say, x.get("pattern")),
        "change": lambda x: _change(x, lang, now),
    }
    if key in simple:
        return simple[key]
    return lambda x: x.get(key) if sheet else ("" if x.get(key) is None else x.get(key))


def _change(event: dict, lang: str, now) -> str:
    """An extension's old → new deadline, or a hand-over's old → new owner."""
    if event.get("kind") == "reassigned" or "to_owner" in event:
        return f"{event.get('from_owner', '')} → {event.get('to_owner', '')}"
    before = event.get("from_due")
    after = w.when_words(event.get("due"), lang, now)
    return f"{w.when_words(before, lang, now)} → {after}" if before else after


def _person_getter(say: w.Say, key: str, sheet: bool) -> Callable[[dict], object]:
    def on_time(p: dict) -> int:
        return sum(p.get(k) or 0 for k in ("done_on_time", "done_after_extension", "done_waived"))

    def regularity(p: dict) -> int | None:
        """The check-ins that counted over those due, in per cent (those due are counted in
        proportion to the time held, so the two figures themselves are fractions)."""
        rate = (p.get("components") or {}).get("regularity")
        return None if rate is None else round(100 * rate)

    def checkins(p: dict) -> object:
        """Check-ins made; on a page with the rate beside them: 3 (75%)."""
        made, rate = p.get("checkins"), regularity(p)
        if sheet:
            return made
        return w.figure(made) if rate is None else f"{w.figure(made)} ({rate}%)"

    special = {"on_time": on_time, "checkins": checkins, "regularity": regularity, "stars": lambda p: w.stars_words(say, p),
               "name": lambda p: p.get("name")}
    if key in special:
        return special[key]
    return lambda p: p.get(key) if sheet else w.figure(p.get(key))
