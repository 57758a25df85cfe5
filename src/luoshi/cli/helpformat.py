"""The help pages every luoshi command prints: measured in columns, in the chosen language.

`Command` and `Group` are the classes luoshi's commands become (lazy.load gives them to each
command and group it converts, so a new command gets them without asking). Their help page
is Typer's rich-less one, with three differences:
- it is written by `Formatter`, which wraps and aligns by display width (cli/width.py), so no
  line is wider than the terminal in Chinese either, and writes Click's own words ("Usage:",
  "Options:", "Show this message and exit." …) from luoshi's catalogue (cli/clicktext.py);
- an argument shows its metavar (ID, FILE, WHEN…), never a Python type, in the usage line and
  in its row, and a required one is written bare (`ID`), an optional one in brackets (`[ID]`);
- a command list shows each command's first sentence when it fits, else its head and '...'.
`help_record` is a parameter's row as these pages show it (tools/docgen.py writes the same).
"""

from __future__ import annotations

import typer
from typer._click import Context, HelpFormatter, Parameter
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup

from luoshi.cli import clicktext
from luoshi.cli.clicktext import argument_name
from luoshi.cli.width import cells, short_help, wrap
from luoshi.i18n import _


class Formatter(HelpFormatter):
    """Click's HelpFormatter, measuring text in terminal columns."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = _(clicktext.USAGE) if prefix is None else prefix
        usage_prefix = " " * max(self.current_indent - cells(prefix), 0) + f"{prefix}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= cells(usage_prefix) + 20:
            indent = " " * cells(usage_prefix)
            self.write(wrap(args, text_width, initial_indent=usage_prefix, subsequent_indent=indent))
        else:  # the arguments go on the next lines
            self.write(usage_prefix + "\n")
            indent = " " * (max(self.current_indent, cells(prefix)) + 4)
            self.write(wrap(args, text_width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap(text, self.width, initial_indent=indent, subsequent_indent=indent,
                        preserve_paragraphs=True) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(cells(term) for term, _text in rows), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        margin = " " * self.current_indent
        for term, text in rows:
            self.write(margin + term)
            if not text:
                self.write("\n")
                continue
            if cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(text, text_width, preserve_paragraphs=True).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write((" " * (first_col + self.current_indent) + line).rstrip() + "\n")


class HelpContext(typer.Context):
    formatter_class = Formatter


def _is_argument(param: Parameter) -> bool:
    return param.param_type_name == "argument"


def help_record(param: Parameter, ctx: Context) -> tuple[str, str] | None:
    """A parameter's row on a help page: its names (and metavar), its help in the language
    chosen."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    names, text = record
    own = getattr(param, "help", None)
    if own in clicktext.OWN_HELP:  # the help and completion options Click and Typer add
        text = _(own) + text[len(own):]
    if _is_argument(param):
        names = argument_name(param)
    return names, text


def format_params(command, ctx: Context, formatter: HelpFormatter) -> None:
    rows: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for param in command.get_params(ctx):
        record = help_record(param, ctx)
        if record is not None:
            rows[_is_argument(param)].append(record)
    for is_argument, heading in ((True, clicktext.ARGUMENTS), (False, clicktext.OPTIONS)):
        if rows[is_argument]:
            with formatter.section(_(heading)):
                formatter.write_dl(rows[is_argument])


def format_command_list(formatter: HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """(name, help) rows under "Commands:", each help cut to its first sentence."""
    limit = formatter.width - 6 - max(cells(name) for name, _help in rows)
    with formatter.section(_(clicktext.COMMANDS)):
        formatter.write_dl([(name, short_help(text, limit)) for name, text in rows])


class Command(TyperCommand):
    """A luoshi command: its help page as described above."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if not _is_argument(param):
                pieces.extend(param.get_usage_pieces(ctx))
            elif param.required:
                pieces.append(argument_name(param))
            else:
                pieces.append(f"[{argument_name(param)}]")
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        format_params(self, ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(self.short_help or self.help or "", limit)


class Group(TyperGroup):
    """A luoshi group of subcommands (`luoshi config`, `luoshi team`, and the root's base)."""

    context_class = HelpContext

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        format_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        rows = [(name, self.commands[name].help or "") for name in self.list_commands(ctx)
                if not self.commands[name].hidden]
        if rows:
            format_command_list(formatter, rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(self.short_help or self.help or "", limit)

    def resolve_command(self, ctx: Context, args: list[str]):
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as exc:  # "No such command 'x'.", and what was meant
            if self.suggest_commands:
                clicktext.suggest_commands(exc, args, self.list_commands(ctx))
            raise
