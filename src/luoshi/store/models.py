"""The ledger's tables as SQLModel classes: the one declaration of every table, column,
constraint and plain index, for both dialects.

Each dialect's CREATE statements are generated from this metadata (`ddl.create_tables`):
`team init` generates PostgreSQL's when it runs, and the SQLite quick path keeps a generated
constant (`sqlite_ddl.py`) that a test regenerates and compares, so that opening a ledger
file never imports SQLAlchemy. What SQL cannot say in one dialect-neutral way — triggers,
functions, row security, indexes on JSON expressions — is each dialect's own text
(`sqlite_ddl.py`, `server.py`).

Times are UTC text and payloads canonical JSON text on both dialects, so hashes and exports
are the same. Ids and sequence numbers are 64-bit on PostgreSQL (SQLite's INTEGER is); text
compares byte for byte on both (PostgreSQL's "C" collation, as SQLite's BINARY).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import (BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer, Text,
                        UniqueConstraint, text)
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel

_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: INTEGER, the rowid itself
_TEXT = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def _col(kind, *args, nullable: bool = True, default: str | None = None, **kwargs) -> Column:
    return Column(kind, *args, nullable=nullable,
                  server_default=text(default) if default is not None else None, **kwargs)


def _text(nullable: bool = True, default: str | None = None, **kw):
    return Field(default=None, sa_column=_col(_TEXT, nullable=nullable, default=default, **kw))


def _int(nullable: bool = True, default: str | None = None, wide: bool = False):
    return Field(default=None, sa_column=_col(_ID if wide else Integer, nullable=nullable,
                                              default=default))


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(sa_column=Column(_TEXT, primary_key=True))
    value: str = _text(nullable=False)


class SchemaMigrationRow(SQLModel, table=True):
    __tablename__ = "schema_migrations"
    version: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    name: str = _text(nullable=False)
    applied_at: str = _text(nullable=False)


class TaskRow(SQLModel, table=True):
    """The current state of each task (domain/task.py's TaskState, column for column)."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'closed', 'cancelled')", name="tasks_status"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="tasks_progress"),
        Index("tasks_status_due", "status", "due", "owner"),
        Index("tasks_owner_status", "owner", "status"),
        Index("tasks_lead", "lead"),
        Index("tasks_with_helpers", "helpers", sqlite_where=text("helpers <> '[]'"),
              postgresql_where=text("helpers <> '[]'")),
        Index("tasks_parent", "parent", sqlite_where=text("parent IS NOT NULL"),
              postgresql_where=text("parent IS NOT NULL")),
    )
    id: int = Field(sa_column=Column(_ID, primary_key=True, autoincrement=False))
    uid: str = _text(nullable=False, unique=True)
    title: str = _text(nullable=False)
    owner: str = _text(nullable=False)
    lead: str = _text(nullable=False)
    created: str = _text(nullable=False)
    due: Optional[str] = _text()
    original_due: Optional[str] = _text()
    helpers: str = _text(nullable=False, default="'[]'")
    project: Optional[str] = _text()
    tags: str = _text(nullable=False, default="'[]'")
    source: str = _text(nullable=False)
    standard: Optional[str] = _text()
    parent: Optional[int] = Field(default=None, sa_column=Column(
        _ID, ForeignKey("tasks.id", deferrable=True, initially="DEFERRED")))
    status: str = _text(nullable=False)
    progress: int = _int(nullable=False)
    last_checkin: Optional[str] = _text()
    last_touch: str = _text(nullable=False)
    blocker: Optional[str] = _text()
    escalation: int = _int(nullable=False, default="0")
    rating: Optional[int] = _int()
    cadence: Optional[int] = _int()
    due_window: Optional[int] = _int()
    urgent: int = _int(nullable=False, default="0")
    waived: int = _int(nullable=False, default="0")
    finished_at: Optional[str] = _text()
    closed_at: Optional[str] = _text()
    reassigned: int = _int(nullable=False, default="0")
    last_seq: int = _int(nullable=False, wide=True)
    updated: str = _text(nullable=False)
    cadence_day: Optional[int] = _int()
    weight: Optional[int] = _int()
    accepted: Optional[str] = _text()
    extensions: int = _int(nullable=False, default="0")
    extension_reason: Optional[str] = _text()
    last_note: Optional[str] = _text()
    last_note_at: Optional[str] = _text()
    pending_due: Optional[str] = _text()
    pending_reason: Optional[str] = _text()
    pending_at: Optional[str] = _text()
    returned_reason: Optional[str] = _text()
    returned_missing: str = _text(nullable=False, default="'[]'")
    returned_at: Optional[str] = _text()


