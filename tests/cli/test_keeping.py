"""Keeping the ledger through the real entry point: verify, backup, restore, export, import.

Tampering is done the way someone with the file could: plain sqlite3 after dropping the
append-only triggers. Every refusal is one line on stderr with the contract's exit code,
and leaves the ledger as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys

import pytest

from luoshi.domain.hashing import canonical_payload, event_hash
from luoshi.domain.task import replay
from luoshi.store.sqlite import SqliteLedger
from tests.conftest import SRC, file_bytes

TRIGGERS = ("events_append_only_update", "events_append_only_delete", "events_contiguous")
EXPORT_KEYS = ["seq", "task", "kind", "at", "actor", "payload", "key", "prev_hash", "hash"]


def ok(result):
    assert result.code == 0, result.stderr
    return result


def one_line_error(result, code: int) -> str:
    assert result.code == code, (result.code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("luoshi: error: ")
    return first


@pytest.fixture
def history(cli, monkeypatch):
    """A ledger with seven events over three tasks, an hour apart, in Chinese and English."""
    steps = [
        ("assign", "写年终总结", "--owner", "张三", "--due", "下周五", "--tag", "材料",
         "--helper", "李四", "--project", "年终"),
        ("assign", "Fix the heating", "--owner", "Maya", "--due", "2026-12-01"),
        ("assign", "整理档案", "--owner", "李四", "--due", "月底"),
        ("--as", "张三", "checkin", "1", "40", "初稿", "--blocker", "缺数据"),
        ("--as", "Maya", "done", "2", "--evidence", "boiler replaced"),
        ("score", "2", "5", "--note", "fast"),
        ("reassign", "3", "--owner", "王五", "--reason", "李四出差"),
    ]
    for hour, args in enumerate(steps):
        monkeypatch.setenv("LUOSHI_NOW", f"2026-11-23T{9 + hour:02d}:30:00+08:00")
        ok(cli(*args))
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T17:30:00+08:00")


def tamper(path, *statements: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(path)
    for trigger in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    from luoshi.store.schema import SQLITE_TRIGGERS

    for trigger in SQLITE_TRIGGERS:  # a careful forger puts them back: only the data differs
        conn.execute(trigger)
    conn.commit()
    conn.close()


def events_in(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


# -- verify ----------------------------------------------------------------------------------
def test_verify_passes_on_a_good_ledger_and_records_an_anchor(cli, history, ledger_path, isolated):
    result = ok(cli("verify"))
    assert result.stdout.startswith("ledger intact: 7 events, head #7 ")
    out = ok(cli("verify", "--json")).json
    assert out["intact"] is True and out["events"] == 7 and out["head"]["seq"] == 7
    assert out["anchors_checked"] == 1 and out["anchor_recorded"] is True
    anchors = [json.loads(line) for line in (isolated / "anchors.jsonl").read_text().splitlines()]
    assert [a["by"] for a in anchors] == ["verify", "verify"]
    assert anchors[0]["ledger"] == out["ledger_id"] and anchors[0]["seq"] == 7
    assert anchors[0]["where"] == str(ledger_path.resolve())
    assert anchors[0]["hash"] == out["head"]["hash"]
    assert anchors[1]["prev"] == hashlib.sha256(
        (isolated / "anchors.jsonl").read_bytes().splitlines()[0]).hexdigest()  # a chained file


def test_the_first_verify_says_there_is_no_outside_anchor_yet(cli, history):
    first = ok(cli("verify"))
    assert "no outside anchor of this ledger yet" in first.stderr
    assert "no outside anchor" not in ok(cli("verify")).stderr


def test_anchors_follow_the_ledger_when_it_is_moved(cli, history, ledger_path, tmp_path):
    ok(cli("verify"))
    moved = tmp_path / "elsewhere" / "moved.db"
    moved.parent.mkdir()
    ledger_path.rename(moved)
    assert ok(cli("--db", moved, "verify", "--json")).json["anchors_checked"] == 1


def test_a_forged_anchor_line_breaks_the_anchors_files_own_chain(cli, history, isolated):
    ok(cli("verify"))
    path = isolated / "anchors.jsonl"
    line = json.loads(path.read_text().splitlines()[0])
    with open(path, "a", encoding="utf-8") as fh:  # appended by hand, prev not the last line's
        fh.write(json.dumps(line | {"by": "restore", "at": "later"}) + "\n")
    result = cli("verify")
    assert result.code == 1 and "was edited" in result.stderr


def test_the_head_kept_elsewhere_catches_a_rewrite_the_local_anchors_lost(cli, history, ledger_path, tmp_path):
    kept = tmp_path / "usb" / "head.jsonl"
    kept.parent.mkdir()
    out = ok(cli("verify", "--anchor-to", kept))
    assert kept.exists() and "intact" in out.stdout
    printed = ok(cli("verify", "--anchor-to", "-")).stdout
    assert json.loads(printed)["seq"] == 7
    tamper(ledger_path, "DELETE FROM events WHERE seq = 7", "DELETE FROM tasks WHERE id = 99")
    (ledger_path.parent / "anchors.jsonl").unlink(missing_ok=True)  # the local anchors are gone
    from luoshi.config import config_path  # noqa: F401  (the default anchors file sits beside it)

    result = cli("verify", "--anchor", kept)
    assert result.code == 1 and "cut off" in result.stderr


TAMPERINGS = {
    "an edited payload": (["UPDATE events SET payload = replace(payload, '40', '90') WHERE seq = 4"],
                          "event 4: hash does not match its content"),
    "a deleted middle event": (["DELETE FROM events WHERE seq = 3"], "event 3: missing"),
    "two events' times swapped": (
        ["UPDATE events SET at = CASE seq WHEN 2 THEN (SELECT at FROM events WHERE seq = 5) "
         "ELSE (SELECT at FROM events WHERE seq = 2) END WHERE seq IN (2, 5)"],
        "event 2: hash does not match its content"),
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_verify_names_the_first_bad_event_of_a_tampered_ledger(cli, history, ledger_path, name):
    statements, message = TAMPERINGS[name]
    tamper(ledger_path, *statements)
    line = one_line_error(cli("verify"), 1)
    assert message in line
    assert "restore" in cli("verify").stderr  # the hint says what to do


def test_verify_catches_a_forged_last_event_with_a_self_consistent_wrong_hash(cli, history,
                                                                             ledger_path):
    conn = sqlite3.connect(ledger_path)
    last = conn.execute("SELECT hash FROM events WHERE seq = 7").fetchone()[0]
    conn.close()
    tamper(ledger_path, "INSERT INTO events VALUES (8, 1, 'checked_in', '2026-11-23T02:00:00Z', "
           "'张三', '{\"blocker\":null,\"note\":null,\"progress\":100}', NULL, ?, ?)",
           params=(last, hashlib.sha256(last.encode()).hexdigest()))
    assert "event 8: hash does not match its content" in one_line_error(cli("verify"), 1)


def test_a_deleted_last_event_is_caught_only_through_an_anchor(cli, history, ledger_path,
                                                              tmp_path):
    anchors = tmp_path / "kept-elsewhere.jsonl"
    ok(cli("verify", "--anchor", anchors))
    ok(cli("--as", "张三", "checkin", "1", "50"))  # event 8 changes only task 1
    ok(cli("verify", "--anchor", anchors))
    tamper(ledger_path, "DELETE FROM events WHERE seq = 8")
    with SqliteLedger(ledger_path) as ledger, ledger.writing():  # and make the tasks agree
        for state in replay(ledger.events()).values():
            ledger.save_task(state)
    ok(cli("verify", "--anchor", tmp_path / "no-anchors-here.jsonl"))  # the chain is whole
    line = one_line_error(cli("verify", "--anchor", anchors), 1)
    assert "event 8: missing" in line and "tail was cut off" in line


def test_verify_json_reports_the_problem_and_still_exits_1(cli, history, ledger_path):
    tamper(ledger_path, "UPDATE events SET actor = '李四' WHERE seq = 5")
    result = cli("verify", "--json")
    assert result.code == 1
    out = result.json
    assert out["intact"] is False and out["bad_event"] == 5 and out["events"] == 4
    assert out["problem"] == "event 5: hash does not match its content"
    assert out["anchor_recorded"] is False


def test_verify_without_a_ledger_is_refused(cli, ledger_path):
    one_line_error(cli("verify"), 1)
    assert not ledger_path.exists()


# -- backup ----------------------------------------------------------------------------------
def test_backup_writes_a_copy_that_verifies_and_anchors_it(cli, history, tmp_path, isolated):
    target = tmp_path / "copies" / "ledger-backup.db"
    target.parent.mkdir()
    out = ok(cli("backup", target, "--json")).json
    assert out["events"] == 7 and out["file"] == str(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["ledger-backup.db"]
    last = json.loads((isolated / "anchors.jsonl").read_text().splitlines()[-1])
    assert last["by"] == "backup" and last["seq"] == 7 and last["file"] == str(target)
    assert ok(cli("--db", target, "verify", "--json")).json["head"] == out["head"]


def test_backup_to_a_folder_is_refused(cli, history, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    one_line_error(cli("backup", folder), 2)
    assert list(folder.iterdir()) == []


def test_backup_onto_the_ledger_itself_is_refused(cli, history, ledger_path):
    before = file_bytes(ledger_path)
    one_line_error(cli("backup", ledger_path), 2)
    assert file_bytes(ledger_path) == before


def test_backup_of_a_tampered_ledger_is_refused_and_writes_nothing(cli, history, ledger_path,
                                                                  tmp_path):
    tamper(ledger_path, "UPDATE events SET payload = replace(payload, '40', '90') WHERE seq = 4")
    line = one_line_error(cli("backup", tmp_path / "b.db"), 1)
    assert "event 4" in line and "no backup was written" in line
    assert not (tmp_path / "b.db").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


WRITER = """
import sys, uuid
from datetime import datetime, timedelta, timezone
from luoshi.services.context import Context
from luoshi.services.steps import checkin
now = datetime(2026, 11, 23, 9, 30, tzinfo=timezone(timedelta(hours=8)))
n = 0
while True:
    checkin(Context(db=sys.argv[1], actor="张三", now=now, key=uuid.uuid4().hex), 1, n % 99 + 1)
    n += 1
    print(n, flush=True)
