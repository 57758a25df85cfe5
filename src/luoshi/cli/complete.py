"""Shell completion of arguments: task ids (with their titles) and people, from the ledger;
the values of options that take one of a few words (--status, --health, --format, --lang).

Typer calls these while the shell waits for Tab, with the command line parsed leniently and
no command run: the ledger is the one --db or LUOSHI_DB names (or the default). The path
imports no pydantic, Rich, SQLAlchemy, SQLModel or dateparser; a missing or damaged ledger
offers nothing (store/lookup.py), never an error.
"""

from __future__ import annotations

import os
from typing import Callable

import typer

from luoshi.i18n import LANGUAGES

# What `list --status` and `--health` accept (services/browse.py), from the domain's one
# declaration (a module cheap enough for a key press).
from luoshi.domain.states import HEALTHS as _HEALTHS, STATUSES as _STATUSES  # noqa: E402

STATUSES = (*_STATUSES, "all")  # services/browse.py: a status or all
HEALTHS = (*_HEALTHS, *_STATUSES)  # a health or a status


def _db(ctx: typer.Context) -> str:
    from luoshi.cli.common import default_db

    return ctx.find_root().params.get("db") or os.environ.get("LUOSHI_DB") or default_db()


def task_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from luoshi.services.completion import task_choices

    return task_choices(_db(ctx), ctx.info_name, incomplete)


def people(ctx: typer.Context, incomplete: str) -> list[str]:
    from luoshi.services.completion import people as names

    return names(_db(ctx), incomplete)


def choices(values: tuple[str, ...]) -> Callable[[], list[str]]:
    """Completion for an option that takes one of `values` (Typer keeps those that match)."""
    return lambda: list(values)


statuses = choices(STATUSES)
healths = choices(HEALTHS)
languages = choices(LANGUAGES)


def use_plain_text_shells() -> None:
    """Show candidates' help (task titles) in zsh and fish as the plain text it is.

    Typer's zsh and fish classes pass each help text through Rich to strip markup: that
    imports Rich on every Tab, and would eat a title like "[urgent] fix the pump". These
    subclasses differ only there; they replace Typer's for this process (Click's registry)."""
    import re

    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import FishComplete, ZshComplete

    def one_line(text: str) -> str:
        return re.sub(r"\s", " ", text)

    class PlainZsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if not item.help:
                return super().format_completion(item)
            value = super().format_completion(CompletionItem(item.value))
            text = super().format_completion(CompletionItem(one_line(item.help)))
            return f"{value}:{text}"

    class PlainFish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{one_line(item.help)}" if item.help else item.value

    add_completion_class(PlainZsh, "zsh")
    add_completion_class(PlainFish, "fish")
