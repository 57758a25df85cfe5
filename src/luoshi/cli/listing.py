"""`luoshi list`: tasks, one row each, from the current-state table."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import run
from luoshi.cli.options import Json, Lead, Owner, Project, Tag
from luoshi.i18n import _


def list_tasks(
    ctx: typer.Context,
    owner: Owner = None,
    lead: Lead = None,
    status: Annotated[str, typer.Option("--status", "-s", metavar="STATUS", help=_("open, done, closed, cancelled or all."), autocompletion=complete.statuses)] = "open",
    health: Annotated[Optional[str], typer.Option("--health", metavar="HEALTH", help=_("on_track, due_soon, behind, late, stalled, blocked or needs_due; or a status."), autocompletion=complete.healths)] = None,
    project: Project = None,
    tag: Tag = None,
    as_json: Json = False,
) -> None:
    from luoshi.domain.states import HEALTHS, STATUSES
    from luoshi.render.labels import code_for
    from luoshi.services.browse import list_tasks as service

    status = code_for(status, (*STATUSES, "all"))
    health = code_for(health, (*HEALTHS, *STATUSES))

    def render(tasks, sctx) -> None:
        from luoshi.render.tables import print_tasks

        print_tasks(tasks, sctx.now, sctx.lang)

    run(ctx, lambda sctx: service(sctx, owner, lead, status, health, project, tag), as_json,
        render, lambda tasks: [t.to_json() for t in tasks])
