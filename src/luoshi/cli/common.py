"""The CLI edge: global settings, building a service context, printing results and errors.

`Globals` lives in `ctx.obj` (never a module-level global). `fail()` is the one place that
prints an error: one line on stderr, an optional hint line, and the contract's exit code.
Who acts is --as, LUOSHI_USER or config user.name; when none is set, a command that records
something asks once on a terminal and saves the answer as user.name, and without a terminal
it acts as the login name and says on stderr how to set a name.
"""

from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass
from typing import Any, Callable, NoReturn

import typer

from luoshi.errors import BadInput, LuoshiError


@dataclass
class Globals:
    db: str | None = None
    actor: str | None = None
    lang: str = "en"
    key: str | None = None


def fail(message: str, hint: str | None = None, code: int = 1) -> NoReturn:
    from luoshi.i18n import _
    from luoshi.render.text import inert

    sys.stderr.write(f"luoshi: {_('error')}: {inert(message)}\n")
    if hint:
        sys.stderr.write(f"  {_('hint')}: {inert(hint)}\n")
    raise typer.Exit(code)


def default_db() -> str:
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("luoshi", appauthor=False), "ledger.db")


def known_actor(explicit: str | None, config) -> str | None:
    """Who acts as the user has said it: --as, LUOSHI_USER, config user.name; else None."""
    from luoshi.i18n import _

    for value in (explicit, os.environ.get("LUOSHI_USER"), config.user.name):
        if value and value.strip():
            from luoshi.services.inputs import name

            return name(value, _("user name (--as)"))
    return None


def _who_hint() -> str:
    from luoshi.i18n import _

    return _("set it once: luoshi config set user.name NAME (or --as NAME, or LUOSHI_USER)")


def resolve_actor(explicit: str | None, config, ask: bool = False) -> str:
    """Who acts: as the user said, else (when `ask`) asked on a terminal and saved, else the
    login name — with a hint on stderr when the command records something."""
    from luoshi.i18n import _

    known = known_actor(explicit, config)
    if known is not None:
        return known
    if ask and sys.stdin.isatty():
        return _ask_who()
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        raise LuoshiError(_("cannot tell who you are"), _who_hint()) from None
    if ask:
        sys.stderr.write(f"luoshi: {_('hint')}: "
                         + _("acting as {login} (your login name); {how}").format(login=login, how=_who_hint())
                         + "\n")
    return login


def _ask_who() -> str:
    """Ask once who the user is and save it as user.name, the way `luoshi config set` does."""
    from luoshi.i18n import _
    from luoshi.services import settings
    from luoshi.services.inputs import name

    while True:
        sys.stderr.write(_("Who are you? (your name as colleagues write it)") + " ")
        sys.stderr.flush()
        try:
            answer = input()
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\n")
            raise LuoshiError(_("cannot tell who you are"), _who_hint()) from None
        if not answer.strip():
            continue
        try:
            chosen = name(answer, _("name"))
        except BadInput as exc:
            sys.stderr.write(f"  {exc.message}\n")
            continue
        saved = settings.set_value("user.name", chosen)
        sys.stderr.write(_("Saved as user.name in {path}; change it with: luoshi config set user.name NAME")
                         .format(path=saved["path"]) + "\n")
        return chosen


def service_context(ctx: typer.Context, needs_actor: bool = False, team_actor: bool = False):
    """The services' Context for this invocation (config read, clock read, actor resolved).

    `needs_actor` is True for commands that record something as the user: only they ask who
    you are (or hint how to say it); the others quietly fall back to the login name. On a
    team ledger they (and those with `team_actor`, which record as the system on a local
    ledger) act as the connected role's person, and a different --as is refused."""
    from luoshi import clock
    from luoshi.config import load_config
    from luoshi.i18n import _
    from luoshi.services.context import Context

    g: Globals = ctx.find_root().obj
    config = load_config()
    key = g.key or os.environ.get("LUOSHI_KEY")
    if key is not None and (not key.strip() or "#" in key or len(key) > 200):
        raise BadInput(_("the idempotency key (--key / LUOSHI_KEY) must be 1–200 characters without '#'"))
    db = ledger_location(g)
    team_lead = None
    from luoshi.services.ledger import is_team

    if (needs_actor or team_actor) and is_team(db):  # the server decides who acts: the connected role's person
        from luoshi.services.team import member_for

        member = member_for(db, g.actor or os.environ.get("LUOSHI_USER"))
        actor, team_lead = member.name, member.lead
    else:
        actor = resolve_actor(g.actor, config, ask=needs_actor)
    return Context(
        db=db,
        actor=actor,
        now=clock.now(),
        key=key or uuid.uuid4().hex,
        config=config,
        lang=g.lang,
        team_lead=team_lead,
    )


def ledger_location(g: Globals) -> str:
    """The ledger this invocation uses: --db, LUOSHI_DB, else the user data directory's."""
    return g.db or os.environ.get("LUOSHI_DB") or default_db()


def run(ctx: typer.Context, action: Callable[[Any], Any], as_json: bool,
        render: Callable[[Any, Any], None], to_json: Callable[[Any], Any] | None = None,
        needs_actor: bool = False, team_actor: bool = False) -> None:
    """Build the context, run the service, print JSON or the human form; errors → fail()."""
    try:
        sctx = service_context(ctx, needs_actor, team_actor)
        result = action(sctx)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if as_json:
        from luoshi.render.text import print_json

        print_json(to_json(result) if to_json else result.model_dump())
    else:
        render(result, sctx)


def print_step(result, sctx) -> None:
    """One line for a recorded step: which task, what happened, how it stands now."""
    from luoshi.i18n import _
    from luoshi.render.labels import describe_event, health_label
    from luoshi.render.text import inert

    t = result.task
    note = f" ({_('already recorded')})" if result.replayed else ""
    progress = "" if result.event["kind"] == "checked_in" else f"{t.progress}% · "  # said already
    print(f"#{t.id} {inert(t.title)} — {describe_event(result.event)} · "
          f"{progress}{health_label(t.health)}{note}")


def step_command(ctx: typer.Context, as_json: bool, action: Callable[[Any], Any]) -> None:
    run(ctx, action, as_json, print_step, lambda r: r.to_json(), needs_actor=True)
