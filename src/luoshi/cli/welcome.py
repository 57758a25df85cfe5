"""`luoshi` with no command: a short orientation for someone new, not the full help.

What the ledger is, where it lives, who you are, and five commands to try — in the chosen
language. It only reads: it never creates the ledger, never asks who you are.
"""

from __future__ import annotations

import os

from luoshi.cli.common import Globals, ledger_location
from luoshi.cli.who import known_actor
from luoshi.errors import LuoshiError
from luoshi.i18n import _


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _ledger_line(g: Globals) -> str:
    location = ledger_location(g)
    if "://" in location and not location.startswith("sqlite:///"):
        from luoshi.store.postgres import shown

        return shown(location)
    path = location.removeprefix("sqlite:///")
    state = _("exists") if os.path.exists(path) else _("not created yet; the first command creates it")
    return _("{path} ({state})").format(path=path, state=state)


def _who_line(g: Globals) -> str:
    from luoshi.config import load_config

    try:
        name = known_actor(g.actor, load_config())
    except LuoshiError as exc:
        return exc.message
    if name is None:
        return _("not set yet; luoshi asks the first time you record something")
    return name


def orientation(g: Globals) -> str:
    tries = [
        (_("record a commitment"), _('luoshi assign "Draft the safety plan" --due "next friday"')),
        (_("report progress"), _('luoshi checkin 1 60 "first draft done"')),
        (_("see open tasks"), "luoshi list"),
        (_("the week's review"), "luoshi report --week"),
        (_("look around a demo"), "luoshi demo"),
    ]
    label_width = max(_width(label) for label, _cmd in tries)
    facts = [(_("Ledger:"), _ledger_line(g)), (_("You:"), _who_line(g))]
    fact_width = max(_width(label) for label, _value in facts)
    lines = [
        _("luoshi 落实 — a ledger of commitments. Every promise names a person, a thing and a time;"),
        _("every step after it (a check-in, a reminder, an escalation, the finish) is added, never edited."),
        "",
        *(f"  {label}{' ' * (fact_width - _width(label))}  {value}" for label, value in facts),
        "",
        _("Five commands to try:"),
        *(f"  {label}{' ' * (label_width - _width(label))}  {cmd}" for label, cmd in tries),
        "",
        _("Every command: luoshi --help · one command: luoshi assign --help · Chinese: luoshi --lang zh"),
    ]
    return "\n".join(lines)


def first_screen(ctx) -> None:
    """Bare `luoshi`: the inbox once the ledger holds work; the orientation before that (or
    when the ledger cannot be read, or who you are is not known yet)."""
    import typer

    from luoshi.services.ledger import is_team

    g = ctx.obj
    location = ledger_location(g)
    known = is_team(location) or (os.path.exists(location.removeprefix("sqlite:///"))
                                   and known_actor(g.actor, _config()) is not None)
    if known:
        from luoshi.cli.common import service_context
        from luoshi.render.inbox import print_inbox
        from luoshi.services.inbox import inbox

        try:
            sctx = service_context(ctx)
            found = inbox(sctx)
        except LuoshiError:
            found = None
        if found is not None and found.ledger_has_tasks:
            print_inbox(found, sctx.lang, sctx.now)
            return
    typer.echo(orientation(g))


def _config():
    from luoshi.config import load_config

    try:
        return load_config()
    except LuoshiError:
        from luoshi.config import Config

        return Config()
