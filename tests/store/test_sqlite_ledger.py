"""The SQLite ledger on real files: settings, identity checks, migrations, the chain."""

from __future__ import annotations

import sqlite3

import pytest

from luoshi.domain.events import Assigned, CheckedIn, payload_of
from luoshi.domain.hashing import GENESIS, event_hash
from luoshi.domain.task import fold
from luoshi.errors import Refused
from luoshi.store.migrations import SCHEMA_VERSION
from luoshi.store.schema import APPLICATION_ID
from luoshi.store.sqlite import SqliteLedger


def _assign(ledger, task_id=None, title="写材料", at="2026-11-23T01:30:00Z"):
    with ledger.writing():
        task_id = task_id or ledger.next_task_id()
        payload = Assigned(uid=f"u{task_id}", title=title, owner="张三", lead="王主任",
                           due="2026-11-27T10:00:00Z")
        event = ledger.append(task_id, "assigned", at, "王主任", payload_of(payload), None)
        ledger.save_task(fold(None, event))
    return task_id


def test_a_new_ledger_has_wal_full_sync_busy_timeout_foreign_keys_and_identity(tmp_path):
    with SqliteLedger(tmp_path / "l.db") as ledger:
        c = ledger.conn
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        versions = [r[0] for r in c.execute("SELECT version FROM schema_migrations")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_every_write_transaction_begins_immediate(tmp_path):
    statements = []
    with SqliteLedger(tmp_path / "l.db") as ledger:
        ledger.conn.set_trace_callback(statements.append)
        _assign(ledger)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]


def test_a_write_waits_for_the_lock_instead_of_failing(tmp_path):
    path = tmp_path / "l.db"
    SqliteLedger(path).close()
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    import threading

    timer = threading.Timer(0.5, lambda: blocker.execute("COMMIT"))
    timer.start()
    with SqliteLedger(path) as ledger:
        assert _assign(ledger) == 1  # waited for the other writer, then wrote
    timer.join()


def test_events_are_chained_by_hash_from_genesis(tmp_path):
    with SqliteLedger(tmp_path / "l.db") as ledger:
        _assign(ledger)
        _assign(ledger)
        events = list(ledger.events())
    assert [e.seq for e in events] == [1, 2]
    assert events[0].prev_hash == GENESIS
    assert events[1].prev_hash == events[0].hash
    import json

    from luoshi.domain.hashing import canonical_payload

    e = events[1]
    assert e.hash == event_hash(e.prev_hash, e.seq, e.task_id, e.kind, e.at, e.actor,
                                canonical_payload(e.payload))


@pytest.mark.parametrize("statement", [
    "UPDATE events SET actor = 'forger'",
    "DELETE FROM events WHERE seq = 1",
])
def test_events_cannot_be_updated_or_deleted(tmp_path, statement):
    path = tmp_path / "l.db"
    with SqliteLedger(path) as ledger:
        _assign(ledger)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(statement)


def test_an_event_that_does_not_extend_the_chain_is_refused_by_the_schema(tmp_path):
    path = tmp_path / "l.db"
    with SqliteLedger(path) as ledger:
        _assign(ledger)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="chain"):
        conn.execute("INSERT INTO events (seq, task_id, kind, at, actor, payload, prev_hash, hash)"
                     " VALUES (5, 1, 'reminded', 'x', 'x', '{}', 'bad', 'bad2')")


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my shopping list\n")
    with pytest.raises(Refused, match="not a luoshi ledger"):
        SqliteLedger(path)
    assert path.read_bytes() == b"my shopping list\n"
    assert not (tmp_path / "notes.txt-wal").exists()


def test_a_foreign_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(Refused, match="not a luoshi ledger"):
        SqliteLedger(path)
    assert path.read_bytes() == before


