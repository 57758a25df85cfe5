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


def code_for(word: str | None, codes: tuple[str, ...]) -> str | None:
    """A filter's value as typed — a code (late) or its label in the chosen language (超期) —
    as the code; anything else is returned unchanged (for the service to refuse)."""
    if word is None or word in codes:
        return word
    typed = word.strip().casefold()
    for code in codes:
        if health_label(code).casefold() == typed:
            return code
    return word


def source_label(source: str) -> str:
    return {"meeting": _("meeting decision (会议决定)"), "instruction": _("leader's instruction (领导批示)"),
            "transfer": _("transferred from above (上级转办)"), "self": _("own commitment")}.get(source, source)


def rung_label(rung: int) -> str:
    """督办 (rung 2) / supervise (rung 2)."""
    from luoshi.domain.ladder import rung_name

    return _("{name} (rung {rung})").format(name=rung_name(rung, current_lang()), rung=rung)


def _local(text: str) -> str:
    """A stored UTC time as an ISO moment (the renderers' dates read either)."""
    return text.replace("Z", "+00:00")


def _day(text: str | None, lang: str, now) -> str:
    from datetime import datetime

    from luoshi.render.dates import format_when

    return format_when(datetime.fromisoformat(text), lang, now) if text else "—"


def describe_event(e: dict, lang: str | None = None, now=None) -> str:
    """One line about an event, for timelines."""
    lang = lang or current_lang()
    kind = e["kind"]
    parts = {
        "assigned": lambda: _("assigned to {owner}").format(owner=e.get("owner")) + (
            " " + _("(backdated: recorded {when})").format(when=_day(
                _local(e["recorded_at"]), lang, now)) if e.get("recorded_at") else ""),
        "checked_in": lambda: _("checked in {progress}%").format(progress=e.get("progress")),
        "reminded": lambda: _("reminded"),
        "escalated": lambda: _("escalated to {rung}").format(rung=rung_label(e.get("rung", 0))),
        "extended": lambda: _("deadline extended to {when}").format(when=_day(e.get("due"), lang, now)),
        "reassigned": lambda: _("reassigned {a} → {b}").format(a=e.get("from_owner"), b=e.get("to_owner")),
        "finished": lambda: _("reported finished"),
        "closed": lambda: _("closed"),
        "reopened": lambda: _("reopened"),
        "scored": lambda: _("rated {rating}/5").format(rating=e.get("rating")),
        "waived": lambda: _("penalty waived"),
        "cancelled": lambda: _("cancelled"),
        "accepted": lambda: _("signed for"),
        "returned": lambda: _("returned to the lead") + (
            " — " + _("missing: {items}").format(items="; ".join(e["missing"])) if e.get("missing") else ""),
        "extension_requested": lambda: _("asked for more time, until {when}").format(
            when=_day(e.get("due"), lang, now)),
        "extension_rejected": lambda: _("extension request rejected"),
        "amended": lambda: _("amended: {fields}").format(fields=", ".join(
            k for k in ("title", "standard", "lead", "helpers", "project", "tags") if e.get(k) is not None)),
        "noted": lambda: _("instruction") if e.get("instruction") else _("note"),
    }
    text = parts.get(kind, lambda: kind)()
    detail = e.get("note") or e.get("reason") or e.get("evidence") or e.get("blocker")
    if e.get("blocker"):
        detail = _("blocker: {text}").format(text=e["blocker"]) + (f"; {e['note']}" if e.get("note") else "")
    return inert(f"{text} — {detail}" if detail else text)
