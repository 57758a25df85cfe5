"""The inbox as plain text: one line per item, grouped under headings, most pressing first."""

from __future__ import annotations

from datetime import datetime

from luoshi.i18n import N_, _
from luoshi.render.dates import format_relative, format_when
from luoshi.render.labels import describe_event
from luoshi.render.text import inert

HEADINGS = {
    "channel_failing": N_("Reminders are not getting through (luoshi notify)"),
    "returned": N_("Returned to you (退回)"), "request": N_("Extension requests to answer (延期申请)"),
    "sign": N_("To sign for (签收)"), "late": N_("Late (超期)"),
    "escalated": N_("Escalated (督办)"), "instruction": N_("Instructions (批示)"),
    "reminded": N_("Reminders (催办)"), "stalled": N_("Stalled: report progress (停滞)"),
    "behind": N_("Behind the expected progress (滞后)"), "due_soon": N_("Due soon (临期)"),
    "answer": N_("Your deadline moved or your request was answered"),
    "amended": N_("Corrected by the lead (更正)"), "close": N_("Finished: check and close (销号)"),
}


def _when(text: str | None, lang: str, now) -> str:
    if not text:
        return "—"
    moment = datetime.fromisoformat(text)
    return f"{format_when(moment, lang, now)} ({format_relative(moment, now, lang)})"


def _line(item: dict, lang: str, now) -> str:
    kind = item["kind"]
    if kind == "channel_failing":
        return _("{channel} has failed since {when}: {reason}").format(
            channel=inert(item["channel"]), when=_when(item["since"], lang, now),
            reason=inert(item["reason"] or "—"))
    head = f"#{item['task']} {inert(item['title'])}"
    if kind == "returned":
        missing = "; ".join(inert(m) for m in item["missing"])
        return f"{head} — {inert(item['owner'])}: {inert(item['reason'])}" + (
            f" ({_('missing')}: {missing})" if missing else "")
    if kind == "request":
        return f"{head} — {inert(item['owner'])} " + _("asks until {when}: {reason}").format(
            when=_when(item["asked"], lang, now), reason=inert(item["reason"]))
    if "event" in item:
        e = item["event"]
        return f"{head} — {inert(e['actor'])}: {describe_event(e, lang, now)}"
    if kind == "close":
        return f"{head} — {inert(item['owner'])}"
    return f"{head} — " + _("due {when}").format(when=_when(item["due"], lang, now))


def inbox_lines(inbox, lang: str, now) -> list[str]:
    if not inbox.items:
        return [_("Nothing waits for {name} now.").format(name=inert(inbox.actor))]
    lines = [_("What waits for {name}:").format(name=inert(inbox.actor))]
    current = None
    for item in inbox.items:
        if item["kind"] != current:
            current = item["kind"]
            lines += ["", _(HEADINGS[current])]
        lines.append("  " + _line(item, lang, now))
    return lines


def print_inbox(inbox, lang: str, now) -> None:
    print("\n".join(inbox_lines(inbox, lang, now)))
