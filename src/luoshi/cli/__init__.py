"""The luoshi command line: global options, the command registry, and the error edge.

Commands are plain functions in one module each, registered in one place
(`registry.COMMANDS`, with their help). The root group (`lazy.LazyGroup`) lists them without
importing them and imports only the command that runs; inside it, services, the store and
Rich are imported by the command that needs them, so `--help`, completion and quick commands
start fast.

Typer evaluates the root's help when this module is imported, before `--lang` is parsed, so
the language is chosen first, from the command line itself (`--lang`, then LUOSHI_LANG, then
LANG). Everything printed later follows the language `main()` and the root callback choose
for each invocation.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from luoshi.i18n import LANGUAGES, _, lang_from_argv, set_lang

set_lang(lang_from_argv(sys.argv[1:]))  # before the root help text below is evaluated

from luoshi.cli import clicktext, complete  # noqa: E402
from luoshi.cli.common import Globals  # noqa: E402
from luoshi.cli.lazy import LazyGroup  # noqa: E402

clicktext.install()  # Typer's own words (headings, "No such command"…) from luoshi's catalogue

app = typer.Typer(
    name="luoshi",
    cls=LazyGroup,  # the commands are registry.COMMANDS, each imported only when it runs
    help=_("落实 — a commitment ledger: every promise names a person, a thing and a time."),
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", metavar="PATH_OR_URL", envvar="LUOSHI_DB", help=_("The ledger: a SQLite file path or a SQLAlchemy URL."), show_envvar=True)] = None,
    actor: Annotated[Optional[str], typer.Option("--as", metavar="NAME", envvar="LUOSHI_USER", help=_("Who is acting (recorded on every event)."), show_envvar=True, autocompletion=complete.people)] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", metavar="LANG", help=_("Output language: en or zh (default from LUOSHI_LANG, then LANG)."), autocompletion=complete.languages)] = None,
    key: Annotated[Optional[str], typer.Option("--key", metavar="KEY", envvar="LUOSHI_KEY", help=_("Idempotency key: retrying a command with the same key never records it twice."), show_envvar=True)] = None,
) -> None:
    # The global options; with no command, a short orientation for someone new.
    from luoshi.cli.common import fail
    from luoshi.i18n import detect_lang

    if lang is not None and lang not in LANGUAGES:
        fail(_("unknown language {lang!r}").format(lang=lang), _("use --lang en or --lang zh"), code=2)
    chosen = detect_lang(lang)
    set_lang(chosen)
    ctx.obj = Globals(db=db, actor=actor, lang=chosen, key=key)
    if ctx.invoked_subcommand is None:
        from luoshi.cli.welcome import first_screen

        first_screen(ctx)


def _bad_argv(args: list[str]) -> str | None:
    for arg in args:
        if "\x00" in arg:
            return _("an argument contains a NUL character")
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "backslashreplace").decode()
            return _("the argument {arg!r} is not valid UTF-8").format(arg=shown)
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every usage error into one line and exit 2."""
    from typer import exceptions as typer_exc
    from typer._click import exceptions as click_exc

    args = sys.argv[1:] if argv is None else list(argv)
    # luoshi uses no Pydantic plugins, and none installed beside it should see ledger data;
    # not looking for them also spares every run a scan of all installed packages' metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    set_lang(lang_from_argv(args))  # usage errors, too, speak the chosen language
    problem = _bad_argv(args)
    if problem:
        hint = _("check your terminal's encoding (LANG=…UTF-8)")
        sys.stderr.write(f"luoshi: {_('error')}: {problem}\n  {_('hint')}: {hint}\n")
        sys.exit(2)
    command = typer.main.get_command(app)
    if os.environ.get("_LUOSHI_COMPLETE"):  # the shell asks for candidates (luoshi --install-completion)
        complete.use_plain_text_shells()
    try:
        code = command.main(args=args, prog_name="luoshi", standalone_mode=False)
    except click_exc.NoArgsIsHelpError as exc:  # `luoshi config`, `luoshi team`: their help
        sys.stdout.write(exc.ctx.get_help() + "\n")
        sys.exit(0)
    except click_exc.ClickException as exc:
        from luoshi.render.text import inert

        message, hint = exc.format_message(), None
        if isinstance(exc, click_exc.UsageError):  # in the chosen language (cli/clicktext.py)
            message, hint = clicktext.explain(exc, args)
            sub = exc.ctx.command_path if exc.ctx else "luoshi"
            hint = hint or _("see '{command} --help'").format(command=sub)
        sys.stderr.write(f"luoshi: {_('error')}: {inert(message)}\n")
        if hint:
            sys.stderr.write(f"  {_('hint')}: {inert(hint)}\n")
        sys.exit(exc.exit_code)
    except typer_exc.Abort:
        sys.stderr.write(f"luoshi: {_('stopped')}\n")
        sys.exit(130)
    except OSError as exc:  # a path the system will not even look up is bad input
        import errno

        if exc.errno != errno.ENAMETOOLONG:
            raise
        from luoshi.render.text import inert

        name = inert(repr(str(exc.filename or ""))[:60])
        sys.stderr.write(f"luoshi: {_('error')}: "
                         + _("a file name is too long: {name}…").format(name=name) + "\n")
        sys.exit(2)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except SystemExit as exc:  # Rich exits this way when the reader closed the pipe
        if exc.code == 1 and _stdout_closed():
            _quiet_broken_pipe()
        raise
    sys.exit(code if isinstance(code, int) else 0)


def _stdout_closed() -> bool:
    try:
        sys.stdout.flush()
        return False
    except (BrokenPipeError, ValueError):
        return True


def _quiet_broken_pipe() -> None:
    """`luoshi list | head`: the reader left; exit quietly, without a traceback."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
