"""`luoshi notice`: the 督办通知单 for one task — its history, its rung and what is required by when."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import run
from luoshi.cli.options import Json, TaskId
from luoshi.i18n import _

FORMATS = ("md", "html", "docx")


def notice(
    ctx: typer.Context,
    task_id: TaskId,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", autocompletion=complete.choices(FORMATS), help=_("md, html or docx (docx needs --output FILE). Without it, the format follows --output's extension, else md."))] = None,
    output: Annotated[Optional[str], typer.Option("--output", metavar="FILE", help=_("Write to FILE (atomically) instead of the terminal."))] = None,
    as_json: Json = False,
) -> None:
    """The supervision notice (督办通知单) for one task: task, owner, lead, source, standard,
    deadline, history, the rung it stands on, and what is required by when."""
    from luoshi.cli.documents import choose_format, office_of, write
    from luoshi.services.browse import show_task
    from luoshi.services.inputs import task_id as parse_id

    fmt = choose_format(None if as_json else fmt, output, FORMATS)

    def render(detail, sctx) -> None:
        import sys

        from luoshi.render.notice import render_notice

        body = render_notice(detail.to_json(), fmt, sctx.lang, sctx.now, office=office_of(sctx))
        if output is None:
            sys.stdout.write(body.decode("utf-8"))
        else:
            write(output, body, sctx)

    run(ctx, lambda sctx: show_task(sctx, parse_id(task_id)), as_json, render, lambda d: d.to_json())
