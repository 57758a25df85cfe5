"""A team ledger on a PostgreSQL server, through SQLAlchemy and psycopg 3.

The statements are store/sql.py's, the same text SQLite runs; what differs is held here:
- connecting: every failure (server down, wrong password, unknown database, a database
  with no luoshi schema or one from a newer luoshi) is one `Refused` line, never a
  traceback, and nothing is created by merely connecting;
- the write lock: `writing()` is one transaction that first takes a transaction-level
  advisory lock, so appends queue instead of racing; the server's own trigger takes the
  same lock and refuses any insert that does not extend the chain, so a race made around
  luoshi is an error, never a fork;
- the current-state table is kept by the server (the `events_fold` trigger, the same fold
  as domain/task.py), so `save_task` writes nothing: members may not write it at all;
- `team init` and `team add-member`: the schema, its owner role, the member group and the
  grants, in one transaction each.

Importing this module imports SQLAlchemy; only PostgreSQL URLs bring it in.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.store import sql
from luoshi.store.base import SqlLedger
from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION
from luoshi.store.schema import EVENT_COLUMNS, PG_LOCK_KEY, PG_SCHEMA

_BATCH = 500  # rows per round trip when importing


@dataclass(frozen=True)
class Member:
    role: str
    name: str
    lead: bool


@lru_cache(maxsize=8)
def _engine(url: str):
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(
        url, poolclass=NullPool,
        connect_args={"options": f"-c search_path={PG_SCHEMA}", "connect_timeout": 10,
                      "application_name": "luoshi"},
    )


def shown(url: str) -> str:
    """The URL as it may be printed: never the password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown by its scheme only
        return url.split("://", 1)[0] + "://…"


def _reason(exc: BaseException) -> str:
    """The server's or driver's own words for a failure, on one line."""
    orig = getattr(exc, "orig", None) or exc
    diag = getattr(orig, "diag", None)
    text = getattr(diag, "message_primary", None) or str(orig)
    text = text.strip().splitlines()[0] if text.strip() else type(orig).__name__
    # "connection failed: connection to server at …, port … failed: FATAL:  the reason"
    return re.split(r"(?:FATAL|ERROR):\s+|port \d+ failed:\s+", text)[-1].strip()


def _run(connection, statement: str):
    """A statement without parameters (DDL, names quoted by `_ident`/`_literal`): the
    driver still reads %-placeholders, so a literal % is doubled."""
    return connection.exec_driver_sql(statement.replace("%", "%%"))


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


class _Conn:
    """sqlite3's connection shape over a SQLAlchemy connection, for store/base.py."""

    def __init__(self, connection) -> None:
        from sqlalchemy import text

        self._c = connection
        self._text = text

    def execute(self, statement: str, params: dict | None = None):
        return self._c.execute(self._text(statement), params or {})

    def executemany(self, statement: str, rows: Iterable[dict]) -> None:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                self._c.execute(self._text(statement), batch)
                batch = []
        if batch:
            self._c.execute(self._text(statement), batch)

    def close(self) -> None:
        self._c.close()


