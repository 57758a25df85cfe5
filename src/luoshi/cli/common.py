"""The CLI edge: global settings, building a service context, printing results and errors.

`Globals` lives in `ctx.obj` (never a module-level global). `fail()` is the one place that
prints an error: one line on stderr, an optional hint line, and the contract's exit code.
Warnings a service gathered (`Context.warn`) are printed on stderr after it ran, so
`--json` output stays one clean document on stdout.
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


def or_fail(action: Callable[[], Any]) -> Any:
    """What `action` returns, or its refusal as one line and its exit code (for the commands
    that need no ledger: config, schedule)."""
    try:
        return action()
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)


def warn(message: str) -> None:
    from luoshi.i18n import _
    from luoshi.render.text import inert

    sys.stderr.write(f"luoshi: {_('warning')}: {inert(message)}\n")


def default_db() -> str:
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("luoshi", appauthor=False), "ledger.db")


def ledger_location(g: Globals) -> str:
    """The ledger this invocation uses: --db, LUOSHI_DB, else the user data directory's."""
    return g.db or os.environ.get("LUOSHI_DB") or default_db()


def service_context(ctx: typer.Context, needs_actor: bool = False, team_actor: bool = False,
                    notifier: bool = False):
    """The services' Context for this invocation (config read, clock read, actor resolved).

    `needs_actor` is True for commands that record something as the user: only they ask who
    you are (or hint how to say it); the others quietly fall back to the login name. On a
    team ledger the connected role's person acts (a different --as is refused), the team's
    settings replace the config file's review settings, and the server's clock is "now"
    for what is recorded (LUOSHI_NOW changes only what views read there). `notifier`
    (`luoshi notify`): config `notify.db`, when set, names the ledger, and a team ledger's
    notifier role is let in though it is no member."""
    from luoshi import clock
    from luoshi.config import load_config
    from luoshi.i18n import _
    from luoshi.services.context import Context
    from luoshi.services.ledger import is_team

    g: Globals = ctx.find_root().obj
    config = load_config()
    key = g.key or os.environ.get("LUOSHI_KEY")
    if key is not None and (not key.strip() or "#" in key or len(key) > 200):
        raise BadInput(_("the idempotency key (--key / LUOSHI_KEY) must be 1–200 characters without '#'"))
    db = (notifier and config.notify.db) or ledger_location(g)
    role, now = None, None
    if is_team(db):
        from luoshi.services.team import identity, team_config

        found = identity(db, g.actor or os.environ.get("LUOSHI_USER"), allow_notifier=notifier)
        role, config = found.role, team_config(config, found.settings)
        actor = role.name if role else "luoshi"
        recording = needs_actor or team_actor
        now = clock.server_now(found.now) if recording or not os.environ.get("LUOSHI_NOW") else None
    else:
        from luoshi.cli.who import resolve_actor

        actor = resolve_actor(g.actor, config, ask=needs_actor)
    return Context(db=db, actor=actor, now=now or clock.now(), key=key or uuid.uuid4().hex,
                   config=config, lang=g.lang, role=role)


def run(ctx: typer.Context, action: Callable[[Any], Any], as_json: bool,
        render: Callable[[Any, Any], None], to_json: Callable[[Any], Any] | None = None,
        needs_actor: bool = False, team_actor: bool = False, notifier: bool = False) -> Any:
    """Build the context, run the service, print JSON or the human form; errors → fail().
    The result, for a command that decides its exit code by it."""
    sctx = None
    try:
        sctx = service_context(ctx, needs_actor, team_actor, notifier)
        result = action(sctx)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    finally:
        for message in (sctx.warnings if sctx is not None else ()):
            warn(message)
    if as_json:
        from luoshi.render.text import print_json
        from luoshi.services.views import plain

        print_json(to_json(result) if to_json else plain(result))
    else:
        render(result, sctx)
    return result


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
    run(ctx, action, as_json, print_step, needs_actor=True)
