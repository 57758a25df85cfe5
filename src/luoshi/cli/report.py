"""`luoshi report`: the review before a meeting — done, late, stalled, who leads, who trails."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import fail, run
from luoshi.cli.documents import choose_format, office_of, write
from luoshi.cli.options import Lead, Owner, Project
from luoshi.i18n import _

FORMATS = ("table", "json", "md", "csv", "html", "xlsx", "docx")


def report(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help=_("The week (Monday–Sunday) that contains now (the default)."))] = False,
    month: Annotated[bool, typer.Option("--month", help=_("The month that contains now."))] = False,
    quarter: Annotated[bool, typer.Option("--quarter", help=_("The quarter that contains now."))] = False,
    year: Annotated[bool, typer.Option("--year", help=_("The year that contains now."))] = False,
    last_week: Annotated[bool, typer.Option("--last-week", help=_("The week before this one."))] = False,
    last_month: Annotated[bool, typer.Option("--last-month", help=_("The month before this one."))] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="WHEN", help=_("First day of a custom period (with --until); read towards the past: 上周一, last monday, 11月16日."))] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="WHEN", help=_("Last day of a custom period (inclusive)."))] = None,
    owner: Owner = None,
    lead: Lead = None,
    project: Project = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", autocompletion=complete.choices(FORMATS), help=_("table, json, md, csv, html, xlsx or docx (xlsx and docx need --output FILE). Without it, the format follows --output's extension."))] = None,
    output: Annotated[Optional[str], typer.Option("--output", metavar="FILE", help=_("Write to FILE (atomically) instead of the terminal."))] = None,
    issue: Annotated[Optional[str], typer.Option("--issue", metavar="N", help=_("The bulletin's issue number (第N期) printed on a docx report, so a reprint stays the same."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
) -> None:
    from luoshi.services.review import build_report

    kinds = [k for k, on in (("week", week), ("month", month), ("quarter", quarter), ("year", year),
                             ("last-week", last_week), ("last-month", last_month)) if on]
    if len(kinds) > 1:
        fail(_("choose one period: --week, --month, --quarter, --year, --last-week or --last-month"), code=2)
    fmt = choose_format("json" if as_json else fmt, output, FORMATS)
    if issue is not None and not (issue.isascii() and issue.isdigit() and 0 < int(issue) < 100000):
        fail(_("--issue {n!r} is not an issue number (1, 2, 3…)").format(n=issue), code=2)

    def render(result, sctx) -> None:
        _emit(result.to_json(), fmt, output, sctx, int(issue) if issue else None)

    # a terminal shows the first rows of each list: build only those (json, csv… get all)
    shown = None
    if fmt == "table" and output is None:
        from luoshi.render.report import SHOWN as shown
    charts = fmt in ("html", "docx")  # the last weeks' trend is drawn there
    run(ctx, lambda sctx: build_report(sctx, kinds[0] if kinds else None, since, until,
                                       owner, lead, project, shown, trend=charts),
        False, render)


def _emit(data: dict, fmt: str, output: str | None, sctx, issue: int | None) -> None:
    from luoshi.render import report as r

    if fmt == "table" and output is None:
        r.print_report(data, sctx.lang, sctx.now)
        return
    body = r.render_document(data, fmt, sctx.lang, sctx.now, office=office_of(sctx), issue=issue)
    if output is None:
        import sys

        sys.stdout.write(body.decode("utf-8"))
        return
    write(output, body, sctx)
