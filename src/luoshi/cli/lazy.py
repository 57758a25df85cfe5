"""The root group that imports a command only when it runs.

Typer converts every command of an app (its signature, each annotation, each option) when the
app becomes a Click group: for luoshi's 21 commands that is ~580 annotations, every run. This
group knows the commands from `registry.COMMANDS` instead, lists them and completes their
names from there, and imports and converts only the one command that is invoked (or whose
help is asked for). What a user sees — the list in `luoshi --help`, each command's help, usage
errors and suggestions for a mistyped name — is what Typer and Click print for a group whose
commands were all registered up front.
"""

from __future__ import annotations

import importlib
from difflib import get_close_matches
from gettext import gettext as click_text  # the heading Click itself prints, as Click says it

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import UsageError
from typer._click.shell_completion import CompletionItem
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from luoshi.cli.registry import BY_NAME, COMMANDS, Entry
from luoshi.cli.words import take_words
from luoshi.i18n import _


def load(entry: Entry) -> Command:
    """The Click command for one registry entry: its module imported, its function converted."""
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    target = getattr(importlib.import_module(entry.module), entry.attr)
    if isinstance(target, typer.Typer):  # a group of subcommands, like `luoshi config`
        command: Command = get_group_from_info(
            TyperInfo(target, name=entry.name), pretty_exceptions_short=True,
            rich_markup_mode=None, suggest_commands=True)
    else:
        command = get_command_from_info(
            CommandInfo(name=entry.name, callback=target), pretty_exceptions_short=True,
            rich_markup_mode=None)
    command.help = _(entry.help)
    return command


class LazyGroup(TyperGroup):
    """A TyperGroup whose commands come from the registry, each loaded on first use."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        take_words(self, ctx)  # the global options, parsed without pydantic (cli/words.py)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Context) -> list[str]:
        return [entry.name for entry in COMMANDS]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in BY_NAME:
            self.commands[cmd_name] = load(BY_NAME[cmd_name])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The command list of `luoshi --help`, from the registry: no command is imported."""
        limit = formatter.width - 6 - max(len(entry.name) for entry in COMMANDS)
        rows = [(entry.name, make_default_short_help(_(entry.help), limit)) for entry in COMMANDS]
        with formatter.section(click_text("Commands")):
            formatter.write_dl(rows)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """Command names (with their one-line help) and the group's own options."""
        results = [CompletionItem(entry.name, help=make_default_short_help(_(entry.help)))
                   for entry in COMMANDS if entry.name.startswith(incomplete)]
        results.extend(Command.shell_complete(self, ctx, incomplete))
        return results

    def resolve_command(self, ctx: Context, args: list[str]):
        try:
            name, command, rest = self._click_resolve_command(ctx, args)
        except UsageError as exc:  # Typer's "Did you mean …?", over every command's name
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if self.suggest_commands and matches:
                exc.message = exc.message.rstrip(".") + ". Did you mean {}?".format(
                    ", ".join(repr(m) for m in matches))
            raise
        if command is not None:
            take_words(command, ctx)  # its options, too (its context inherits ctx's help names)
        return name, command, rest
