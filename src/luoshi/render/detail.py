"""`show`: one task and its timeline, as plain aligned text (no Rich on this path).

Columns are aligned by display width (CJK characters take two columns); user text goes
through `inert()`. Finished work never reads as overdue: its deadline line says when it
was finished instead.
"""

from __future__ import annotations

from datetime import datetime

from luoshi.i18n import _
from luoshi.render.dates import format_relative, format_when
from luoshi.render.labels import describe_event, health_label, rung_label, source_label
from luoshi.render.text import inert
from luoshi.render.words import display_width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _when(text: str | None, lang: str, now) -> str:
    return format_when(datetime.fromisoformat(text), lang, now) if text else "—"


def detail_lines(detail, now, lang: str) -> list[str]:
    """The task's facts, then its timeline, one line each."""
    t = detail.task.to_json()
    rows = [(_("Owner"), inert(t["owner"]) + (" " + _("(helpers: {names})").format(
                names=inert(", ".join(t["helpers"]))) if t["helpers"] else "")),
            (_("Lead"), inert(t["lead"])),
            (_("Source"), source_label(t["source"])),
            (_("Due"), _deadline(t, lang, now)),
            (_("Status"), f"{health_label(t['status'])} / {health_label(t['health'])}"),
            (_("Progress"), _progress(t, bool(detail.milestones)))]
    if t["original_due"] != t["due"]:
        rows.append((_("Original due"), _when(t["original_due"], lang, now)))
    rows += [(key, inert(value)) for key, value in (
        (_("Project"), t["project"]), (_("Tags"), ", ".join(t["tags"])),
        (_("Standard"), t["standard"]), (_("Blocker"), t["blocker"]),
        (_("Rung"), rung_label(t["escalation"]) if t["escalation"] else None),
        (_("Rating"), t["rating"]), (_("Signed for"), _when(t["accepted"], lang, now) if t["accepted"] else None),
        (_("Milestones"), ", ".join(f"#{c}" for c in t["children"]) if not detail.milestones else None),
        (_("Parent task"), f"#{t['parent']}" if t["parent"] else None)) if value]
    if t["pending_extension"]:
        p = t["pending_extension"]
        rows.append((_("Asks for"), _("until {when}: {reason}").format(
            when=_when(p["due"], lang, now), reason=inert(p["reason"]))))
    if t["returned"]:
        r = t["returned"]
        missing = "; ".join(inert(m) for m in r["missing"])
        rows.append((_("Returned"), inert(r["reason"]) + (f" — {_('missing')}: {missing}" if missing else "")))
    width = max(display_width(k) for k, _v in rows)
    lines = [f"#{t['id']} {inert(t['title'])}"]
    lines += [f"  {_pad(k, width)}  {v}" for k, v in rows]
    if detail.milestones:
        lines += ["", _("Milestones (倒排工期)"), _milestones(detail.milestones, lang, now)]
    lines += ["", _timeline(detail.events, lang, now)]
    return lines


def _progress(t: dict, rolled: bool) -> str:
    """40% (expected 55.0%, from its milestones)."""
    text = f"{t['progress']}%"
    if t.get("expected") is not None:
        text += " " + (_("(expected {expected}%, from its milestones)") if rolled
                       else _("(expected {expected}%)")).format(expected=f"{t['expected']:.1f}")
    elif rolled:
        text += " " + _("(from its milestones)")
    return text


def _milestones(milestones: list, lang: str, now) -> str:
    """Each milestone: id, title, owner, deadline, progress and health, in aligned columns."""
    heads = (_("ID"), _("Task"), _("Owner"), _("Due"), _("Progress"), _("Health"))
    rows = []
    for view in milestones:
        m = view.to_json()
        rows.append((f"#{m['id']}", inert(m["title"]), inert(m["owner"]), _deadline(m, lang, now),
                     f"{m['progress']}%", health_label(m["health"])))
    widths = [max(display_width(r[i]) for r in [heads, *rows]) for i in range(len(heads) - 1)]
    return "\n".join("  " + "  ".join(_pad(c, w) for c, w in zip(r[:-1], widths)) + "  " + r[-1]
                     for r in [heads, *rows])


def _deadline(t: dict, lang: str, now) -> str:
    if t["due"] is None:
        return _("none yet")
    due = datetime.fromisoformat(t["due"])
    when = format_when(due, lang, now)
    if t["status"] in ("done", "closed"):
        return when  # finished: how it finished is in the timeline, never "overdue"
    if t["status"] == "cancelled":
        return when
    return f"{when} ({format_relative(due, now, lang)})"


def _timeline(events: list[dict], lang: str, now) -> str:
    heads = (_("No."), _("When"), _("Who"), _("What"))
    rows = [(str(e["seq"]), _when(e["at"], lang, now), inert(e["actor"]), describe_event(e, lang, now))
            for e in events]
    widths = [max(display_width(r[i]) for r in [heads, *rows]) for i in range(3)]
    out = ["  ".join(_pad(h, w) for h, w in zip(heads[:3], widths)) + "  " + heads[3]]
    out += ["  ".join(_pad(c, w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in rows]
    return "\n".join(out)


def print_detail(detail, now, lang: str) -> None:
    print("\n".join(detail_lines(detail, now, lang)))
