"""The ledger's tables as SQLModel classes: the schema's source of truth for SQLAlchemy.

PostgreSQL and tooling use these; the SQLite fast path runs the SQL in `schema.py`, and a
test checks the two agree column for column. Importing this module imports SQLAlchemy and
SQLModel (≈ 0.5 s), so the quick SQLite commands never import it.
"""

from __future__ import annotations

from typing import Optional

from sqlmodel import Field, SQLModel


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class SchemaMigrationRow(SQLModel, table=True):
    __tablename__ = "schema_migrations"
    version: int = Field(primary_key=True)
    name: str
    applied_at: str


class TaskRow(SQLModel, table=True):
    __tablename__ = "tasks"
    id: int = Field(primary_key=True)
    uid: str = Field(unique=True)
    title: str
    owner: str
    lead: str
    created: str
    due: str
    original_due: str
    helpers: str = "[]"
    project: Optional[str] = None
    tags: str = "[]"
    source: str
    standard: Optional[str] = None
    parent: Optional[int] = Field(default=None, foreign_key="tasks.id")
    status: str
    progress: int
    last_checkin: Optional[str] = None
    last_touch: str
    blocker: Optional[str] = None
    escalation: int = 0
    rating: Optional[int] = None
    cadence: Optional[int] = None
    due_window: Optional[int] = None
    urgent: int = 0
    waived: int = 0
    finished_at: Optional[str] = None
    closed_at: Optional[str] = None
    reassigned: int = 0
    last_seq: int
    updated: str


class EventRow(SQLModel, table=True):
    __tablename__ = "events"
    seq: int = Field(primary_key=True)
    task_id: int = Field(foreign_key="tasks.id")
    kind: str
    at: str
    actor: str
    payload: str
    key: Optional[str] = Field(default=None, unique=True)
    prev_hash: str = Field(unique=True)
    hash: str = Field(unique=True)


class PersonRow(SQLModel, table=True):
    """A member of a team ledger: the login role, the person's name, the lead flag."""

    __tablename__ = "people"
    role: str = Field(primary_key=True)
    name: str = Field(unique=True)
    lead: int = 0


metadata = SQLModel.metadata
