"""A team ledger on a PostgreSQL server, through psycopg 3 (no SQLAlchemy on this path).

The statements are store/sql.py's, the same text SQLite runs, with psycopg's parameter
style. What differs is held here:
- connecting: one connection per ledger URL per process, opened once; every failure
  (server down, wrong password, unknown database, a database with no luoshi schema or one
  from another luoshi) is one `Refused` line naming the server with its secrets masked,
  within the connect timeout; nothing is created by merely connecting. The first query
  (`whoami`) brings who the connected role is, the server's clock and the team's settings;
- the write lock: `writing()` is one transaction that first takes a transaction-level
  advisory lock with a lock timeout, so appends queue instead of racing, and a member who
  holds the lock too long is named rather than waited on forever;
- the server stamps each event (its clock, its place in the chain, its hash) and keeps the
  current-state table itself (store/server.py), so `append` sends the content and reads
  the stamp back, and `save_task` writes nothing.
Team administration (init, members) is team_admin.py's.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from luoshi.domain.events import Event
from luoshi.domain.hashing import canonical_payload
from luoshi.domain.rules import Role
from luoshi.domain.task import TaskState
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.store import sql
from luoshi.store.base import SqlLedger
from luoshi.store.migrations import SCHEMA_VERSION
from luoshi.store.schema import EVENT_COLUMNS, PG_LOCK_KEY, PG_SCHEMA

CONNECT_TIMEOUT = 5  # seconds
LOCK_TIMEOUT = "5s"
_BATCH = 500  # rows per round trip when importing
_SECRET_PARAMS = ("password", "sslpassword", "passfile", "sslkey", "secret", "token")


def shown(url: str) -> str:
    """The URL as it may be printed: user info's password and secret query values masked."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:***@{host}" if ":" in userinfo else f"{user}@{host}"
        query = urlencode([(k, "***" if k.lower() in _SECRET_PARAMS else v)
                           for k, v in parse_qsl(parts.query, keep_blank_values=True)])
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:
        return url.split("://", 1)[0] + "://…"


def conninfo(url: str) -> str:
    """psycopg's connection string for a postgresql[+psycopg]:// URL."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.startswith("postgresql"):
        raise BadInput(_("{url} is not a PostgreSQL URL").format(url=shown(url)),
                       _("write it as postgresql+psycopg://ROLE@HOST[:PORT]/DATABASE"))
    return "postgresql://" + rest


def reason(exc: BaseException) -> str:
    """The server's or driver's own words for a failure, on one line, without secrets."""
    diag = getattr(exc, "diag", None)
    text = getattr(diag, "message_primary", None) or str(exc)
    text = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    text = re.split(r"(?:FATAL|ERROR):\s+|port \d+ failed:\s+", text)[-1].strip()
    return re.sub(r"password=\S+", "password=***", text)


def _statement(text: str) -> str:
    """sql.py's :named parameters as psycopg's %(named)s (a literal % doubled)."""
    return re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", r"%(\1)s", text.replace("%", "%%"))


_STATEMENTS: dict[str, str] = {}


class _Conn:
    """sqlite3's connection shape over a psycopg connection, for store/base.py."""

    def __init__(self, connection) -> None:
        self._c = connection

    def execute(self, statement: str, params: dict | None = None):
        query = _STATEMENTS.get(statement)
        if query is None:
            query = _STATEMENTS[statement] = _statement(statement)
        return self._c.execute(query, params or {})

    def executemany(self, statement: str, rows: Iterable[dict]) -> None:
        query = _statement(statement)
        with self._c.cursor() as cursor:
            batch: list[dict] = []
            for row in rows:
                batch.append(row)
                if len(batch) >= _BATCH:
                    cursor.executemany(query, batch)
                    batch = []
            if batch:
                cursor.executemany(query, batch)

    def close(self) -> None:
        self._c.close()


MIN_SERVER = 110000  # sha256() in SQL and triggers that EXECUTE FUNCTION came with 11
_IDLE: dict[str, list] = {}  # connections a closed ledger handed back, reused in this process
_KEEP = 2  # idle connections kept in all (a command uses one; an administrator's two)


