"""The luoshi command line: global options, the command registry, and the error edge.

Commands are plain functions in one module each, wired here in one place. Their modules
import only Typer and this package's small helpers; services, the store and Rich are
imported inside the command that needs them, so `--help` and quick commands start fast.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from luoshi.cli import (
    assign, cancel, checkin, close, config, demo, done, escalate, extend, listing, reassign, remind,
    reopen, report, score, show, waive,
)
from luoshi.cli.common import Globals

app = typer.Typer(
    name="luoshi",
    help="落实 — a commitment ledger: every promise names a person, a thing and a time.",
    no_args_is_help=False,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for command, name in (
    (assign.assign, "assign"), (checkin.checkin, "checkin"), (done.done, "done"),
    (escalate.escalate, "escalate"), (extend.extend, "extend"), (reassign.reassign, "reassign"),
    (remind.remind, "remind"), (score.score, "score"), (close.close, "close"),
    (reopen.reopen, "reopen"), (cancel.cancel, "cancel"), (waive.waive, "waive"),
    (listing.list_tasks, "list"), (show.show, "show"), (report.report, "report"), (demo.demo, "demo"),
):
    app.command(name)(command)
app.add_typer(config.app, name="config")


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", envvar="LUOSHI_DB", help="The ledger: a SQLite file path or a SQLAlchemy URL.", show_envvar=True)] = None,
    actor: Annotated[Optional[str], typer.Option("--as", envvar="LUOSHI_USER", help="Who is acting (recorded on every event).", show_envvar=True)] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Output language: en or zh (default from LUOSHI_LANG, then LANG).")] = None,
    key: Annotated[Optional[str], typer.Option("--key", envvar="LUOSHI_KEY", help="Idempotency key: retrying a command with the same key never records it twice.", show_envvar=True)] = None,
) -> None:
    """落实 — a commitment ledger: every promise names a person, a thing and a time."""
    from luoshi.cli.common import fail
    from luoshi.i18n import detect_lang, set_lang

    if lang is not None and lang not in ("en", "zh"):
        fail(f"unknown language {lang!r}", "use --lang en or --lang zh", code=2)
    chosen = detect_lang(lang)
    set_lang(chosen)
    ctx.obj = Globals(db=db, actor=actor, lang=chosen, key=key)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _bad_argv(args: list[str]) -> str | None:
    for arg in args:
        if "\x00" in arg:
            return "an argument contains a NUL character"
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return f"the argument {arg.encode('utf-8', 'backslashreplace').decode()!r} is not valid UTF-8"
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every usage error into one line and exit 2."""
    from typer import exceptions as typer_exc
    from typer._click import exceptions as click_exc

    args = sys.argv[1:] if argv is None else list(argv)
    problem = _bad_argv(args)
    if problem:
        sys.stderr.write(f"luoshi: error: {problem}\n  hint: check your terminal's encoding (LANG=…UTF-8)\n")
        sys.exit(2)
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="luoshi", standalone_mode=False)
    except click_exc.ClickException as exc:
        from luoshi.render.text import inert

        sys.stderr.write(f"luoshi: error: {inert(exc.format_message())}\n")
        if isinstance(exc, click_exc.UsageError):
            sub = exc.ctx.command_path if exc.ctx else "luoshi"
            sys.stderr.write(f"  hint: see '{sub} --help'\n")
        sys.exit(exc.exit_code)
    except typer_exc.Abort:
        sys.stderr.write("luoshi: stopped\n")
        sys.exit(130)
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