"""


def test_a_backup_taken_while_another_process_writes_verifies(cli, ledger_path, tmp_path):
    ok(cli("assign", "写材料", "--owner", "张三", "--due", "下周五"))
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(ledger_path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == b"1", writer.stderr.read1()
        copies = []
        for i in range(3):
            copies.append(tmp_path / f"copy{i}.db")
            ok(cli("backup", copies[-1]))
            writer.stdout.readline()  # the writer keeps going between the copies
    finally:
        writer.kill()
        writer.wait()
    for copy in copies:
        ok(cli("--db", copy, "verify", "--anchor", tmp_path / "copies.jsonl"))
    assert events_in(copies[-1]) > events_in(copies[0]) >= 2
    ok(cli("verify"))


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_a_backup_that_runs_out_of_room_leaves_the_old_file_and_no_partial_one(cli, history,
                                                                              tmp_path):
    target = tmp_path / "out" / "b.db"
    target.parent.mkdir()
    target.write_bytes(b"yesterday's backup")
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-m", "luoshi", "backup", str(target)], env=env,
                          capture_output=True, timeout=60, preexec_fn=_limit_file_size)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.decode().splitlines()
    assert lines[0].startswith("luoshi: error: ") and "no backup was written" in lines[0]
    assert b"Traceback" not in proc.stderr
    assert [p.name for p in target.parent.iterdir()] == ["b.db"]
    assert target.read_bytes() == b"yesterday's backup"


# -- restore ---------------------------------------------------------------------------------
def test_restore_puts_a_backup_back_and_verify_accepts_the_rollback(cli, history, tmp_path):
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    before = ok(cli("list", "--status", "all", "--json")).json
    ok(cli("--as", "张三", "checkin", "1", "90"))
    ok(cli("verify"))  # anchors event 8, which the restore rolls back
    result = ok(cli("restore", backup))
    assert "restored 7 events" in result.stdout and "rolled back" in result.stdout
    assert ok(cli("list", "--status", "all", "--json")).json == before
    assert ok(cli("verify", "--json")).json["events"] == 7
    ok(cli("--as", "张三", "checkin", "1", "60"))  # the restored ledger takes new events
    assert ok(cli("verify", "--json")).json["events"] == 8


def test_restore_into_a_place_with_no_ledger_yet(cli, history, tmp_path):
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    fresh = tmp_path / "new" / "place" / "ledger.db"
    out = ok(cli("--db", fresh, "restore", backup, "--json")).json
    assert out["events"] == 7 and out["previous_head"] is None
    ok(cli("--db", fresh, "verify"))


def _corrupt(path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xa5" * 8192
    path.write_bytes(bytes(data))


def _foreign_sqlite(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def _newer_schema(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _tampered(path) -> None:
    tamper(path, "UPDATE events SET actor = 'x' WHERE seq = 2")


BAD_BACKUPS = {
    "corrupt": (_corrupt, None),
    "a text file": (lambda p: p.write_text("not a ledger\n"), "not a luoshi backup"),
    "a foreign SQLite database": (lambda p: (p.unlink(), _foreign_sqlite(p)), "not a luoshi ledger"),
    "from a newer luoshi": (_newer_schema, "newer luoshi"),
    "tampered": (_tampered, "event 2: hash does not match"),
}


@pytest.mark.parametrize("name", BAD_BACKUPS)
def test_restore_refuses_a_bad_backup_and_leaves_the_ledger_unchanged(cli, history, tmp_path,
                                                                      ledger_path, name):
    spoil, message = BAD_BACKUPS[name]
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    spoil(backup)
    ok(cli("--as", "张三", "checkin", "1", "70"))
    before = file_bytes(ledger_path)
    line = one_line_error(cli("restore", backup), 1)
    assert "the ledger was not changed" in line
    if message:
        assert message in line
    assert file_bytes(ledger_path) == before
    assert ok(cli("verify", "--json")).json["events"] == 8
    assert not [p for p in ledger_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_restore_will_not_overwrite_a_file_that_is_not_a_ledger(cli, history, tmp_path):
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    one_line_error(cli("--db", notes, "restore", backup), 1)
    assert notes.read_text() == "my notes\n"


def test_restore_is_refused_while_another_connection_has_the_ledger_open(cli, history, tmp_path,
                                                                         ledger_path):
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    ok(cli("--as", "张三", "checkin", "1", "70"))
    reader = sqlite3.connect(ledger_path)
    try:
        assert reader.execute("SELECT count(*) FROM events").fetchone()[0] == 8
        assert "in use" in one_line_error(cli("restore", backup), 1)
    finally:
        reader.close()
    assert ok(cli("verify", "--json")).json["events"] == 8


def test_restore_of_a_missing_file_is_bad_input(cli, history, tmp_path):
    one_line_error(cli("restore", tmp_path / "nope.db"), 2)


# -- export / import -------------------------------------------------------------------------
def test_export_writes_every_event_as_compact_utf8_json_lines_in_order(cli, history):
    lines = ok(cli("export")).stdout.splitlines()
    assert len(lines) == 7
    first = json.loads(lines[0])
    assert list(first) == EXPORT_KEYS and first["seq"] == 1 and first["kind"] == "assigned"
    assert first["payload"]["title"] == "写年终总结" and "写年终总结" in lines[0]
    assert lines[0].startswith('{"seq":1,"task":1,"kind":"assigned","at":"2026-11-23T01:30:00Z"')
    assert [json.loads(line)["seq"] for line in lines] == list(range(1, 8))
    assert all(json.loads(b)["prev_hash"] == json.loads(a)["hash"] for a, b in zip(lines, lines[1:]))


def test_export_round_trips_byte_for_byte_through_import(cli, history, tmp_path):
    first = tmp_path / "first.jsonl"
    out = ok(cli("export", "--output", first, "--json")).json
    assert out["events"] == 7
    fresh = tmp_path / "fresh.db"
    imported = ok(cli("--db", fresh, "import", first, "--json")).json
    assert (imported["events"], imported["tasks"]) == (7, 3)
    second = tmp_path / "second.jsonl"
    ok(cli("--db", fresh, "export", "--output", second))
    assert second.read_bytes() == first.read_bytes()
    assert ok(cli("--db", fresh, "export")).stdout.encode() == first.read_bytes()
    ok(cli("--db", fresh, "verify"))
    assert (ok(cli("--db", fresh, "list", "--status", "all", "--json")).json
            == ok(cli("list", "--status", "all", "--json")).json)


def test_export_to_a_folder_is_refused(cli, history, tmp_path):
    one_line_error(cli("export", "--output", tmp_path), 2)


def test_import_into_a_ledger_that_holds_events_is_refused(cli, history, tmp_path, ledger_path):
    export = tmp_path / "e.jsonl"
    ok(cli("export", "--output", export))
    before = file_bytes(ledger_path)
    line = one_line_error(cli("import", export), 1)
    assert "empty ledger" in line
    assert file_bytes(ledger_path) == before


def _lines(cli) -> list[dict]:
    return [json.loads(line) for line in ok(cli("export")).stdout.splitlines()]


def _rehash(events: list[dict], start: int) -> list[dict]:
    """Re-chain events[start:] so only the change itself is wrong, not its hash."""
    for i in range(start, len(events)):
        e = events[i]
        e["prev_hash"] = events[i - 1]["hash"] if i else "0" * 64
        e["hash"] = event_hash(e["prev_hash"], e["seq"], e["task"], e["kind"], e["at"],
                               e["actor"], canonical_payload(e["payload"]))
    return events


def _write(path, events: list[dict], raw: dict[int, str] | None = None) -> None:
    text = [json.dumps(e, ensure_ascii=False) for e in events]
    for number, line in (raw or {}).items():
        text[number - 1] = line
    path.write_text("\n".join(text) + "\n", encoding="utf-8")


def _bad_kind(events):
    events[6]["kind"] = "teleported"
    return _rehash(events, 6)


def _bad_payload(events):
    events[3]["payload"]["progress"] = "40"
    return _rehash(events, 3)


def _bad_hash(events):
    events[4]["payload"]["evidence"] = "nothing"
    return events


def _gap(events):
    del events[1]
    return events


BAD_IMPORTS = {
    "a malformed line": (lambda e: e, {3: '{"seq": 3, "task": '}, "line 3: not valid JSON"),
    "an unknown event kind": (_bad_kind, None, "line 7: event 7: unknown event kind 'teleported'"),
    "a payload that fails its model": (_bad_payload, None,
                                       "line 4: event 4: payload does not fit a 'checked_in' event"),
    "a hash that does not match": (_bad_hash, None, "line 5: event 5: hash does not match"),
    "a broken chain": (_gap, None, "line 2: event 2: missing"),
    "a missing key": (lambda e: e, {2: '{"seq": 2}'}, "line 2: missing key 'task'"),
}


@pytest.mark.parametrize("name", BAD_IMPORTS)
def test_import_refuses_a_bad_line_by_number_and_writes_nothing(cli, history, tmp_path, name):
    change, raw, message = BAD_IMPORTS[name]
    path = tmp_path / "e.jsonl"
    _write(path, change(_lines(cli)), raw)
    fresh = tmp_path / "fresh.db"
    line = one_line_error(cli("--db", fresh, "import", path), 2)
    assert message in line
    assert not fresh.exists()


def test_import_of_a_file_that_is_not_utf8_names_the_line(cli, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"\n\xff\xfe\n")
    assert "line 2: not valid UTF-8" in one_line_error(cli("import", path), 2)


def test_import_of_an_unknown_format_is_bad_input(cli, tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text("")
    one_line_error(cli("import", path, "--format", "csv"), 2)


def test_restore_refuses_a_crafted_ledger_whose_schema_is_not_luoshis(cli, history, tmp_path, ledger_path):
    backup = tmp_path / "b.db"
    ok(cli("backup", backup))
    conn = sqlite3.connect(backup)
    conn.execute("DROP TRIGGER events_append_only_delete")
    conn.execute("CREATE TRIGGER keep_quiet AFTER INSERT ON events BEGIN "
                 "UPDATE tasks SET progress = 100; END")
    conn.commit()
    conn.close()
    before = file_bytes(ledger_path)
    result = cli("restore", backup)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert "events_append_only_delete" in result.stderr and "keep_quiet" in result.stderr
    assert file_bytes(ledger_path) == before
