"""`luoshi escalate`: move a slipping task up the accountability ladder, or apply the rules."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import fail, run, step_command
from luoshi.cli.options import Json, OptionalReason
from luoshi.i18n import _


def escalate(
    ctx: typer.Context,
    task_id: Annotated[Optional[str], typer.Argument(metavar="ID", help=_("The task's id (omit with --auto)."), show_default=False, autocompletion=complete.task_ids)] = None,
    reason: OptionalReason = None,
    to: Annotated[Optional[str], typer.Option("--to", metavar="RUNG", help=_("Go straight to this rung: 1–5, 催办 督办 约谈 限期整改 通报, or remind supervise talk rectify notice."))] = None,
    auto: Annotated[bool, typer.Option("--auto", help=_("Apply the configured rules to every open task (lateness, silence)."))] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("With --auto: show what would be escalated, record nothing."))] = False,
    if_workday: Annotated[bool, typer.Option("--if-workday", help=_("With --auto: do nothing on a day off by the configured calendar (for the scheduled run)."))] = False,
    as_json: Json = False,
) -> None:
    from luoshi.services import steps
    from luoshi.services.inputs import task_id as parse_id

    if auto:
        if task_id is not None or to is not None or reason is not None:
            fail(_("--auto applies the rules to every open task: give no ID, --to or --reason"), code=2)
        from luoshi.services.auto_escalate import AutoEscalation, auto_escalate
        from luoshi.services.notify import day_off

        def action(sctx):
            if if_workday and day_off(sctx):
                return AutoEscalation(dry_run=dry_run, escalations=[], day_off=True)
            return auto_escalate(sctx, dry_run)

        run(ctx, action, as_json, _print_auto, team_actor=True)
        return
    if dry_run or if_workday:
        fail(_("--dry-run and --if-workday go with --auto"), code=2)
    if task_id is None or reason is None:
        fail(_("give the task ID and --reason, or use --auto"),
             _('luoshi escalate 12 --reason "no word for a week"'), code=2)
    step_command(ctx, as_json, lambda sctx: steps.escalate(sctx, parse_id(task_id), reason, to))


def _print_auto(result, sctx) -> None:
    from luoshi.domain.ladder import rung_name
    from luoshi.render.text import inert

    if getattr(result, "day_off", False):
        print(_("A day off by the calendar: no rules applied."))
        return
    if not result.escalations:
        print(_("No task calls for escalation."))
        return
    head = _("Would escalate:") if result.dry_run else _("Escalated:")
    print(head)
    for item in result.escalations:
        print(f"  #{item['task']} {inert(item.get('title', ''))} — "
              f"{rung_name(item.get('from', 0), sctx.lang)} → {rung_name(item['to'] if 'to' in item else item.get('rung', 0), sctx.lang)}"
              f" ({inert(item.get('rule') or item.get('reason'))})")
