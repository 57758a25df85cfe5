"""A team ledger on PostgreSQL: setting it up, adding members, and who the connected role is.

The server holds the rules (store/postgres.py and the version-2 migration); these use cases
give them a face: `init` and `add_member` for the administrator, `member_for` for every
command that records something, so that luoshi refuses clearly — before it tries — what
the server would refuse.
"""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.clock import now, to_utc_text
from luoshi.errors import Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.ledger import is_team


class TeamInit(BaseModel):
    ledger: str
    database: str
    owner_role: str
    member_role: str
    created: bool
    schema_version: int


class TeamMember(BaseModel):
    ledger: str
    role: str
    name: str
    lead: bool
    created_role: bool


def _require_team(db: str) -> None:
    if not is_team(db):
        raise Refused(_("team commands work on a team ledger on PostgreSQL, not on a ledger file"),
                      _("point --db (or LUOSHI_DB) at postgresql+psycopg://ROLE@HOST/DATABASE"))


def init(db: str) -> TeamInit:
    from luoshi.store.postgres import init_team, shown

    _require_team(db)
    done = init_team(db, to_utc_text(now()))
    return TeamInit(ledger=shown(db), database=done.database, owner_role=done.owner_role,
                    member_role=done.member_role, created=done.created,
                    schema_version=done.schema_version)


def add_member(db: str, role: str, name: str, lead: bool, password: str | None) -> TeamMember:
    from luoshi.store.postgres import add_member as add, shown

    _require_team(db)
    person = inputs.name(name, _("name"))
    created = add(db, role.strip(), person, lead, password)
    return TeamMember(ledger=shown(db), role=role.strip(), name=person, lead=lead,
                      created_role=created)


def member_for(db: str, explicit: str | None):
    """The connected role's person on a team ledger (the actor of everything it records);
    a different --as / LUOSHI_USER is refused, as the server would refuse it."""
    from luoshi.store.postgres import PostgresLedger, shown

    with PostgresLedger(db) as ledger:
        member = ledger.member()
    if member is None:
        raise Refused(
            _("the role you connect as is not a member of the team ledger {ledger}")
            .format(ledger=shown(db)),
            _("ask its administrator: luoshi team add-member ROLE --name NAME"))
    if explicit is not None and explicit.strip() and explicit.strip() != member.name:
        raise Refused(
            _("on a team ledger you act as yourself: role {role} is {name}, not {other}")
            .format(role=member.role, name=member.name, other=explicit.strip()),
            _("drop --as (and LUOSHI_USER), or connect with {other}'s own role")
            .format(other=explicit.strip()))
    return member
