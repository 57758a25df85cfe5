"""`luoshi notify`: send the reminders, escalations, assignments, returns, instructions and
extension requests that wait, to every configured channel, each once."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli.common import run
from luoshi.cli.options import Json
from luoshi.i18n import _

IfWorkday = Annotated[bool, typer.Option(
    "--if-workday", help=_("Do nothing on a day off by the configured calendar (weekends, public "
                           "holidays, 调休 counted): for the scheduled run."))]


def notify(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Show what would be sent; send and record nothing."))] = False,
    if_workday: IfWorkday = False,
    as_json: Json = False,
) -> None:
    from luoshi.render import messages
    from luoshi.services import notify as service

    def action(sctx):
        if if_workday and service.day_off(sctx):
            return service.NotifyResult(dry_run, [], day_off=True)
        return service.notify(sctx, messages, dry_run)

    result = run(ctx, action, as_json, _print, team_actor=True, notifier=True)
    if result is not None and result.failed:
        raise typer.Exit(1)


def _print(result, sctx) -> None:
    from luoshi.render.text import inert

    if result.day_off:
        print(_("A day off by the calendar: nothing sent."))
        return
    for c in result.channels:
        if result.dry_run:
            parts = [_("{n} messages would be sent").format(n=len(c.preview))]
        else:
            parts = [_("{sent} events sent in {messages} messages").format(sent=c.sent, messages=c.messages)]
        for count, words in ((c.skipped, _("{n} skipped")), (c.failed, _("{n} failed")),
                             (c.waiting, _("{n} wait to retry")),
                             (c.busy, _("{n} being sent by another notify")),
                             (c.left, _("{n} left for the next run"))):
            if count:
                parts.append(words.format(n=count))
        print(f"{c.channel} ({c.address}): " + "; ".join(parts))
        for item in c.preview:
            print("\n".join("    " + inert(line) for line in item["text"].splitlines()) + "\n")
