"""`luoshi team`: set up a team ledger on PostgreSQL and add its members."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dataclasses import asdict

from luoshi.cli.common import ledger_location, fail
from luoshi.cli.options import Json
from luoshi.errors import LuoshiError
from luoshi.i18n import _

app = typer.Typer(help=_("A team ledger on PostgreSQL: set-up, members and settings."),
                  no_args_is_help=True)


def _ledger(ctx: typer.Context) -> str:
    return ledger_location(ctx.find_root().obj)


@app.command("init", help=_("Create the team ledger in the database --db names (as a role that may create roles): its schema, owner role and member group, with the rules held by the server. Running it again upgrades an older schema and changes nothing else."))
def init(ctx: typer.Context, as_json: Json = False) -> None:
    from luoshi.services import team

    try:
        result = team.init(_ledger(ctx))
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if as_json:
        from luoshi.render.text import print_json

        return print_json(asdict(result))
    if result.created:
        print(_("Team ledger created in {database} (schema {version}): owner role {owner}, member group {member}.")
              .format(database=result.database, version=result.schema_version,
                      owner=result.owner_role, member=result.member_role))
        print(_("Next: luoshi team add-member ROLE --name NAME [--lead]"))
    else:
        print(_("{database} already holds a team ledger (schema {version}); nothing else changed.")
              .format(database=result.database, version=result.schema_version))


@app.command("add-member", help=_("Create (or adopt) the login role ROLE as the person NAME. Members record only as themselves; --lead lets them assign to others, escalate, extend, reassign, score and close; --recorder lets them record assignments for others (the secretary who types the minutes). The password is read from LUOSHI_MEMBER_PASSWORD or asked for with --password, never taken from the command line."))
def add_member(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", help=_("The PostgreSQL login role, e.g. zhangsan."), show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help=_("The person's name as colleagues write it, e.g. 张三."), show_default=False)],
    lead: Annotated[bool, typer.Option("--lead", help=_("A lead: may assign to others and escalate, extend, reassign, score and close any task."))] = False,
    recorder: Annotated[bool, typer.Option("--recorder", help=_("A recorder: may record assignments for anyone, naming any lead."))] = False,
    ask: Annotated[bool, typer.Option("--password", help=_("Ask for the role's password (typed twice, not shown); LUOSHI_MEMBER_PASSWORD gives it without asking."))] = False,
    as_json: Json = False,
) -> None:
    import os

    from luoshi.services import team

    password = os.environ.get("LUOSHI_MEMBER_PASSWORD") or (_ask_password() if ask else None)
    try:
        result = team.add_member(_ledger(ctx), role, name, lead, password, recorder=recorder)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if as_json:
        from luoshi.render.text import print_json

        return print_json(asdict(result))
    kind = _("lead") if result.lead else _("recorder") if result.recorder else _("member")
    print(_("{role} is now {name} ({kind}) in the team ledger.").format(role=result.role, name=result.name, kind=kind))


@app.command("add-notifier", help=_("Create (or adopt) the login role ROLE as the ledger's notifier: it reads the ledger and records what `luoshi notify` delivered, and nothing else (members cannot mark a reminder sent). The password is read from LUOSHI_MEMBER_PASSWORD or asked for with --password. Point config notify.db at postgresql+psycopg://ROLE@HOST/DATABASE."))
def add_notifier(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", help=_("The PostgreSQL login role, e.g. luoshi_notify."), show_default=False)],
    ask: Annotated[bool, typer.Option("--password", help=_("Ask for the role's password (typed twice, not shown); LUOSHI_MEMBER_PASSWORD gives it without asking."))] = False,
    as_json: Json = False,
) -> None:
    import os

    from luoshi.services import team

    password = os.environ.get("LUOSHI_MEMBER_PASSWORD") or (_ask_password() if ask else None)
    try:
        result = team.add_notifier(_ledger(ctx), role, password)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if as_json:
        from luoshi.render.text import print_json

        return print_json(asdict(result))
    print(_("{role} is now the notifier of the team ledger.").format(role=result.role))


def _ask_password() -> str:
    import getpass

    try:
        first = getpass.getpass(_("Password for the new role: "))
        again = getpass.getpass(_("The same password again: "))
    except (EOFError, KeyboardInterrupt):
        fail(_("no password given; nothing was changed"), code=2)
    if not first or first != again:
        fail(_("the two passwords differ or are empty; nothing was changed"), code=2)
    return first


@app.command("set", help=_("A lead sets one of the team's review settings for everyone (health.*, escalation.*, score.*, patterns.*, calendar.*, report.review_day, team.timezone, team.backdate_limit): an append-only record the server checks."))
def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help=_("section.name, e.g. health.cadence."), show_default=False)],
    value: Annotated[str, typer.Argument(metavar="VALUE", help=_("The new value, e.g. 3d, 40, [[1, 1]]."), show_default=False)],
    as_json: Json = False,
) -> None:
    from luoshi.cli.common import run
    from luoshi.services import team

    def show(result, sctx) -> None:
        print(f"{result.key} = {result.value!r}  ({result.ledger})")

    run(ctx, lambda sctx: team.set_setting(sctx, key, value), as_json, show, needs_actor=True)
