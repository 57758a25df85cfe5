"""Documents a command writes (report, notice): the format from --format or --output's
extension, the issuing office, and the one file writer's path said on stderr."""

from __future__ import annotations

from luoshi.cli.common import fail
from luoshi.i18n import _


def choose_format(fmt: str | None, output: str | None, formats: tuple[str, ...]) -> str:
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
    """The issuing office (config report.office)."""
    return sctx.config.report.office


def write(output: str, data: bytes, sctx) -> None:
    """A document through the one file writer (the umask's mode; never over the ledger);
    its refusals are this command's errors, and the path written is said on stderr."""
    import sys

    from luoshi.errors import LuoshiError
    from luoshi.services.exchange import protected
    from luoshi.store.files import write_file

    try:
        path = write_file(output, data, private=False, protect=protected(sctx), what=_("the document"),
                          example="review.md")
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    sys.stderr.write(_("written: {path}").format(path=path) + "\n")
