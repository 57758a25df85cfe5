"""Words for health, status and events: plain strings, no Rich.

Kept apart from the Rich tables so that a step command's one-line confirmation does not
pay for importing Rich (≈ 50 ms of start-up).
"""

from __future__ import annotations

from luoshi.i18n import _, current_lang
from luoshi.render.text import inert


def health_label(health: str) -> str:
    return {
        "on_track": _("on track"), "due_soon": _("due soon"), "late": _("late"),
        "behind": _("behind"), "needs_due": _("needs a deadline"),
        "stalled": _("stalled"), "blocked": _("blocked"), "open": _("open"),
        "done": _("done"), "closed": _("closed"), "cancelled": _("cancelled"),
        "on_time": _("on time"), "after_extension": _("after an extension"),
    }.get(health, health)


def describe_event(e: dict) -> str:
    """One line about an event, for timelines."""
    from luoshi.domain.ladder import rung_name

    kind = e["kind"]
    parts = {
        "assigned": lambda: _("assigned to {owner}").format(owner=e.get("owner")),
        "checked_in": lambda: _("checked in {progress}%").format(progress=e.get("progress")),
        "reminded": lambda: _("reminded"),
        "escalated": lambda: _("escalated to {name} (rung {rung})").format(
            name=rung_name(e.get("rung", 0), current_lang()), rung=e.get("rung")),
        "extended": lambda: _("deadline extended"),
        "reassigned": lambda: _("reassigned {a} → {b}").format(a=e.get("from_owner"), b=e.get("to_owner")),
        "finished": lambda: _("reported finished"),
        "closed": lambda: _("closed"),
        "reopened": lambda: _("reopened"),
        "scored": lambda: _("rated {rating}/5").format(rating=e.get("rating")),
        "waived": lambda: _("penalty waived"),
        "cancelled": lambda: _("cancelled"),
    }
    text = parts.get(kind, lambda: kind)()
    detail = e.get("note") or e.get("reason") or e.get("evidence") or e.get("blocker")
    if e.get("blocker"):
        detail = _("blocker: {text}").format(text=e["blocker"]) + (f"; {e['note']}" if e.get("note") else "")
    return inert(f"{text} — {detail}" if detail else text)