def connect(url: str):
    """A SQLAlchemy connection to the server, or one clear refusal."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    try:
        engine = _engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise BadInput(_("{url} is not a usable PostgreSQL URL ({problem})").format(url=shown(url), problem=exc),
                       _("write it as postgresql+psycopg://ROLE[:PASSWORD]@HOST[:PORT]/DATABASE")) from None
    try:
        return engine.connect()
    except DBAPIError as exc:
        raise Refused(_("cannot connect to the team ledger {url}: {reason}").format(url=shown(url), reason=_reason(exc)),
                      _("check that the server runs, and the role, password and database in LUOSHI_DB")) from None


class PostgresLedger(SqlLedger):
    """One connection to a team ledger. Use as a context manager; it closes the connection."""

    backend = "postgresql"

    def __init__(self, url: str, *, create: bool = True) -> None:
        from sqlalchemy.exc import DBAPIError

        self.url = url
        self.damage_errors = (DBAPIError,)
        self._sa = connect(url)
        self.conn = _Conn(self._sa)
        try:
            version = self._version()
            if version > SCHEMA_VERSION:
                raise Refused(
                    _("the team ledger {url} was written by a newer luoshi (schema {version}; "
                      "this luoshi knows up to {known})").format(url=shown(url), version=version, known=SCHEMA_VERSION),
                    _("upgrade luoshi to use this ledger"))
            if version < SCHEMA_VERSION:
                raise Refused(
                    _("the team ledger {url} has schema {version}; this luoshi needs {known}")
                    .format(url=shown(url), version=version, known=SCHEMA_VERSION),
                    _("ask its administrator to run: luoshi team init (it upgrades the schema)"))
            self._sa.commit()
        except DBAPIError as exc:
            self._sa.close()
            if _sqlstate(exc) == "42501":  # no USAGE on the schema: not in the member group
                raise Refused(
                    _("the role you connect as is not a member of the team ledger {ledger}")
                    .format(ledger=shown(url)),
                    _("ask its administrator: luoshi team add-member ROLE --name NAME")) from None
            raise Refused(_("cannot read the team ledger {url}: {reason}").format(url=shown(url), reason=_reason(exc))) from None
        except BaseException:
            self._sa.close()
            raise

    def damaged(self, exc: BaseException) -> Refused:
        return Refused(_("cannot read the team ledger {url}: {reason}").format(url=shown(self.url), reason=_reason(exc)))

    def _version(self) -> int:
        """The schema version, or a refusal when this database holds no luoshi ledger."""
        found = _run(self._sa, 
            f"SELECT to_regclass('{PG_SCHEMA}.schema_migrations') IS NOT NULL").scalar()
        if not found:
            raise Refused(
                _("the database {url} holds no luoshi ledger").format(url=shown(self.url)),
                _("create one with: luoshi team init (as a PostgreSQL role that may create roles)"))
        return _run(self._sa, 
            f"SELECT COALESCE(MAX(version), 0) FROM {PG_SCHEMA}.schema_migrations").scalar()

    def close(self) -> None:
        self._sa.close()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator["PostgresLedger"]:
        """One write transaction holding the ledger's advisory lock; rolled back on error."""
        from sqlalchemy.exc import DBAPIError

        if self._sa.in_transaction():
            self._sa.commit()  # end the read transaction a query outside began
        try:
            with self._sa.begin():
                _run(self._sa, f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
                yield self
        except DBAPIError as exc:
            raise _write_error(exc) from None

    def save_task(self, state: TaskState) -> None:
        """Nothing to do: the server's `events_fold` trigger keeps the tasks table."""

    @contextmanager
    def reading(self) -> Iterator["PostgresLedger"]:
        """One read-only snapshot (REPEATABLE READ) for every query inside."""
        if self._sa.in_transaction():
            self._sa.commit()
        with self._sa.begin():
            _run(self._sa, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield self

    # -- the team ----------------------------------------------------------------------------
    def member(self) -> Member | None:
        """Who the connected login role is in this team (session_user, so SET ROLE does
        not change it), or None when it is not a member."""
        row = self.conn.execute(
            "SELECT role, name, lead FROM people WHERE role = session_user").fetchone()
        return Member(row[0], row[1], bool(row[2])) if row else None

    # -- keeping the ledger -------------------------------------------------------------------
    def schema_version(self) -> int:
        return self._version()

    def quick_check(self) -> str | None:
        """The server guards its own pages; there is no file to check."""
        return None

    def insert_event_rows(self, rows: Iterable[tuple]) -> None:
        """Import: the rows as given, in batches; the server's triggers check the chain and
        fold every event into the tasks table as it goes."""
        self.conn.executemany(sql.INSERT_EVENT, (dict(zip(EVENT_COLUMNS, r)) for r in rows))


def _write_error(exc: BaseException) -> Refused:
    reason = _reason(exc)
    state = _sqlstate(exc)
    if state == "42501" or "row-level security" in reason:
        if "row-level security" in reason:
            reason = _("a member records events only as themself")
        return Refused(_("the team ledger refuses this: {reason}; nothing was recorded").format(reason=reason))
    if state == "23505":
        return Refused(_("another member wrote at the same moment ({reason}); nothing was recorded").format(reason=reason),
                       _("run the command again"))
    return Refused(_("the team ledger could not record this: {reason}; nothing was recorded").format(reason=reason))


# -- administration: team init, team add-member ----------------------------------------------
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def team_roles(database: str) -> tuple[str, str]:
    """The owner role and member group of the team ledger in `database`."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40] or "ledger"
    return f"luoshi_{base}_owner", f"luoshi_{base}_member"


@dataclass(frozen=True)
class InitResult:
    database: str
    owner_role: str
    member_role: str
    created: bool
    schema_version: int


def init_team(url: str, now_text: str) -> InitResult:
    """Create (or bring up to date) the team ledger in the database `url` names, in one
    transaction: roles, schema, tables, triggers, row security and grants — or nothing."""
    from sqlalchemy.exc import DBAPIError

    conn = connect(url)
    try:
        with conn.begin():
            database = _run(conn, "SELECT current_database()").scalar()
            owner, member = team_roles(database)
            exists = _run(conn, 
                f"SELECT to_regclass('{PG_SCHEMA}.schema_migrations') IS NOT NULL").scalar()
            if exists:
                version = _run(conn, 
                    f"SELECT COALESCE(MAX(version), 0) FROM {PG_SCHEMA}.schema_migrations").scalar()
                if version > SCHEMA_VERSION:
                    raise Refused(
                        _("the team ledger {url} was written by a newer luoshi (schema {version}; "
                          "this luoshi knows up to {known})").format(url=shown(url), version=version, known=SCHEMA_VERSION),
                        _("upgrade luoshi to use this ledger"))
            else:
                version = 0
                if _run(conn, 
                        f"SELECT to_regnamespace('{PG_SCHEMA}') IS NOT NULL").scalar():
                    raise Refused(_("the database {url} already has a schema named {schema!r} that is "
                                    "not a luoshi ledger").format(url=shown(url), schema=PG_SCHEMA),
                                  _("use another database for the team ledger"))
                for role in (owner, member):
                    if not _run(conn, 
                            f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}").scalar():
                        _run(conn, f"CREATE ROLE {_ident(role)} NOLOGIN")
                is_super = _run(conn, 
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user").scalar()
                if not is_super:
                    _run(conn, f"GRANT {_ident(owner)} TO current_user")
                _run(conn, 
                    f"CREATE SCHEMA {PG_SCHEMA} AUTHORIZATION {_ident(owner)}")
            _run(conn, f"SET LOCAL ROLE {_ident(owner)}")
            _run(conn, f"SET LOCAL search_path = {PG_SCHEMA}")
            for migration in MIGRATIONS:
                if migration.version <= version:
                    continue
                for statement in migration.postgresql:
                    _run(conn, statement)
                _Conn(conn).execute(sql.INSERT_MIGRATION, {
                    "version": migration.version, "name": migration.name, "at": now_text})
            for key, value in (("application", "luoshi"), ("owner_role", owner),
                               ("member_role", member)):
                _Conn(conn).execute(sql.UPSERT_META, {"key": key, "value": value})
            _run(conn, "RESET ROLE")
            for statement in (
                f"REVOKE ALL ON SCHEMA {PG_SCHEMA} FROM PUBLIC",
                f"GRANT USAGE ON SCHEMA {PG_SCHEMA} TO {_ident(member)}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {PG_SCHEMA} FROM PUBLIC",
                f"GRANT SELECT ON ALL TABLES IN SCHEMA {PG_SCHEMA} TO {_ident(member)}",
                f"GRANT INSERT ON {PG_SCHEMA}.events TO {_ident(member)}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {_ident(owner)} IN SCHEMA {PG_SCHEMA} "
                f"GRANT SELECT ON TABLES TO {_ident(member)}",
            ):
                _run(conn, statement)
        return InitResult(database, owner, member, created=not exists,
                          schema_version=SCHEMA_VERSION)
    except DBAPIError as exc:
        raise Refused(_("team init failed, nothing was created: {reason}").format(reason=_reason(exc)),
                      _("run it as a PostgreSQL role that may create roles (e.g. the postgres superuser)")) from None
    finally:
        conn.close()


def add_member(url: str, role: str, name: str, lead: bool, password: str | None) -> bool:
    """Create (or adopt) the login role `role` as the person `name`; True when created."""
    from sqlalchemy.exc import DBAPIError

    if not _ROLE.match(role):
        raise BadInput(_("{role!r} is not a simple role name").format(role=role),
                       _("use lower-case letters, digits and _ (at most 63), starting with a letter"))
    with PostgresLedger(url) as ledger:
        conn = ledger._sa
        try:
            with conn.begin():
                member = _run(conn, 
                    f"SELECT value FROM {PG_SCHEMA}.meta WHERE key = 'member_role'").scalar()
                taken = _run(conn, 
                    f"SELECT role FROM {PG_SCHEMA}.people WHERE name = {_literal(name)} "
                    f"AND role <> {_literal(role)}").scalar()
                if taken:
                    raise Refused(_("{name} is already the person of role {role}").format(name=name, role=taken),
                                  _("give each person one role"))
                exists = _run(conn, 
                    f"SELECT 1 FROM pg_roles WHERE rolname = {_literal(role)}").scalar()
                if not exists:
                    pw = f" PASSWORD {_literal(password)}" if password else ""
                    _run(conn, f"CREATE ROLE {_ident(role)} LOGIN{pw}")
                elif password:
                    _run(conn, 
                        f"ALTER ROLE {_ident(role)} PASSWORD {_literal(password)}")
                _run(conn, f"GRANT {_ident(member)} TO {_ident(role)}")
                _Conn(conn).execute(
                    f"INSERT INTO {PG_SCHEMA}.people (role, name, lead) VALUES (:role, :name, :lead) "
                    "ON CONFLICT (role) DO UPDATE SET name = excluded.name, lead = excluded.lead",
                    {"role": role, "name": name, "lead": int(lead)})
        except DBAPIError as exc:
            raise Refused(_("team add-member failed, nothing was changed: {reason}").format(reason=_reason(exc)),
                          _("run it as the role that ran luoshi team init")) from None
        return not exists
