"""The CLI edge: global settings, building a service context, printing results and errors.

`Globals` lives in `ctx.obj` (never a module-level global). `fail()` is the one place that
prints an error: one line on stderr, an optional hint line, and the contract's exit code.
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


def resolve_actor(explicit: str | None, config) -> str:
    """Who acts: --as, LUOSHI_USER, config user.name, else the login name."""
    for value in (explicit, os.environ.get("LUOSHI_USER"), config.user.name):
        if value and value.strip():
            from luoshi.services.inputs import name

            return name(value, "user name (--as)")
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise LuoshiError("cannot tell who you are",
                          "set it once: luoshi config set user.name 张三, or LUOSHI_USER") from None


def service_context(ctx: typer.Context):
    """The services' Context for this invocation (config read, clock read, actor resolved)."""
    from luoshi import clock
    from luoshi.config import load_config
    from luoshi.services.context import Context

    g: Globals = ctx.find_root().obj
    config = load_config()
    key = g.key or os.environ.get("LUOSHI_KEY")
    if key is not None and (not key.strip() or "#" in key or len(key) > 200):
        raise BadInput("the idempotency key (--key / LUOSHI_KEY) must be 1–200 characters without '#'")
    return Context(
        db=g.db or os.environ.get("LUOSHI_DB") or default_db(),
        actor=resolve_actor(g.actor, config),
        now=clock.now(),
        key=key or uuid.uuid4().hex,
        config=config,
        lang=g.lang,
    )


def run(ctx: typer.Context, action: Callable[[Any], Any], as_json: bool,
        render: Callable[[Any, Any], None], to_json: Callable[[Any], Any] | None = None) -> None:
    """Build the context, run the service, print JSON or the human form; errors → fail()."""
    try:
        sctx = service_context(ctx)
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
    from luoshi.render.tables import describe_event, health_label
    from luoshi.render.text import inert

    t = result.task
    note = f" ({_('already recorded')})" if result.replayed else ""
    print(f"#{t.id} {inert(t.title)} — {describe_event(result.event)} · "
          f"{t.progress}% · {health_label(t.health)}{note}")


def step_command(ctx: typer.Context, as_json: bool, action: Callable[[Any], Any]) -> None:
    run(ctx, action, as_json, print_step, lambda r: r.to_json())
