"""The ledger's schema as each dialect needs it beyond the declared tables.

Tables, columns, constraints and plain indexes are declared once in models.py; a ledger file
gets them from the generated `sqlite_ddl.TABLES`. What is SQLite's own text lives here —
the triggers that keep the events append-only and chained, and the index on a JSON
expression — and PostgreSQL's in server.py. `sqlite_objects()` is the complete current
schema of a ledger file, in creation order; a fresh ledger is made of exactly these, and a
ledger migrated from any older version ends up with the same (a test compares them).
"""

from __future__ import annotations

from luoshi.store.sqlite_ddl import EVENT_COLUMNS, TABLES, TASK_COLUMNS  # noqa: F401 (re-exported)

APPLICATION_ID = 0x4C554F53  # "LUOS": marks a SQLite file as a luoshi ledger
PG_SCHEMA = "luoshi"  # a team ledger lives in this schema (connections set search_path)
PG_LOCK_KEY = APPLICATION_ID  # the pg_advisory_xact_lock key that serialises appends

SQLITE_TRIGGERS = [
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
# The outbox (`luoshi notify`) is append-only too: a delivery is recorded, never changed.
SQLITE_DELIVERY_TRIGGERS = [
    """CREATE TRIGGER deliveries_append_only_update BEFORE UPDATE ON deliveries
        BEGIN SELECT RAISE(ABORT, 'luoshi deliveries are append-only'); END""",
    """CREATE TRIGGER deliveries_append_only_delete BEFORE DELETE ON deliveries
        BEGIN SELECT RAISE(ABORT, 'luoshi deliveries are append-only'); END""",
]
# Per task, its check-ins in order with the progress each reported (a report's patterns and
# regularity read this index alone). The expression is store/sql.py's JSON_PROGRESS.
SQLITE_CHECKINS_INDEX = (
    "CREATE INDEX events_checkins ON events (task_id, seq, "
    "CAST(json_extract(payload, '$.progress') AS INTEGER), at) WHERE kind = 'checked_in'")
SQLITE_LEDGER_ID = (  # the ledger's own id: anchors name the ledger by it, wherever it moves
    "INSERT INTO meta (key, value) VALUES ('ledger_id', lower(hex(randomblob(16))))")


def sqlite_objects() -> list[str]:
    """Every CREATE of a current ledger file, in order."""
    return [*TABLES, SQLITE_CHECKINS_INDEX, *SQLITE_TRIGGERS, *SQLITE_DELIVERY_TRIGGERS]