class EventRow(SQLModel, table=True):
    """The append-only, hash-chained history (domain/events.py's Event)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("actor", "key", name="events_actor_key"),
        Index("events_task_at", "task_id", "at"),
        Index("events_kind_at", "kind", "at", "task_id"),
    )
    seq: int = Field(sa_column=Column(_ID, primary_key=True, autoincrement=False))
    task_id: int = Field(sa_column=Column(_ID, ForeignKey("tasks.id", deferrable=True,
                                                           initially="DEFERRED"), nullable=False))
    kind: str = _text(nullable=False)
    at: str = _text(nullable=False)
    actor: str = _text(nullable=False)
    payload: str = _text(nullable=False)
    key: Optional[str] = _text()
    prev_hash: str = _text(nullable=False, unique=True)
    hash: str = _text(nullable=False, unique=True)


class PersonRow(SQLModel, table=True):
    """A member of a team ledger: the login role, the person's name, the lead and recorder
    flags. (A ledger file keeps the table empty: there, --as names who acts.)"""

    __tablename__ = "people"
    role: str = Field(sa_column=Column(_TEXT, primary_key=True))
    name: str = _text(nullable=False, unique=True)
    lead: int = _int(nullable=False, default="0")
    recorder: int = _int(nullable=False, default="0")


class SettingRow(SQLModel, table=True):
    """A team ledger's review settings, append-only: the latest row of a key is in force
    (`luoshi team set`); a ledger file keeps its settings in the config file instead."""

    __tablename__ = "settings"
    seq: int = Field(sa_column=Column(_ID, primary_key=True, autoincrement=True))
    key: str = _text(nullable=False)
    value: str = _text(nullable=False)  # JSON
    actor: str = _text(nullable=False)
    at: str = _text(nullable=False)


class DeliveryRow(SQLModel, table=True):
    """The outbox of `luoshi notify`, append-only: what happened to each event on each channel.

    A row is `claimed` (written and committed before the message goes out, naming the
    claimer), then `sent` (once the service accepted it) or `failed` (with the service's
    answer), or the event is `skipped` for the channel (a finished task's history on the
    channel's first run, a person without an address). `sent` and `skipped` are final: at
    most one of them per event and channel (a partial unique index). `attempt` counts the
    claims of an event on a channel."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint("state IN ('claimed', 'sent', 'failed', 'skipped')", name="deliveries_state"),
        CheckConstraint("attempt >= 1", name="deliveries_attempt"),
        Index("deliveries_final", "event_seq", "channel", unique=True,
              sqlite_where=text("state IN ('sent', 'skipped')"),
              postgresql_where=text("state IN ('sent', 'skipped')")),
        Index("deliveries_claim", "event_seq", "channel", "attempt", unique=True,
              sqlite_where=text("state = 'claimed'"), postgresql_where=text("state = 'claimed'")),
        Index("deliveries_channel_at", "channel", "at"),
    )
    id: int = Field(sa_column=Column(_ID, primary_key=True, autoincrement=True))
    event_seq: int = Field(sa_column=Column(_ID, ForeignKey("events.seq"), nullable=False))
    channel: str = _text(nullable=False)
    state: str = _text(nullable=False)
    attempt: int = _int(nullable=False)
    at: str = _text(nullable=False)
    claimer: str = _text(nullable=False)  # pid@host (and the server's role on a team ledger)
    detail: Optional[str] = _text()  # a failure's reason, secrets masked


metadata = SQLModel.metadata
TASK_COLUMNS = tuple(c.name for c in TaskRow.__table__.columns)
EVENT_COLUMNS = tuple(c.name for c in EventRow.__table__.columns)