def connect(url: str, timeout: float = CONNECT_TIMEOUT):
    """A connection to the server for this caller alone: an idle one of this process, or a
    new one (or one refusal naming the server)."""
    idle = _IDLE.get(url) or []
    while idle:
        found = idle.pop()
        if not found.closed:
            return found
    import psycopg

    try:
        made = psycopg.connect(conninfo(url), connect_timeout=max(2, round(timeout)),
                               options=f"-c search_path={PG_SCHEMA}", application_name="luoshi")
    except psycopg.Error as exc:
        raise Refused(_("cannot connect to the team ledger {url}: {reason}").format(
            url=shown(url), reason=reason(exc)),
            _("check that the server runs, and the role, password and database in LUOSHI_DB")) from None
    if made.info.server_version < MIN_SERVER:
        version = made.info.server_version
        made.close()
        raise Refused(_("the server of {url} runs PostgreSQL {version}; a team ledger needs "
                        "PostgreSQL {needed} or later").format(
            url=shown(url), version=f"{version // 10000}.{version % 10000}",
            needed=MIN_SERVER // 10000), _("ask its administrator to upgrade it"))
    return made


def release(url: str, connection) -> None:
    """Hand a connection back for reuse (its transaction ended), or close it."""
    if connection.closed:
        return
    if connection.info.transaction_status != 0:  # not idle
        connection.rollback()
    if sum(len(v) for v in _IDLE.values()) >= _KEEP:
        oldest = next(u for u, v in _IDLE.items() if v)
        _IDLE[oldest].pop(0).close()
    _IDLE.setdefault(url, []).append(connection)


@dataclass(frozen=True)
class Identity:
    """What `whoami` tells: the connected member (None when not a member), the server's
    clock (UTC text) and the team's settings."""

    role: Role | None
    now: str
    settings: dict[str, Any]
    notifier: bool = False  # the connected role may record deliveries (`luoshi notify`)


class PostgresLedger(SqlLedger):
    """A team ledger. Use as a context manager; closing leaves the connection open for the
    next use in this process."""

    backend = "postgresql"

    def __init__(self, url: str, *, create: bool = False, now_text: str = "") -> None:
        import psycopg

        self.url = url
        self.created = False
        self.damage_errors = (psycopg.Error,)
        self._pg = connect(url)
        self.conn = _Conn(self._pg)
        try:
            self.identity = self._whoami()
            self._pg.commit()
        except psycopg.Error as exc:
            self._pg.rollback()
            self.close()
            raise self._open_error(exc) from None
        except BaseException:
            self.close()
            raise

    def _whoami(self) -> Identity:
        import psycopg

        try:
            found = self._pg.execute("SELECT luoshi.whoami(), (SELECT COALESCE(MAX(version), 0) "
                                     "FROM luoshi.schema_migrations)").fetchone()
        except (psycopg.errors.UndefinedFunction, psycopg.errors.UndefinedTable,
                psycopg.errors.InvalidSchemaName):
            self._pg.rollback()
            version = self._old_version()
            raise self._version_refusal(version) from None
        info, version = found
        if version != SCHEMA_VERSION:
            raise self._version_refusal(version)
        role = Role(info["name"], bool(info["lead"]), bool(info["recorder"])) if info["name"] else None
        return Identity(role, info["now"], info["settings"] or {}, bool(info.get("notifier")))

    def _old_version(self) -> int:
        import psycopg

        try:
            return self._pg.execute("SELECT COALESCE(MAX(version), 0) FROM luoshi.schema_migrations"
                                    ).fetchone()[0]
        except psycopg.Error:
            self._pg.rollback()
            return -1

    def _version_refusal(self, version: int) -> Refused:
        url = shown(self.url)
        if version < 0:
            return Refused(_("the database {url} holds no luoshi ledger").format(url=url),
                           _("create one with: luoshi team init (as a PostgreSQL role that may create roles)"))
        if version > SCHEMA_VERSION:
            return Refused(_("the team ledger {url} was written by a newer luoshi (schema {version}; "
                             "this luoshi knows up to {known})").format(url=url, version=version,
                                                                         known=SCHEMA_VERSION),
                           _("upgrade luoshi to use this ledger"))
        return Refused(_("the team ledger {url} has schema {version}; this luoshi needs {known}")
                       .format(url=url, version=version, known=SCHEMA_VERSION),
                       _("ask its administrator to run: luoshi team init (it upgrades the schema)"))

    def _open_error(self, exc: BaseException) -> Refused:
        if getattr(exc, "sqlstate", None) == "42501":  # no USAGE on the schema: not a member
            return Refused(_("the role you connect as is not a member of the team ledger {ledger}")
                           .format(ledger=shown(self.url)),
                           _("ask its administrator: luoshi team add-member ROLE --name NAME"))
        return Refused(_("cannot read the team ledger {url}: {reason}").format(
            url=shown(self.url), reason=reason(exc)))

    def damaged(self, exc: BaseException) -> Refused:
        return Refused(_("cannot read the team ledger {url}: {reason}").format(
            url=shown(self.url), reason=reason(exc)))

    def close(self) -> None:
        """End any transaction; the connection is kept for this process's next use."""
        if self._pg is not None:
            release(self.url, self._pg)
            self._pg = None

    def _idle(self) -> None:
        """End the transaction a read outside `reading()` began."""
        if self._pg.info.transaction_status != 0:
            self._pg.rollback()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator["PostgresLedger"]:
        """One write transaction holding the ledger's advisory lock; rolled back on error."""
        import psycopg

        self._idle()
        try:
            with self._pg.transaction():
                self._pg.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                self._pg.execute(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
                yield self
        except psycopg.errors.LockNotAvailable:
            raise self._busy() from None
        except psycopg.Error as exc:
            raise write_error(exc) from None

    def _busy(self) -> Refused:
        holder = None
        try:
            holder = self._pg.execute(
                "SELECT a.usename FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.objid = %s AND l.granted LIMIT 1",
                (PG_LOCK_KEY,)).fetchone()
            self._pg.rollback()
        except Exception:  # noqa: BLE001 - naming the holder is a courtesy; the refusal stands
            pass
        who = holder[0] if holder else _("another connection")
        return Refused(_("the team ledger is locked by {who} for more than {limit}; nothing was "
                         "recorded").format(who=who, limit=LOCK_TIMEOUT),
                       _("run the command again; if it stays locked, ask the administrator to end "
                         "that session"))

    def append(self, task_id: int, kind: str, at: str, actor: str, payload: dict,
               key: str | None, backdated: bool = False) -> Event:
        """Send the event's content; the server stamps its time and place in the chain."""
        text = canonical_payload(payload)
        row = self._pg.execute(
            "INSERT INTO events (task_id, kind, at, actor, payload, key) "
            "VALUES (%s, %s, %s, %s, %s, %s) RETURNING seq, at, prev_hash, hash",
            (task_id, kind, at if backdated else None, actor, text, key)).fetchone()
        seq, stamped, prev, digest = row
        return Event(seq, task_id, kind, stamped, actor, payload, key, prev, digest)

    def save_task(self, state: TaskState) -> None:
        """Nothing to do: the server's `events_fold` trigger keeps the tasks table."""

    @contextmanager
    def reading(self) -> Iterator["PostgresLedger"]:
        """One read-only snapshot (REPEATABLE READ) for every query inside."""
        self._idle()
        with self._pg.transaction():
            self._pg.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield self

    # -- the team ----------------------------------------------------------------------------
    def member(self) -> Role | None:
        """Who the connected login role is in this team (session_user, so SET ROLE does
        not change it), or None when it is not a member."""
        return self.identity.role

    def set_setting(self, key: str, value_json: str) -> None:
        """Append one team setting (inside `writing()`); the server checks who and what."""
        self._pg.execute("INSERT INTO settings (key, value, actor, at) VALUES (%s, %s, '', '')",
                         (key, value_json))

    # -- keeping the ledger -------------------------------------------------------------------
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def verify_schema(self) -> str | None:
        """None when the server's schema is the one luoshi declares (tables, columns, indexes,
        triggers and whether they are enabled, functions and their bodies, row security);
        else what differs, by name."""
        from luoshi.store.server import SHAPE_QUERY, expected_shape

        found = {row[0] for row in self._pg.execute(SHAPE_QUERY)}
        self._idle()
        expected = expected_shape()
        missing, extra = sorted(expected - found), sorted(found - expected)
        if not (missing or extra):
            return None
        parts = [_("missing {names}").format(names=", ".join(missing))] if missing else []
        parts += [_("not luoshi's: {names}").format(names=", ".join(extra))] if extra else []
        return _("the schema differs from a luoshi ledger's ({problems})").format(problems="; ".join(parts))

    def quick_check(self) -> str | None:
        """The server guards its own pages; there is no file to check."""
        return None

    def insert_event_rows(self, rows: Iterable[tuple]) -> None:
        """Import: the rows as given, in batches; the server's triggers check the chain and
        fold every event into the tasks table as it goes."""
        self.conn.executemany(sql.INSERT_EVENT, (dict(zip(EVENT_COLUMNS, r)) for r in rows))


def write_error(exc: BaseException) -> Refused:
    text = reason(exc)
    state = getattr(exc, "sqlstate", None)
    if state == "42501" or "row-level security" in text:
        if "row-level security" in text:
            text = _("a member records events only as themself")
        return Refused(_("the team ledger refuses this: {reason}; nothing was recorded").format(reason=text))
    if state == "23505":
        return Refused(_("another member wrote at the same moment ({reason}); nothing was recorded").format(
            reason=text), _("run the command again"))
    return Refused(_("the team ledger could not record this: {reason}; nothing was recorded").format(
        reason=text))