def test_a_ledger_from_a_newer_luoshi_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "l.db"
    SqliteLedger(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(Refused, match="newer luoshi"):
        SqliteLedger(path)
    assert path.read_bytes() == before


def test_a_corrupt_ledger_is_refused(tmp_path):
    path = tmp_path / "l.db"
    with SqliteLedger(path) as ledger:
        _assign(ledger)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(Refused):
        with SqliteLedger(path) as ledger:
            ledger.task(1)


def test_migrations_from_a_blank_file_give_the_current_schema(tmp_path):
    path = tmp_path / "blank.db"
    path.write_bytes(b"")
    with SqliteLedger(path) as ledger:
        tables = {r[0] for r in ledger.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"events", "tasks", "meta", "schema_migrations"} <= tables


def test_reopening_a_ledger_applies_no_migration_twice(tmp_path):
    path = tmp_path / "l.db"
    SqliteLedger(path).close()
    with SqliteLedger(path) as ledger:
        assert ledger.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == SCHEMA_VERSION


def test_the_sqlite_tables_match_the_sqlmodel_metadata_column_for_column(tmp_path):
    from luoshi.store.models import metadata

    with SqliteLedger(tmp_path / "l.db") as ledger:
        for table in metadata.sorted_tables:
            columns = [r[1] for r in ledger.conn.execute(f"PRAGMA table_info({table.name})")]
            assert columns == [c.name for c in table.columns], table.name
            nullable = {r[1]: not r[3] for r in ledger.conn.execute(f"PRAGMA table_info({table.name})")}
            for c in table.columns:
                if not c.primary_key:
                    assert nullable[c.name] == c.nullable, f"{table.name}.{c.name}"


def test_a_failed_transaction_leaves_no_trace(tmp_path):
    with SqliteLedger(tmp_path / "l.db") as ledger:
        _assign(ledger)
        with pytest.raises(RuntimeError):
            with ledger.writing():
                ledger.append(1, "checked_in", "2026-11-23T02:00:00Z", "张三",
                              payload_of(CheckedIn(progress=10)), None)
                raise RuntimeError("boom")
        assert [e.seq for e in ledger.events()] == [1]


def _old_ledger(path, version: int) -> list[tuple]:
    """A ledger file as the luoshi that knew only the first `version` migrations wrote it:
    its schema from the migrations' history, one task assigned and checked in (the rows
    written as that luoshi wrote them: the version-4 columns of the tasks table)."""
    from luoshi.store import sql
    from luoshi.store.base import task_row
    from luoshi.store.migrations import MIGRATIONS, _REBUILT

    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:version]:
        for statement in migration.sqlite:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    for migration in MIGRATIONS[:version]:
        conn.execute(sql.INSERT_MIGRATION, {"version": migration.version, "name": migration.name,
                                            "at": "2026-11-01T00:00:00Z"})
    payload = Assigned(uid="u1", title="写材料", owner="张三", lead="王主任", due="2026-11-27T10:00:00Z")
    first = (1, 1, "assigned", "2026-11-23T01:30:00Z", "王主任", payload_of(payload))
    second = (2, 1, "checked_in", "2026-11-24T01:00:00Z", "张三", payload_of(CheckedIn(progress=40)))
    prev, rows = GENESIS, []
    from luoshi.domain.hashing import canonical_payload

    for seq, task, kind, at, actor, body in (first, second):
        text = canonical_payload(body)
        digest = event_hash(prev, seq, task, kind, at, actor, text)
        rows.append((seq, task, kind, at, actor, text, None, prev, digest))
        prev = digest
    from luoshi.domain.events import Event

    state = fold(fold(None, Event(*first)), Event(*second))
    row = {k: v for k, v in task_row(state).items() if k in _REBUILT["tasks"]}
    conn.execute(f"INSERT INTO tasks ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                 tuple(row.values()))
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.close()
    return rows


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_ledger_of_every_older_schema_is_upgraded_and_keeps_every_event(tmp_path, version):
    path = tmp_path / "old.db"
    before = _old_ledger(path, version)
    task_id = 1
    with SqliteLedger(path) as ledger:
        assert list(ledger.event_rows()) == before
        versions = [r[0] for r in ledger.conn.execute("SELECT version FROM schema_migrations")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert ledger.task(task_id).progress == 40
        indexes = {r[0] for r in ledger.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"tasks_lead", "events_checkins"} <= indexes
        assert ledger.verify_schema() is None  # exactly the schema of a new ledger
    with SqliteLedger(tmp_path / "new.db") as fresh:
        assert fresh.schema_shape() == SqliteLedger(path).schema_shape()


def test_a_schema_that_differs_from_the_expected_one_is_named(tmp_path):
    path = tmp_path / "l.db"
    with SqliteLedger(path) as ledger:
        assert ledger.verify_schema() is None
        ledger.conn.execute("DROP TRIGGER events_append_only_delete")
        ledger.conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END")
        problem = ledger.verify_schema()
    assert "events_append_only_delete" in problem and "sneaky" in problem


def test_the_report_pattern_search_reads_each_tasks_check_ins_from_their_index(tmp_path):
    # a ledger luoshi wrote has no planner statistics: the plan must not depend on them
    from luoshi.store import sql

    with SqliteLedger(tmp_path / "l.db") as ledger:
        scope, params = sql.report_scope(None, None)
        params |= {"start": "", "end": "", "as_of": "", "moves": 2, "pushed_min": 2,
                   "idle_checkins": 3}

        def plan(statement: str) -> str:
            return " | ".join(r[-1] for r in ledger.conn.execute("EXPLAIN QUERY PLAN " + statement,
                                                                 params))

        pushed = plan(sql.report_pattern_events(scope, "sqlite"))
        idle = plan(sql.report_idle_tails(scope, "sqlite"))
        checkins = plan(sql.report_checkins(scope, "sqlite"))
    assert pushed.count("USING INDEX events_checkins (task_id=?") == 2, pushed
    assert idle.count("USING INDEX events_checkins (task_id=?") == 1, idle
    # the period's check-ins from events(kind, at, …), each one's check-in before from its task's
    assert "events_kind_at (kind=? AND at>? AND at<?)" in checkins, checkins
    assert "USING INDEX events_checkins (task_id=? AND seq<?)" in checkins, checkins


def test_a_task_row_reads_back_as_the_same_state_field_for_field(tmp_path):
    from dataclasses import fields

    from luoshi.domain.task import TaskState
    from luoshi.store.schema import TASK_COLUMNS

    assert TASK_COLUMNS == tuple(f.name for f in fields(TaskState))  # rows are read in this order
    with SqliteLedger(tmp_path / "l.db") as ledger:
        task_id = _assign(ledger)
        with ledger.writing():
            state = ledger.task(task_id)
            changed = TaskState(**(vars(state) | {"helpers": ("李四", "Bob"), "tags": ("急",),
                                                  "urgent": True, "cadence": 3600}))
            ledger.save_task(changed)
        again = ledger.task(task_id)
    assert again == changed and again.helpers == ("李四", "Bob") and again.urgent is True
    assert hash(again) == hash(changed)
