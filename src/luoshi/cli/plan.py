"""`luoshi plan`: milestones of a task, counted back from its deadline (倒排工期)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import fail, run
from luoshi.cli.options import Json, Lead, TaskId
from luoshi.i18n import _


def plan(
    ctx: typer.Context,
    task_id: TaskId,
    milestones: Annotated[Optional[list[str]], typer.Argument(
        metavar="MILESTONE", show_default=False,
        help=_('A milestone, written like a minutes line: "[OWNER:] TITLE @WHEN [*WEIGHT]" '
               "(the owner defaults to the task's, *3 gives it the weight 3). Give one or more."))] = None,
    from_file: Annotated[Optional[str], typer.Option(
        "--from", metavar="FILE",
        help=_("Read the milestones from FILE (- for stdin), one per line, in the minutes format "
               "(header lines allowed)."))] = None,
    weight: Annotated[Optional[str], typer.Option(
        "--weight", "-w", metavar="N",
        help=_("The weight of every milestone that gives none of its own (a whole number; "
               "--weight 1 weighs them all alike). Without it a milestone weighs its planned "
               "duration in days."))] = None,
    lead: Lead = None,
    every: Annotated[Optional[str], typer.Option(
        "--every", metavar="CADENCE", help=_("Check-in cadence of every milestone: 3d, 1w, friday…"))] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services.assign import Defaults
    from luoshi.services.plan import plan as service

    if from_file is not None and milestones:
        fail(_("give the milestones either as arguments or with --from FILE, not both"), code=2)
    if from_file is not None:
        from luoshi.cli.assign import _read_source

        text, name = _read_source(from_file)
    elif milestones:
        text, name = "\n".join(milestones), None
    else:
        fail(_("which milestones? give one or more, or --from FILE"),
             _('luoshi plan 3 "张三: 完成调研 @11月30日" "起草方案 @12月10日 *2"'), code=2)
    defaults = Defaults(lead=lead, every=every)
    run(ctx, lambda sctx: service(sctx, task_id, text, name, weight, defaults), as_json, _print,
        needs_actor=True)


def _print(result, sctx) -> None:
    from datetime import datetime

    from luoshi.i18n import ngettext
    from luoshi.render.dates import format_when
    from luoshi.render.labels import health_label
    from luoshi.render.text import inert

    t = result.task
    if result.replayed:
        print(_("Already recorded by this invocation:"))
    print(ngettext("#{id} {title}: {n} milestone planned · {progress}% · {health}",
                   "#{id} {title}: {n} milestones planned · {progress}% · {health}",
                   len(result.milestones)).format(
        id=t.id, title=inert(t.title), n=len(result.milestones), progress=t.progress,
        health=health_label(t.health)))
    for m in result.milestones:
        due = format_when(datetime.fromisoformat(m.due), sctx.lang, sctx.now) if m.due else "—"
        print("  " + _("#{id} {title} — {owner}, due {when}").format(
            id=m.id, title=inert(m.title), owner=inert(m.owner), when=due))

