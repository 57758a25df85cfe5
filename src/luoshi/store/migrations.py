"""Numbered schema migrations: each runs once, in one transaction with its record.

`SCHEMA_VERSION` is the newest version this luoshi knows. A ledger whose version is higher
was written by a newer luoshi and is refused before anything touches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.store.schema import V1_SQLITE


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sqlite: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, tasks and the hash chain", tuple(V1_SQLITE)),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
