"""The ledger's tables as SQL, version by version: the numbered migrations apply these.

The SQLModel classes in `models.py` describe the same tables for SQLAlchemy (PostgreSQL,
tooling); a test checks the two agree column for column. SQLite-specific text lives here
and nowhere else.
"""

from __future__ import annotations

APPLICATION_ID = 0x4C554F53  # "LUOS": marks a SQLite file as a luoshi ledger

TASK_COLUMNS = (
    "id", "uid", "title", "owner", "lead", "created", "due", "original_due", "helpers",
    "project", "tags", "source", "standard", "parent", "status", "progress", "last_checkin",
    "last_touch", "blocker", "escalation", "rating", "cadence", "due_window", "urgent",
    "waived", "finished_at", "closed_at", "reassigned", "last_seq", "updated",
)
EVENT_COLUMNS = ("seq", "task_id", "kind", "at", "actor", "payload", "key", "prev_hash", "hash")

V1_SQLITE = [
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    """CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        lead TEXT NOT NULL,
        created TEXT NOT NULL,
        due TEXT NOT NULL,
        original_due TEXT NOT NULL,
        helpers TEXT NOT NULL DEFAULT '[]',
        project TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        standard TEXT,
        parent INTEGER REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'closed', 'cancelled')),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        last_checkin TEXT,
        last_touch TEXT NOT NULL,
        blocker TEXT,
        escalation INTEGER NOT NULL DEFAULT 0,
        rating INTEGER,
        cadence INTEGER,
        due_window INTEGER,
        urgent INTEGER NOT NULL DEFAULT 0,
        waived INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT,
        closed_at TEXT,
        reassigned INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        key TEXT UNIQUE,
        prev_hash TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE)""",
    "CREATE INDEX events_task_at ON events (task_id, at)",
    "CREATE INDEX events_kind_at ON events (kind, at, task_id)",
    "CREATE INDEX tasks_status_due ON tasks (status, due, owner)",
    "CREATE INDEX tasks_owner_status ON tasks (owner, status)",
    """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'luoshi events are append-only'); END""",
    """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'luoshi events are append-only'); END""",
    """CREATE TRIGGER events_contiguous BEFORE INSERT ON events
        WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
          OR NEW.prev_hash IS NOT COALESCE(
               (SELECT hash FROM events ORDER BY seq DESC LIMIT 1), printf('%064d', 0))
        BEGIN SELECT RAISE(ABORT, 'luoshi events must extend the chain'); END""",
]
