"""Administering a team ledger: `team init` (schema, roles, rules, grants), `team
add-member` and `team add-notifier`, each in one transaction — all of it, or nothing.

Three group roles per ledger: the owner (owns the schema), the members (read everything,
append events and settings as themselves) and the notifier (reads everything, appends
deliveries: `luoshi notify` runs as a login role in it, so no member can mark a reminder
to themself as sent).

The schema comes from the declarations (migrations.postgresql_fresh, generated through
SQLAlchemy, imported only here) or, for an older ledger, from the migrations it lacks.
Passwords never travel in clear: the client hashes them (SCRAM-SHA-256, by libpq) before
`CREATE ROLE … PASSWORD`, so neither the server's log nor its statistics hold them; names
and literals are quoted by psycopg's `sql` module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION, postgresql_fresh
from luoshi.store.postgres import connect, reason, release, shown
from luoshi.store.schema import PG_SCHEMA

_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def team_roles(database: str) -> tuple[str, str]:
    """The owner role and member group of the team ledger in `database`."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40] or "ledger"
    return f"luoshi_{base}_owner", f"luoshi_{base}_member"


def notifier_group(database: str) -> str:
    """The group role whose members record deliveries (schema 6)."""
    return team_roles(database)[0].removesuffix("_owner") + "_notifier"


@dataclass(frozen=True)
class InitResult:
    database: str
    owner_role: str
    member_role: str
    created: bool
    schema_version: int
    notifier_role: str = ""


def _value(conn, query, params=()):
    row = conn.execute(query, params).fetchone()
    return row[0] if row else None


def _statements(version: int) -> list[str]:
    """What brings a ledger at `version` (0: none) to SCHEMA_VERSION."""
    if version == 0 and MIGRATIONS[-1].current:
        return postgresql_fresh()
    out: list[str] = []
    for migration in MIGRATIONS:
        if migration.version > version:
            steps = migration.postgresql
            out += steps() if callable(steps) else list(steps)
    return out


def _create_roles(conn, owner: str, member: str) -> None:
    from psycopg import sql

    for role in (owner, member):
        if not _value(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)):
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    if not _value(conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"):
        conn.execute(sql.SQL("GRANT {} TO current_user").format(sql.Identifier(owner)))


def _notifier(conn, notifier: str) -> None:
    """The notifier group (made by this luoshi's init, or by the upgrade to schema 6): reads
    the ledger, appends deliveries and nothing else."""
    from psycopg import sql

    if not _value(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", (notifier,)):
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(notifier)))
    n, s = sql.Identifier(notifier), sql.Identifier(PG_SCHEMA)
    for statement in ("GRANT USAGE ON SCHEMA {s} TO {n}",
                      "GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {n}",
                      "GRANT INSERT (event_seq, channel, state, attempt, at, claimer, detail) "
                      "ON {s}.deliveries TO {n}",
                      "GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {n}"):
        conn.execute(sql.SQL(statement).format(s=s, n=n))


def _grants(conn, member: str) -> None:
    from psycopg import sql

    m = sql.Identifier(member)
    s = sql.Identifier(PG_SCHEMA)
    for statement in (
        "REVOKE ALL ON SCHEMA {s} FROM PUBLIC",
        "GRANT USAGE ON SCHEMA {s} TO {m}",
        "REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC",
        "GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {m}",
        "GRANT INSERT ON {s}.events TO {m}",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {m}",
    ):
        conn.execute(sql.SQL(statement).format(s=s, m=m))
    if _value(conn, f"SELECT to_regclass('{PG_SCHEMA}.settings') IS NOT NULL"):  # schema 5 on
        conn.execute(sql.SQL("GRANT INSERT (key, value, actor, at) ON {s}.settings TO {m}").format(s=s, m=m))


