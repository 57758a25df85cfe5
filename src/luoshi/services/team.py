"""A team ledger on PostgreSQL: setting it up, adding members, its settings, and who the
connected role is.

The server holds the rules (store/server.py); these use cases give them a face: `init` and
`add_member` for the administrator, `set_setting` for a lead, and `identity` for every
command, so that luoshi refuses clearly — before it tries — what the server would refuse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.ledger import is_team


@dataclass(frozen=True)
class TeamInit:
    ledger: str
    database: str
    owner_role: str
    member_role: str
    created: bool
    schema_version: int
    notifier_role: str = ""


@dataclass(frozen=True)
class TeamMember:
    ledger: str
    role: str
    name: str
    lead: bool
    recorder: bool
    created_role: bool


@dataclass(frozen=True)
class TeamSetting:
    ledger: str
    key: str
    value: Any


def require_team(db: str) -> None:
    if not is_team(db):
        raise Refused(_("team commands work on a team ledger on PostgreSQL, not on a ledger file"),
                      _("point --db (or LUOSHI_DB) at postgresql+psycopg://ROLE@HOST/DATABASE"))


def init(db: str) -> TeamInit:
    from luoshi.store.postgres import shown
    from luoshi.store.team_admin import init_team

    require_team(db)
    done = init_team(db)
    return TeamInit(ledger=shown(db), database=done.database, owner_role=done.owner_role,
                    member_role=done.member_role, created=done.created,
                    schema_version=done.schema_version, notifier_role=done.notifier_role)


def add_member(db: str, role: str, name: str, lead: bool, password: str | None,
               recorder: bool = False) -> TeamMember:
    from luoshi.store.postgres import shown
    from luoshi.store.team_admin import add_member as add

    require_team(db)
    person = inputs.name(name, _("name"))
    created = add(db, role.strip(), person, lead, recorder, password)
    return TeamMember(ledger=shown(db), role=role.strip(), name=person, lead=lead,
                      recorder=recorder, created_role=created)


def identity(db: str, explicit: str | None, allow_notifier: bool = False):
    """Who the connected role is on a team ledger (the actor of everything it records), the
    server's time and the team's settings; a different --as / LUOSHI_USER is refused, as the
    server would refuse it. `allow_notifier`: the notifier role (no member) is let in too."""
    from luoshi.store.postgres import PostgresLedger, shown

    with PostgresLedger(db) as ledger:
        found = ledger.identity
    member = found.role
    if member is None and allow_notifier and found.notifier:
        return found
    if member is None:
        raise Refused(
            _("the role you connect as is not a member of the team ledger {ledger}")
            .format(ledger=shown(db)),
            _("ask its administrator: luoshi team add-member ROLE --name NAME"))
    if explicit is not None and explicit.strip() and explicit.strip() != member.name:
        raise Refused(
            _("on a team ledger you act as yourself: you connect as {name}, not {other}")
            .format(name=member.name, other=explicit.strip()),
            _("drop --as (and LUOSHI_USER), or connect with {other}'s own role")
            .format(other=explicit.strip()))
    return found


def add_notifier(db: str, role: str, password: str | None) -> "TeamNotifier":
    from luoshi.store.postgres import shown
    from luoshi.store.team_admin import add_notifier as add

    require_team(db)
    created = add(db, role.strip(), password)
    return TeamNotifier(ledger=shown(db), role=role.strip(), created_role=created)


@dataclass(frozen=True)
class TeamNotifier:
    ledger: str
    role: str
    created_role: bool


def team_config(config, settings: dict[str, Any]):
    """The config with the team's review settings in place of the file's (said on stderr
    when the file sets some of them: they are ignored here)."""
    import sys

    from luoshi.config import TEAM_SECTIONS, Config, with_team

    if any(getattr(config, s) != getattr(Config(), s) for s in TEAM_SECTIONS):
        sys.stderr.write("luoshi: " + _("note") + ": " + _(
            "on a team ledger the review settings are the team's (luoshi team set); those in "
            "your config file are ignored here") + "\n")
    return with_team(config, settings)


def set_setting(ctx, key: str, value: str) -> TeamSetting:
    """A lead sets one of the team's review settings (an append-only row the server checks)."""
    from luoshi.config import with_team
    from luoshi.services.ledger import open_ledger
    from luoshi.services.settings import typed
    from luoshi.store.postgres import shown

    require_team(ctx.db)
    parsed = _setting_value(key, typed(value))
    with open_ledger(ctx) as ledger:
        with_team(ctx.config, ledger.identity.settings | {key: parsed})  # refuses a bad value
        with ledger.writing():
            ledger.set_setting(key, json.dumps(parsed, ensure_ascii=False))
    return TeamSetting(ledger=shown(ctx.db), key=key, value=parsed)


_SECONDS = ("team.backdate_limit", "clock.offset")


def _setting_value(key: str, value: Any) -> Any:
    """Durations of team.backdate_limit and clock.offset as seconds (-3d → -259200)."""
    from luoshi.config import TEAM_KEYS, TEAM_SECTIONS

    section = key.split(".", 1)[0]
    if key not in (*TEAM_KEYS, *_SECONDS, "team.timezone") and section not in TEAM_SECTIONS:
        raise BadInput(_("{key} is not a team setting").format(key=key),
                       _("team settings: health.*, escalation.*, score.*, patterns.*, calendar.*, "
                         "report.review_day, team.timezone, team.backdate_limit"))
    if key in _SECONDS and isinstance(value, str):
        sign = -1 if value.strip().startswith("-") else 1
        seconds = inputs.duration(value.strip().lstrip("+-"), key)
        return sign * seconds
    return value
