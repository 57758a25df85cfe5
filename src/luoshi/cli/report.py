"""`luoshi report`: the review before a meeting — done, late, stalled, who leads, who trails."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import fail, run
from luoshi.cli.options import Lead, Owner, Project
from luoshi.i18n import _

FORMATS = ("table", "json", "md", "csv", "html", "xlsx", "docx")


def report(
    ctx: typer.Context,
    week: Annotated[bool, typer.Option("--week", help=_("The week (Monday–Sunday) that contains now (the default)."))] = False,
    month: Annotated[bool, typer.Option("--month", help=_("The month that contains now."))] = False,
    quarter: Annotated[bool, typer.Option("--quarter", help=_("The quarter that contains now."))] = False,
    year: Annotated[bool, typer.Option("--year", help=_("The year that contains now."))] = False,
    since: Annotated[Optional[str], typer.Option("--since", help=_("First day of a custom period (with --until)."))] = None,
    until: Annotated[Optional[str], typer.Option("--until", help=_("Last day of a custom period (inclusive)."))] = None,
    owner: Owner = None,
    lead: Lead = None,
    project: Project = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help=_("table, json, md, csv, html, xlsx or docx (xlsx and docx need --output FILE). Without it, the format follows --output's extension."))] = None,
    output: Annotated[Optional[str], typer.Option("--output", help=_("Write to FILE (atomically) instead of the terminal."))] = None,
    issue: Annotated[Optional[int], typer.Option("--issue", min=1, help=_("The bulletin's issue number (第N期) printed on a docx report, so a reprint stays the same."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Same as --format json."))] = False,
) -> None:
    from luoshi.services.review import build_report

    kinds = [k for k, on in (("week", week), ("month", month), ("quarter", quarter), ("year", year)) if on]
    if len(kinds) > 1:
        fail(_("choose one period: --week, --month, --quarter or --year"), code=2)
    fmt = choose_format("json" if as_json else fmt, output)

    def render(result, sctx) -> None:
        _emit(result.model_dump(), fmt, output, sctx, issue)

    # a terminal shows the first rows of each list: build only those (json, csv… get all)
    shown = None
    if fmt == "table" and output is None:
        from luoshi.render.report import SHOWN as shown
    run(ctx, lambda sctx: build_report(sctx, kinds[0] if kinds else None, since, until,
                                       owner, lead, project, shown),
        False, render)


def choose_format(fmt: str | None, output: str | None, formats: tuple[str, ...] = FORMATS) -> str:
    """The format asked for, else the one --output's extension names, else table; a format
    that contradicts the extension, or a binary format without --output, is exit 2."""
    from luoshi.render.report import BINARY, format_of

    implied = format_of(output)
    if fmt is None:
        fmt = implied if implied in formats else formats[0]
    elif fmt not in formats:
        fail(_("unknown format {fmt!r}").format(fmt=fmt),
             _("use one of: {choices}").format(choices=", ".join(formats)), code=2)
    elif implied and implied != fmt and not (fmt == "table" and implied == "md"):
        fail(_("--format {fmt} does not match the file name {path}").format(fmt=fmt, path=output),
             _("drop --format, or give the file the .{ext} extension").format(ext=fmt), code=2)
    if fmt in BINARY and output is None:  # a binary file never goes to a terminal or a pipe
        fail(_("--format {fmt} writes a file: give --output FILE").format(fmt=fmt),
             _("e.g. --output review.{ext}").format(ext=fmt), code=2)
    return fmt


def office_of(sctx) -> str | None:
    """The issuing office (config report.office) once the configuration has it."""
    section = getattr(sctx.config, "report", None)
    return getattr(section, "office", None) or None


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
    write(output, body)


def write(output: str, data: bytes) -> None:
    """Through the one file writer; its refusals are this command's errors."""
    from luoshi.errors import LuoshiError
    from luoshi.services.files import write_atomically

    try:
        write_atomically(output, data)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