def init_team(url: str) -> InitResult:
    """Create (or bring up to date) the team ledger in the database `url` names."""
    import psycopg
    from psycopg import sql

    conn = connect(url)
    try:
        with conn.transaction():
            database = _value(conn, "SELECT current_database()")
            owner, member = team_roles(database)
            exists = _value(conn, f"SELECT to_regclass('{PG_SCHEMA}.schema_migrations') IS NOT NULL")
            version = 0
            if exists:
                version = _value(conn, f"SELECT COALESCE(MAX(version), 0) FROM {PG_SCHEMA}.schema_migrations")
                if version > SCHEMA_VERSION:
                    raise Refused(
                        _("the team ledger {url} was written by a newer luoshi (schema {version}; "
                          "this luoshi knows up to {known})").format(url=shown(url), version=version,
                                                                      known=SCHEMA_VERSION),
                        _("upgrade luoshi to use this ledger"))
            else:
                if _value(conn, f"SELECT to_regnamespace('{PG_SCHEMA}') IS NOT NULL"):
                    raise Refused(_("the database {url} already has a schema named {schema!r} that is "
                                    "not a luoshi ledger").format(url=shown(url), schema=PG_SCHEMA),
                                  _("use another database for the team ledger"))
                _create_roles(conn, owner, member)
                conn.execute(sql.SQL("CREATE SCHEMA {} AUTHORIZATION {}").format(
                    sql.Identifier(PG_SCHEMA), sql.Identifier(owner)))
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(owner)))
            conn.execute(f"SET LOCAL search_path = {PG_SCHEMA}")
            for statement in _statements(version):
                conn.execute(statement)
            now = _value(conn, "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
            for migration in MIGRATIONS:
                if migration.version > version:
                    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) "
                                 "VALUES (%s, %s, %s)", (migration.version, migration.name, now))
            outbox = _value(conn, f"SELECT to_regclass('{PG_SCHEMA}.deliveries') IS NOT NULL")  # 6 on
            notifier = notifier_group(database) if outbox else ""
            for key, value in (("application", "luoshi"), ("owner_role", owner), ("member_role", member),
                               *((("notifier_role", notifier),) if outbox else ())):
                conn.execute("INSERT INTO meta (key, value) VALUES (%s, %s) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))
            conn.execute("RESET ROLE")
            _grants(conn, member)
            if outbox:
                _notifier(conn, notifier)
        return InitResult(database, owner, member, created=not exists, schema_version=SCHEMA_VERSION,
                          notifier_role=notifier)
    except psycopg.Error as exc:
        raise Refused(_("team init failed, nothing was created: {reason}").format(reason=reason(exc)),
                      _("run it as a PostgreSQL role that may create roles (e.g. the postgres superuser)")) from None
    finally:
        release(url, conn)


def _check_role_name(role: str) -> None:
    if not _ROLE.match(role):
        raise BadInput(_("{role!r} is not a simple role name").format(role=role),
                       _("use lower-case letters, digits and _ (at most 63), starting with a letter"))


def _login_role(conn, role: str, password: str | None, group: str) -> bool:
    """Create the login role (or adopt it), set its password hashed here (SCRAM: the server
    never sees it in clear), and make it one of `group`. True when it already existed."""
    from psycopg import sql

    exists = bool(_value(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)))
    ident = sql.Identifier(role)
    if not exists:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
    if password:
        hashed = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(ident, sql.Literal(hashed.decode())))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), ident))
    return exists


def add_member(url: str, role: str, name: str, lead: bool, recorder: bool,
               password: str | None) -> bool:
    """Create (or adopt) the login role `role` as the person `name`; True when created."""
    import psycopg

    _check_role_name(role)
    conn = connect(url)
    try:
        with conn.transaction():
            member = _value(conn, f"SELECT value FROM {PG_SCHEMA}.meta WHERE key = 'member_role'")
            if member is None:
                raise Refused(_("the database {url} holds no luoshi ledger").format(url=shown(url)),
                              _("create one with: luoshi team init"))
            taken = _value(conn, f"SELECT role FROM {PG_SCHEMA}.people WHERE name = %s AND role <> %s",
                           (name, role))
            if taken:
                raise Refused(_("{name} is already the person of role {role}").format(name=name, role=taken),
                              _("give each person one role"))
            exists = _login_role(conn, role, password, member)
            conn.execute(
                f"INSERT INTO {PG_SCHEMA}.people (role, name, lead, recorder) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (role) DO UPDATE SET name = excluded.name, lead = excluded.lead, "
                "recorder = excluded.recorder", (role, name, int(lead), int(recorder)))
    except psycopg.Error as exc:
        raise Refused(_("team add-member failed, nothing was changed: {reason}").format(reason=reason(exc)),
                      _("run it as the role that ran luoshi team init")) from None
    finally:
        release(url, conn)
    return not exists


def add_notifier(url: str, role: str, password: str | None) -> bool:
    """Create (or adopt) the login role `role` as the ledger's notifier: it may read the ledger
    and record deliveries, and is no person of the team. True when the role was created."""
    import psycopg

    _check_role_name(role)
    conn = connect(url)
    try:
        with conn.transaction():
            notifier = _value(conn, f"SELECT value FROM {PG_SCHEMA}.meta WHERE key = 'notifier_role'")
            if notifier is None:
                raise Refused(_("the database {url} holds no luoshi ledger of schema 6 or later").format(
                    url=shown(url)), _("create or upgrade it with: luoshi team init"))
            if _value(conn, f"SELECT name FROM {PG_SCHEMA}.people WHERE role = %s", (role,)):
                raise Refused(_("{role} is a member of the team; the notifier is a role of its own")
                              .format(role=role), _("choose another role name, e.g. luoshi_notify"))
            exists = _login_role(conn, role, password, notifier)
    except psycopg.Error as exc:
        raise Refused(_("team add-notifier failed, nothing was changed: {reason}").format(reason=reason(exc)),
                      _("run it as the role that ran luoshi team init")) from None
    finally:
        release(url, conn)
    return not exists
