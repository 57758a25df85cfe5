"""Print docs/commands.md — every luoshi command's usage, help and options — from the CLI itself.

    python tools/docgen.py > docs/commands.md     the English reference, as committed (`make docs`)
    python tools/docgen.py --lang zh              the same in Chinese
    python tools/docgen.py --json [--lang zh]     every help text as JSON (the tests read this)

Typer fixes help texts when luoshi.cli is imported, so the language is set before that import
(`--lang` here, English by default, whatever LUOSHI_LANG or LANG say).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _commands(group, ctx, context_class):
    """(path, command, context) for the group and every command under it, in registry order."""
    yield ctx.command_path, group, ctx
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)  # the root group loads each command on demand
        sub = context_class(command, info_name=name, parent=ctx)
        if hasattr(command, "list_commands"):
            yield from _commands(command, sub, context_class)
        else:
            yield sub.command_path, command, sub


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(entries) -> str:
    from luoshi.cli.helpformat import help_record

    out = [
        "# luoshi commands",
        "",
        "<!-- Generated from the command line's own help by `python tools/docgen.py > docs/commands.md`",
        "     (`make docs`); do not edit by hand: a test fails when this file is out of date. -->",
        "",
        "Global options go before the command name: `luoshi --as 张三 --lang zh checkin 1 60`.",
        "Run `luoshi COMMAND --help` for the same text in the terminal, and `luoshi --lang zh COMMAND --help`",
        "for it in Chinese. Dates and durations are described in [dates.md](dates.md), the ledger's",
        "events, states and scores in [model.md](model.md).",
    ]
    for path, command, ctx in entries:
        pieces = " ".join(command.collect_usage_pieces(ctx))
        out += ["", f"## {path}", "", (command.help or "").strip(), "", "```", f"{path} {pieces}", "```"]
        rows = [record for param in command.params if (record := help_record(param, ctx))]
        if rows:
            out += ["", "| Argument or option | Meaning |", "|---|---|"]
            out += [f"| `{_cell(names)}` | {_cell(text)} |" for names, text in rows]
    return "\n".join(out) + "\n"


def help_texts(entries) -> dict:
    return {path: {"help": command.help,
                   "params": {param.name: getattr(param, "help", None) for param in command.params}}
            for path, command, _ctx in entries}


def main(argv: list[str]) -> None:
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv[:-1] else "en"
    os.environ["LUOSHI_LANG"] = lang  # read when luoshi.cli is imported, below
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import typer.main
    from typer._click import Context

    from luoshi.cli import app

    group = typer.main.get_command(app)
    entries = list(_commands(group, Context(group, info_name="luoshi"), Context))
    if "--json" in argv:
        sys.stdout.write(json.dumps(help_texts(entries), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(markdown(entries))


if __name__ == "__main__":
    main(sys.argv[1:])
