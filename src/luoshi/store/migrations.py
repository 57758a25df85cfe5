"""Numbered schema migrations, one list for both backends: each runs once, in one
transaction with its record.

A new ledger is created at the newest version directly from the current declarations
(models.py, schema.py, server.py); an older ledger runs the migrations it lacks, whose
statements are history (history.py) or, for versions 5 and 6, the steps from the version
before to the current declarations. A test checks that a ledger migrated from version 1 has exactly the
schema of a new one. `SCHEMA_VERSION` is the newest version this luoshi knows; a ledger
whose version is higher was written by a newer luoshi and is refused before anything
touches it.

Why not Alembic: the SQLite path must start in a few milliseconds, and what matters most
here — triggers, row security, functions — is raw dialect SQL in Alembic too. The runner is
each backend's `_migrate`: check the version under the write lock, run the statements,
record the version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from luoshi.store import history
from luoshi.store.schema import (SQLITE_CHECKINS_INDEX, SQLITE_DELIVERY_TRIGGERS, SQLITE_LEDGER_ID,
                                 SQLITE_TRIGGERS, TABLES)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: tuple[str, ...]
    # the statements, or a function that generates them when it runs (it needs SQLAlchemy)
    postgresql: tuple[str, ...] | Callable[[], list[str]]
    rebuilds: bool = False  # SQLite: runs with foreign keys off (it rebuilds tables)
    current: bool = False  # its result is the current declarations: a new ledger starts here
    refolds: bool = False  # the state table is recomputed from the events afterwards


def _table(name: str) -> tuple[str, list[str]]:
    """The generated CREATE TABLE of `name` and its CREATE INDEX statements."""
    create = next(s for s in TABLES if s.startswith(f"CREATE TABLE {name} ("))
    indexes = [s for s in TABLES if s.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX"))
               and f" ON {name} (" in s]
    return create, indexes


_REBUILT = {  # table: the columns a version-4 ledger has
    "meta": ("key", "value"),
    "schema_migrations": ("version", "name", "applied_at"),
    "tasks": ("id", "uid", "title", "owner", "lead", "created", "due", "original_due", "helpers",
              "project", "tags", "source", "standard", "parent", "status", "progress",
              "last_checkin", "last_touch", "blocker", "escalation", "rating", "cadence",
              "due_window", "urgent", "waived", "finished_at", "closed_at", "reassigned",
              "last_seq", "updated"),
    "events": ("seq", "task_id", "kind", "at", "actor", "payload", "key", "prev_hash", "hash"),
    "people": ("role", "name", "lead"),
}


def _sqlite_v5() -> tuple[str, ...]:
    """From version 4 to the current tables: each table rebuilt from its declaration (nullable
    deadlines, new columns, retry keys per actor), the triggers put back, settings added."""
    out = ["DROP TRIGGER events_append_only_update", "DROP TRIGGER events_append_only_delete",
           "DROP TRIGGER events_contiguous"]
    for name, columns in _REBUILT.items():
        create, indexes = _table(name)
        cols = ", ".join(f'"{c}"' for c in columns)
        out += [create.replace(f"CREATE TABLE {name} (", f"CREATE TABLE {name}_v5 (", 1),
                f"INSERT INTO {name}_v5 ({cols}) SELECT {cols} FROM {name}",
                f"DROP TABLE {name}", f"ALTER TABLE {name}_v5 RENAME TO {name}", *indexes]
    settings, _indexes = _table("settings")
    return tuple(out + [SQLITE_CHECKINS_INDEX, *SQLITE_TRIGGERS, settings, SQLITE_LEDGER_ID])


def _sqlite_v6() -> tuple[str, ...]:
    """From version 5: the outbox of `luoshi notify`, append-only."""
    deliveries, indexes = _table("deliveries")
    return (deliveries, *indexes, *SQLITE_DELIVERY_TRIGGERS)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, tasks and the hash chain", tuple(history.V1_SQLITE),
              tuple(history.V1_POSTGRESQL)),
    Migration(2, "the people of a team, and the server's permission rules",
              tuple(history.V2_SQLITE), tuple(history.V2_POSTGRESQL)),
    Migration(3, "indexes for finding people: leads, and tasks with helpers",
              tuple(history.V3), tuple(history.V3)),
    Migration(4, "an index of check-ins with their progress, for a report's patterns",
              tuple(history.V4_SQLITE), tuple(history.V4_POSTGRESQL)),
    Migration(5, "the dialogue, milestones, deadlines that may wait, team settings and the "
                 "server's own clock and checks", _sqlite_v5(), lambda: postgresql_v5(),
              rebuilds=True, refolds=True),
    Migration(6, "the outbox of luoshi notify: each event's delivery to each channel, once",
              _sqlite_v6(), lambda: postgresql_v6(), current=True),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def sqlite_fresh() -> list[str]:
    """A new ledger file at SCHEMA_VERSION."""
    from luoshi.store.schema import sqlite_objects

    return [*sqlite_objects(), SQLITE_LEDGER_ID]


def postgresql_v5() -> list[str]:
    """From version 4 to version 5 (generated: needs SQLAlchemy). Its functions are the
    current ones (CREATE OR REPLACE); what refers to the outbox comes with version 6."""
    from luoshi.store import server
    from luoshi.store.ddl import create_tables

    settings = next(s for s in create_tables("postgresql") if s.startswith("CREATE TABLE settings"))
    new_columns = ("cadence_day INTEGER", "weight INTEGER", 'accepted TEXT COLLATE "C"',
                   "extensions INTEGER DEFAULT 0 NOT NULL", 'extension_reason TEXT COLLATE "C"',
                   'last_note TEXT COLLATE "C"', 'last_note_at TEXT COLLATE "C"',
                   'pending_due TEXT COLLATE "C"', 'pending_reason TEXT COLLATE "C"',
                   'pending_at TEXT COLLATE "C"', 'returned_reason TEXT COLLATE "C"',
                   """returned_missing TEXT COLLATE "C" DEFAULT '[]' NOT NULL""",
                   'returned_at TEXT COLLATE "C"')
    return [
        "ALTER TABLE tasks ALTER COLUMN due DROP NOT NULL, ALTER COLUMN original_due DROP NOT NULL, "
        + ", ".join(f"ADD COLUMN {c}" for c in new_columns),
        "ALTER TABLE events DROP CONSTRAINT events_key_key",
        'ALTER TABLE events ADD CONSTRAINT events_actor_key UNIQUE (actor, "key")',
        "ALTER TABLE people ADD COLUMN recorder INTEGER DEFAULT 0 NOT NULL",
        # version 2 made the names without the byte order every other text column has
        'ALTER TABLE people ALTER COLUMN name TYPE TEXT COLLATE "C", '
        'ALTER COLUMN role TYPE TEXT COLLATE "C"',
        "CREATE INDEX tasks_parent ON tasks (parent) WHERE parent IS NOT NULL",
        settings,
        "DROP TRIGGER events_chain ON events", "DROP TRIGGER events_permitted ON events",
        "DROP FUNCTION events_extend_chain()", "DROP FUNCTION events_permitted()",
        *server.functions(),
        *(t for t in server.TRIGGERS if "events_guard" in t or "ON settings" in t),
        "INSERT INTO meta (key, value) VALUES ('ledger_id', md5(random()::text || clock_timestamp()::text))",
        *server.REFOLD,
    ]


def postgresql_v6() -> list[str]:
    """From version 5: the outbox table, its guard and its append-only triggers (the notifier
    role and its grants are team_admin's, as every role is)."""
    from luoshi.store import server
    from luoshi.store.ddl import create_tables

    tables = create_tables("postgresql")
    deliveries = [s for s in tables if s.startswith("CREATE TABLE deliveries")
                  or " ON deliveries (" in s]
    return [*deliveries, *server.functions(), *server.DELIVERY_OBJECTS]


def postgresql_fresh() -> list[str]:
    """A new team ledger at SCHEMA_VERSION (generated: needs SQLAlchemy)."""
    from luoshi.store import server
    from luoshi.store.ddl import create_tables

    return [*create_tables("postgresql"), *server.objects()]
