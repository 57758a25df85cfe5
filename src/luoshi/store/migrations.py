"""Numbered schema migrations, one list for both backends: each runs once, in one
transaction with its record.

A migration carries its statements per dialect (the tables are the same; triggers, row
security and functions are each server's own language). `SCHEMA_VERSION` is the newest
version this luoshi knows. A ledger whose version is higher was written by a newer luoshi
and is refused before anything touches it.

Why not Alembic: the SQLite path must start in a few milliseconds (Alembic and SQLAlchemy
cost ~0.1 s to import), and what matters most here — triggers, row-level security,
functions — is raw dialect SQL in Alembic too. The runner is the loop in each backend's
`_migrate`: check the version under the write lock, run the statements, record the version.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.store.schema import (V1_POSTGRESQL, V1_SQLITE, V2_POSTGRESQL, V2_SQLITE, V3,
                                 V4_POSTGRESQL, V4_SQLITE)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, tasks and the hash chain", tuple(V1_SQLITE), tuple(V1_POSTGRESQL)),
    Migration(2, "the people of a team, and the server's permission rules",
              tuple(V2_SQLITE), tuple(V2_POSTGRESQL)),
    Migration(3, "indexes for finding people: leads, and tasks with helpers", tuple(V3), tuple(V3)),
    Migration(4, "an index of check-ins with their progress, for a report's patterns",
              tuple(V4_SQLITE), tuple(V4_POSTGRESQL)),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
