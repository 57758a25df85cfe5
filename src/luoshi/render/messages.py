"""The texts `luoshi notify` sends: one line about the event, then a summary of the task.

Plain text in the chosen language, no links (a chat message or an e-mail is read away from
the ledger): the line says what happened, to whom, by whom; the summary names the task's
id, title, owner, lead, deadline, progress and rung. User text is made inert (no control
characters reach a chat or a mail client). A digest has a heading and one line per event.
"""

from __future__ import annotations

from datetime import datetime

from luoshi.i18n import N_, _
from luoshi.render.labels import describe_event
from luoshi.render.text import inert

TITLES = {
    "assigned": N_("New task (交办)"), "reassigned": N_("Handed over (转办)"),
    "reminded": N_("Reminder (催办)"), "escalated": N_("Escalation (督办)"),
    "returned": N_("Returned (退回)"), "noted": N_("Instruction (批示)"),
    "extension_requested": N_("Extension request (延期申请)"),
    "extension_rejected": N_("Extension rejected"), "extended": N_("Deadline moved (延期)"),
}


def event_line(event: dict, task: dict, person: str, lang: str, now: datetime) -> str:
    """【Reminder (催办)】#12 写材料 → 张三 — 王主任: reminded — 请周五前交初稿"""
    title = _(TITLES.get(event["kind"], event["kind"]))
    what = describe_event(event, lang, now)
    return (f"【{title}】#{task['id']} {inert(task['title'])} → {inert(person)} — "
            f"{inert(event['actor'])}: {what}")


def summary(task: dict, lang: str, now: datetime) -> str:
    """Task #12 写材料 · owner 张三 · lead 王主任 · due Fri 27 Nov 18:00 · 40% · rung: supervise"""
    from luoshi.domain.ladder import rung_name
    from luoshi.render.dates import format_when

    due = format_when(datetime.fromisoformat(task["due"]), lang, now) if task.get("due") else "—"
    parts = [_("Task #{id} {title}").format(id=task["id"], title=inert(task["title"])),
             _("owner {name}").format(name=inert(task["owner"])),
             _("lead {name}").format(name=inert(task["lead"])),
             _("due {when}").format(when=due), f"{task['progress']}%"]
    if task.get("escalation"):
        parts.append(_("rung: {name}").format(name=rung_name(task["escalation"], lang)))
    return " · ".join(parts)


def single(line: str, task_summary: str, mobiles: tuple[str, ...] = ()) -> str:
    """One event's message; the @-mentions DingTalk shows as such end it."""
    text = f"{line}\n{task_summary}"
    if mobiles:
        text += "\n" + " ".join(f"@{m}" for m in mobiles)
    return text


def digest(lines: list[str], mobiles: tuple[str, ...] = ()) -> str:
    """Many events in one message: a heading, then one line each."""
    head = _("luoshi: {n} updates on the ledger").format(n=len(lines))
    text = head + "\n" + "\n".join(f"· {line}" for line in lines)
    if mobiles:
        text += "\n" + " ".join(f"@{m}" for m in mobiles)
    return text


def subject(line: str, limit: int = 120) -> str:
    """An e-mail's subject: the event's line, cut to fit one header line."""
    return line if len(line) <= limit else line[: limit - 1] + "…"
