"""`luoshi report`: the review before a meeting — done, late, stalled, who leads, who trails."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli import complete
from luoshi.cli.common import fail, run
from luoshi.cli.options import Lead, Owner, Project
from luoshi.i18n import _

FORMATS = ("table", "json", "md", "csv", "html", "xlsx")


def report(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help=_("The week (Monday–Sunday) that contains now (the default)."))] = False,
    month: Annotated[bool, typer.Option("--month", help=_("The month that contains now."))] = False,
    quarter: Annotated[bool, typer.Option("--quarter", help=_("The quarter that contains now."))] = False,
    year: Annotated[bool, typer.Option("--year", help=_("The year that contains now."))] = False,
    since: Annotated[Optional[str], typer.Option("--since", metavar="WHEN", help=_("First day of a custom period (with --until)."))] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="WHEN", help=_("Last day of a custom period (inclusive)."))] = None,
    owner: Owner = None,
    lead: Lead = None,
    project: Project = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", autocompletion=complete.choices(FORMATS), help=_("table, json, md, csv, html or xlsx (xlsx needs --output FILE)."))] = "table",
    output: Annotated[Optional[str], typer.Option("--output", metavar="FILE", help=_("Write to FILE (atomically) instead of the terminal."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
) -> None:
    from luoshi.services.review import build_report

    kinds = [k for k, on in (("week", week), ("month", month), ("quarter", quarter), ("year", year)) if on]
    if len(kinds) > 1:
        fail(_("choose one period: --week, --month, --quarter or --year"), code=2)
    if as_json:
        fmt = "json"
    if fmt not in FORMATS:
        fail(_("unknown format {fmt!r}").format(fmt=fmt),
             _("use one of: {choices}").format(choices=", ".join(FORMATS)), code=2)
    if fmt == "xlsx" and output is None:  # a binary file never goes to a terminal or a pipe
        fail(_("--format xlsx writes a file: give --output FILE"),
             _("e.g. --format xlsx --output review.xlsx"), code=2)

    def render(result, sctx) -> None:
        _emit(result.model_dump(), fmt, output, sctx)

    # a terminal shows the first rows of each list: build only those (json, csv… get all)
    shown = None
    if fmt == "table" and output is None:
        from luoshi.render.report import SHOWN as shown
    run(ctx, lambda sctx: build_report(sctx, kinds[0] if kinds else None, since, until,
                                       owner, lead, project, shown),
        False, render)


def _emit(data: dict, fmt: str, output: str | None, sctx) -> None:
    from luoshi.render import report as r

    if fmt == "table" and output is None:
        r.print_report(data, sctx.lang, sctx.now)
        return
    if fmt == "xlsx":
        from luoshi.render.xlsx import to_xlsx

        _write(output, to_xlsx(data, sctx.lang))
        return
    text = {
        "json": lambda: r.to_json(data),
        "md": lambda: r.to_markdown(data, sctx.lang, sctx.now),
        "csv": lambda: r.to_csv(data, sctx.lang),
        "html": lambda: r.to_html(data, sctx.lang, sctx.now),
        "table": lambda: r.to_markdown(data, sctx.lang, sctx.now),
    }[fmt]()
    if output is None:
        import sys

        sys.stdout.write(text)
        return
    _write(output, text.encode("utf-8"))


def _write(output: str, data: bytes) -> None:
    from luoshi.errors import LuoshiError
    from luoshi.services.files import write_atomically

    try:
        write_atomically(output, data)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
