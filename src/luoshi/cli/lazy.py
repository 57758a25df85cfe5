"""The root group that imports a command only when it runs.

Typer converts every command of an app (its signature, each annotation, each option) when the
app becomes a Click group. This group knows the commands from `registry.COMMANDS` instead,
lists them and completes their names from there, and imports and converts only the one
command that is invoked (or whose help is asked for). What a user sees — the list in
`luoshi --help`, each command's help, usage errors and suggestions for a mistyped name — is
what a group whose commands were all registered up front prints.

`load` converts every command to `helpformat.Command` and every group of subcommands (and
their commands) to `helpformat.Group`: their help is measured in columns and speaks the
chosen language.
"""

from __future__ import annotations

import importlib

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.shell_completion import CompletionItem
from typer.core import TyperCommand

from luoshi.cli import helpformat
from luoshi.cli.registry import BY_NAME, COMMANDS, Entry
from luoshi.cli.width import short_help
from luoshi.cli.words import take_words
from luoshi.i18n import _


def load(entry: Entry) -> Command:
    """The Click command for one registry entry: its module imported, its function converted."""
    from typer.main import get_command_from_info, get_group_from_info
    from typer.models import CommandInfo, TyperInfo

    module = importlib.import_module(entry.module)
    target = getattr(module, entry.attr)
    if isinstance(target, typer.Typer):  # a group of subcommands, like `luoshi config`
        for info in target.registered_commands:  # unless a command asked for a class of its own
            if info.cls in (None, TyperCommand):
                info.cls = helpformat.Command
        command: Command = get_group_from_info(
            TyperInfo(target, name=entry.name, cls=helpformat.Group), pretty_exceptions_short=True,
            rich_markup_mode=None, suggest_commands=True)
    else:
        command = get_command_from_info(  # a module may bring its own command class
            CommandInfo(name=entry.name, callback=target,
                        cls=getattr(module, "COMMAND_CLASS", helpformat.Command)),
            pretty_exceptions_short=True, rich_markup_mode=None)
    command.help = _(entry.help)
    return command


class LazyGroup(helpformat.Group):
    """The root group: its commands come from the registry, each loaded on first use."""

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
        helpformat.format_command_list(formatter, [(entry.name, _(entry.help)) for entry in COMMANDS])

    def shell_complete(self, ctx: Context, incomplete: str) -> list[CompletionItem]:
        """Command names (with their one-line help) and the group's own options."""
        results = [CompletionItem(entry.name, help=short_help(_(entry.help), 45))
                   for entry in COMMANDS if entry.name.startswith(incomplete)]
        results.extend(Command.shell_complete(self, ctx, incomplete))
        return results

    def resolve_command(self, ctx: Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            take_words(command, ctx)  # its options, too (its context inherits ctx's help names)
        return name, command, rest
