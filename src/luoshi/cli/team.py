"""`luoshi team`: set up a team ledger on PostgreSQL and add its members."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from luoshi.cli.common import ledger_location, fail
from luoshi.cli.options import Json
from luoshi.errors import LuoshiError
from luoshi.i18n import _

app = typer.Typer(help=_("A team ledger on PostgreSQL: set it up and add its members."),
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

        return print_json(result.model_dump())
    if result.created:
        print(_("Team ledger created in {database} (schema {version}): owner role {owner}, member group {member}.")
              .format(database=result.database, version=result.schema_version,
                      owner=result.owner_role, member=result.member_role))
        print(_("Next: luoshi team add-member ROLE --name NAME [--lead]"))
    else:
        print(_("{database} already holds a team ledger (schema {version}); nothing else changed.")
              .format(database=result.database, version=result.schema_version))


@app.command("add-member", help=_("Create (or adopt) the login role ROLE as the person NAME. Members record only as themselves; --lead lets them assign to others, escalate, extend, reassign, score and close."))
def add_member(
    ctx: typer.Context,
    role: Annotated[str, typer.Argument(metavar="ROLE", help=_("The PostgreSQL login role, e.g. zhangsan."), show_default=False)],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help=_("The person's name as colleagues write it, e.g. 张三."), show_default=False)],
    lead: Annotated[bool, typer.Option("--lead", help=_("A lead: may assign to others and escalate, extend, reassign, score and close any task."))] = False,
    password: Annotated[Optional[str], typer.Option("--password", metavar="TEXT", envvar="LUOSHI_MEMBER_PASSWORD", help=_("Set the role's password (else leave it as it is)."), show_envvar=True)] = None,
    as_json: Json = False,
) -> None:
    from luoshi.services import team

    try:
        result = team.add_member(_ledger(ctx), role, name, lead, password)
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if as_json:
        from luoshi.render.text import print_json

        return print_json(result.model_dump())
    kind = _("lead") if result.lead else _("member")
    print(_("{role} is now {name} ({kind}) in the team ledger.").format(role=result.role, name=result.name, kind=kind))
