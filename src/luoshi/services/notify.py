"""`luoshi notify`: each event that concerns someone goes once to each configured channel.

How "once" holds (the ledger's outbox, store/models.py `deliveries`, append-only):
1. Under the ledger's write lock, a run reads what waits on a channel, decides each event's
   step (domain/notify.py) and writes a `claimed` row for every event it will send — and
   commits. Another `notify` at the same moment waits for the lock, then sees the claims and
   leaves those events alone: nothing is sent twice by two live runs.
2. Outside the lock it sends one message at a time, and after each one the service accepted
   it records `sent` (under the lock, in its own transaction) before the next message goes.
3. A run killed between 2's send and its `sent` leaves a claim whose process is gone; the next
   run claims the event again and sends it again. Every other claimed event of the dead run
   had not been sent yet. So a kill repeats at most the one message in flight, and loses
   nothing. Receivers drop a repeat by the event's uid (its hash; e-mail: its Message-ID).
A failing channel gets `failed` rows (the message tried, and the rest of the run's messages
for it, untried): retried after 2^attempt minutes, reported on stderr. On a channel's first
run, events of tasks already finished or cancelled are `skipped`. Rate limits count the
claims of the last minute, across every process.

On a team ledger the server lets only its notifier role write deliveries (`team
add-notifier`); `notify.db` names that connection. A member or lead may look with --dry-run.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from luoshi.domain import notify as rules
from luoshi.domain.times import parse_utc
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _, speaking
from luoshi.services.channels import DeliveryFailed, Message, Smtp, Webhook
from luoshi.services.context import Context
from luoshi.services.secrets import resolve


@dataclass
class ChannelReport:
    channel: str
    kind: str
    address: str
    messages: int = 0
    sent: int = 0  # events
    skipped: int = 0
    failed: int = 0
    waiting: int = 0  # after a failure, until its backoff has passed
    busy: int = 0  # claimed by another notify that is still running
    left: int = 0  # over the rate limit: for the next run
    repeated: int = 0  # taken over from a notify that died holding them
    error: str | None = None
    retry_at: str | None = None
    preview: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k != "preview"}
        return data | ({"messages_preview": self.preview} if self.preview else {})


@dataclass
class NotifyResult:
    dry_run: bool
    channels: list[ChannelReport]
    day_off: bool = False

    @property
    def failed(self) -> bool:
        return any(c.error for c in self.channels)

    def to_json(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "day_off": self.day_off,
                "channels": [c.to_json() for c in self.channels]}


def channels(ctx: Context) -> list[Webhook | Smtp]:
    """The configured channels, secrets resolved (from the file or the named variables)."""
    cfg = ctx.config.notify
    out: list[Webhook | Smtp] = []
    for i, hook in enumerate(cfg.webhook, 1):
        secret = resolve(hook.secret, hook.secret_env, f"notify.webhook {i}")
        out.append(Webhook(rules.channel_key(hook.kind, hook.name, hook.url), hook.kind, hook.url,
                           secret, cfg.timeout, hook.rate_per_minute))
    if cfg.smtp is not None:
        s = cfg.smtp
        out.append(Smtp(rules.channel_key("smtp", s.name or s.host, ""), s.host, s.port, s.from_,
                        s.user, resolve(s.password, s.password_env, "notify.smtp"), s.starttls,
                        cfg.timeout))
    keys = [c.key for c in out]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:  # two channels sharing a key would share their deliveries: one would go silent
        raise BadInput(_("two channels are both known as {key}").format(key=twice[0]),
                       _("give each [[notify.webhook]] a name of its own"))
    return out


def day_off(ctx: Context) -> bool:
    """True when today is not a working day by the configured calendar (调休 included)."""
    return not ctx.calendar.is_workday(ctx.now.date())


def notify(ctx: Context, texts, dry_run: bool = False) -> NotifyResult:
    """Send what waits, on every channel (`texts`: render/messages.py, the words)."""
    from luoshi.services.ledger import open_ledger

    found = channels(ctx)
    if not found:
        raise Refused(_("no channel to notify: the config has no [[notify.webhook]] and no "
                        "[notify.smtp]"), _("add one to the config file (luoshi config path)"))
    ledger = open_ledger(ctx)
    with ledger:
        identity = getattr(ledger, "identity", None)
        if identity is not None and not identity.notifier and not dry_run:
            raise Refused(_("on a team ledger only its notifier role records deliveries"),
                          _("ask the administrator for one (luoshi team add-notifier ROLE) and "
                            "set notify.db to its URL; --dry-run shows what waits"))
        lang = ctx.config.notify.lang or ctx.lang
        reports = [_channel(ledger, ctx, channel, texts, lang, dry_run) for channel in found]
    return NotifyResult(dry_run, reports)


def _claimer() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def _gone(claimer: str) -> bool:
    """True when the claim was made on this host by a process that has ended."""
    pid, _sep, host = claimer.rsplit("/", 1)[-1].partition("@")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _channel(ledger, ctx: Context, channel, texts, lang: str, dry_run: bool) -> ChannelReport:
    from luoshi.clock import to_utc_text

    report = ChannelReport(channel.key, channel.kind, channel.shown)
    now, claimer = to_utc_text(ctx.now), _claimer()
    with (ledger.reading() if dry_run else ledger.writing()):
        plan = _plan(ledger, ctx, channel, report, texts, lang, dry_run)
    if dry_run:
        report.preview = [{"events": list(m.uids), "text": m.text} for m, _attempts in plan]
        return report
    for index, (message, attempts) in enumerate(plan):
        try:
            channel.send(message)
        except DeliveryFailed as exc:
            _failed(ledger, channel.key, plan[index:], now, claimer, exc.reason, report)
            ctx.warn(_("{channel} ({address}) failed: {reason}; {n} events wait for the next run")
                     .format(channel=channel.key, address=channel.shown, reason=exc.reason,
                             n=report.failed))
            break
        with ledger.writing():
            for seq in message.seqs:
                ledger.record_delivery(seq, channel.key, "sent", attempts[seq], now, claimer)
        report.messages += 1
        report.sent += len(message.seqs)
    if report.left:
        ctx.warn(_("{channel}: {n} events left for the next run (at most {rate} messages a minute)")
                 .format(channel=channel.key, n=report.left,
                         rate=channel.rate_per_minute or rules.RATE_PER_MINUTE.get(channel.kind)))
    return report


def _failed(ledger, key: str, rest, now: str, claimer: str, reason: str, report) -> None:
    """The message that failed, and the run's later ones for the channel (not tried: the
    channel is failing), recorded `failed`; retried after their backoff."""
    untried = _("not tried: the channel failed just before ({reason})").format(reason=reason)
    with ledger.writing():
        for i, (message, attempts) in enumerate(rest):
            for seq in message.seqs:
                ledger.record_delivery(seq, key, "failed", attempts[seq], now, claimer,
                                       reason if i == 0 else untried)
                report.failed += 1
    report.error = reason


def _plan(ledger, ctx: Context, channel, report: ChannelReport, texts, lang: str,
          dry_run: bool) -> list[tuple[Message, dict[int, int]]]:
    """Inside the lock: the steps of every waiting event, the first run's skips, the
    messages this run sends (within the rate limit) and their claims."""
    from luoshi.clock import to_utc_text
    from luoshi.services.views import local

    now, claimer = to_utc_text(ctx.now), _claimer()
    first = not ledger.channel_seen(channel.key)
    ready: list[tuple[Any, rules.Step]] = []
    for event, status, latest in ledger.pending_deliveries(channel.key):
        if first and status != "open":
            if not dry_run:
                ledger.record_delivery(event.seq, channel.key, "skipped", 1, now, claimer,
                                       _("the task was already {status}").format(status=status))
            report.skipped += 1
            continue
        step = rules.next_step(latest, ctx.now, parse_utc, _gone)
        if step.action == "busy":
            report.busy += 1
        elif step.action == "wait":
            report.waiting += 1
            retry = local(to_utc_text(step.until))
            report.retry_at = min(report.retry_at or retry, retry)
        else:
            ready.append((event, step))
    messages = _messages(ledger, ctx, channel, ready, texts, lang, report, dry_run)
    since = to_utc_text(ctx.now - timedelta(seconds=60))
    budget = rules.rate_budget(channel.kind, channel.rate_per_minute,
                               ledger.recent_claims(channel.key, since))
    if budget is not None and len(messages) > budget:
        report.left = sum(len(m.seqs) for m in messages[budget:])
        messages = messages[:budget]
    steps = {e.seq: s for e, s in ready}
    plan = []
    for message in messages:
        attempts = {seq: steps[seq].attempt for seq in message.seqs}
        report.repeated += sum(1 for seq in message.seqs if steps[seq].repeat)
        if not dry_run:
            for seq in message.seqs:
                ledger.record_delivery(seq, channel.key, "claimed", attempts[seq], now, claimer)
        plan.append((message, attempts))
    return plan


class _Part(NamedTuple):
    """One event ready to go, with its words: for whom, its line, its task's summary, the
    task and the event as JSON (the event with its uid)."""

    event: Any
    person: str
    line: str
    summary: str
    task: dict
    shown: dict


def _messages(ledger, ctx: Context, channel, ready, texts, lang: str, report, dry_run: bool
              ) -> list[Message]:
    """The messages for the events ready to go, their texts in `lang`: one per event, or a
    digest (domain/notify.py `group`); e-mail to each event's person."""
    from luoshi.clock import to_utc_text
    from luoshi.services.views import TaskView, event_json

    people = ctx.config.people
    mobiles = {name: p.mobile for name, p in people.items() if p.mobile}
    tasks: dict[int, Any] = {}
    parts: dict[int, _Part] = {}
    with speaking(lang):
        for event, _step in ready:
            if event.task_id not in tasks:
                tasks[event.task_id] = ledger.task(event.task_id)
            state = tasks[event.task_id]
            task = TaskView.of(state, ctx).to_json()
            person = rules.concerned(event, state)
            shown = event_json(event) | {"uid": rules.uid(event)}
            parts[event.seq] = _Part(event, person, texts.event_line(shown, task, person, lang, ctx.now),
                                     texts.summary(task, lang, ctx.now), task, shown)
        if channel.kind == "smtp":
            return _mails(ledger, channel, list(parts.values()), people, texts, report, dry_run,
                          to_utc_text(ctx.now))
        out = []
        for group in rules.group(channel.kind, list(parts), ctx.config.notify.digest_over):
            chosen = [parts[seq] for seq in group]
            tagged = (rules.mentions([p.person for p in chosen], mobiles)
                      if channel.kind in ("dingtalk", "wecom") else ())
            in_text = tagged if channel.kind == "dingtalk" else ()  # DingTalk: the @ in the text too
            text = (texts.single(chosen[0].line, chosen[0].summary, in_text) if len(chosen) == 1
                    else texts.digest([p.line for p in chosen], in_text))
            body = {"event": chosen[0].shown, "task": chosen[0].task, "text": chosen[0].line}
            out.append(Message(tuple(group), text, mobiles=tagged, uids=tuple(p.shown["uid"] for p in chosen),
                               body=body if channel.kind == "generic" else None))
        return out


def _mails(ledger, channel, parts, people, texts, report, dry_run: bool, now: str) -> list[Message]:
    out = []
    for event, person, line, summary, _task, shown in parts:  # _Part
        address = people[person].email if person in people else None
        if not address or person == event.actor:
            why = (_("{name} is who recorded it") if person == event.actor
                   else _("no e-mail address for {name} ([people] in the config)")).format(name=person)
            if not dry_run:
                ledger.record_delivery(event.seq, channel.key, "skipped", 1, now, _claimer(), why)
            report.skipped += 1
            continue
        out.append(Message((event.seq,), f"{line}\n{summary}\n\nluoshi {shown['uid']}",
                           subject=texts.subject(line), to=(address,), uids=(shown["uid"],)))
    return out
