"""Integrity checks on real ledger files tampered with behind luoshi's back.

Each test builds a small ledger through the services, then edits the file with plain
sqlite3 after dropping the append-only triggers — what someone with the file and a SQLite
shell could do — and checks that the first bad event (or task) is the one named.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.hashing import canonical_payload, event_hash
from luoshi.domain.task import replay
from luoshi.domain.verify import Anchor, stored_hash
from luoshi.services import assign, steps
from luoshi.services.context import Context
from luoshi.services.integrity import inspect
from luoshi.store.anchors import append_anchor, read_anchors
from luoshi.store.sqlite import SqliteLedger

START = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
TRIGGERS = ("events_append_only_update", "events_append_only_delete", "events_contiguous")


def _ctx(path, actor: str, step: int) -> Context:
    return Context(db=str(path), actor=actor, now=START + timedelta(hours=step),
                   key=uuid.uuid4().hex)


@pytest.fixture
def ledger_file(tmp_path):
    """Seven events: three tasks assigned, then check-ins and a reminder."""
    path = tmp_path / "l.db"
    for i in range(3):
        assign.assign_one(_ctx(path, "王主任", i), title=f"任务{i + 1}", due="下周五",
                          owner="张三")
    steps.checkin(_ctx(path, "张三", 3), 1, 30, "开始")
    steps.checkin(_ctx(path, "张三", 4), 2, 60, "过半")
    steps.remind(_ctx(path, "王主任", 5), 3, "请反馈")
    steps.checkin(_ctx(path, "张三", 6), 1, 80, "快好了")
    return path


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


def check(path, anchors=()):
    with SqliteLedger(path) as ledger:
        return inspect(ledger, list(anchors))


def head(path) -> tuple[int, str]:
    with SqliteLedger(path) as ledger:
        return ledger.head()


def test_an_untouched_ledger_checks_out_up_to_its_head(ledger_file):
    outcome = check(ledger_file)
    assert outcome.problem is None
    assert (outcome.events, outcome.head_hash) == head(ledger_file) == (7, head(ledger_file)[1])


@given(prev=st.text(min_size=1), seq=st.integers(1, 2**40), task=st.integers(1, 2**31),
       kind=st.text(), at=st.text(), actor=st.text(),
       payload=st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.none())))
def test_the_verify_hash_is_byte_for_byte_the_hashing_modules_hash(prev, seq, task, kind, at,
                                                                    actor, payload):
    text = canonical_payload(payload)
    row = (seq, task, kind, at, actor, text, None, prev, "")
    assert stored_hash(row) == event_hash(prev, seq, task, kind, at, actor, text)


def test_an_edited_payload_is_named_by_its_event(ledger_file):
    tamper(ledger_file, "UPDATE events SET payload = replace(payload, '60', '90') WHERE seq = 5")
    problem = check(ledger_file).problem
    assert (problem.seq, problem.message) == (5, "event 5: hash does not match its content")


def test_a_deleted_middle_event_is_named_as_missing(ledger_file):
    tamper(ledger_file, "DELETE FROM events WHERE seq = 4")
    problem = check(ledger_file).problem
    assert problem.seq == 4 and problem.message.startswith("event 4: missing")


def test_swapped_times_are_caught_at_the_first_of_the_two_events(ledger_file):
    tamper(ledger_file,
           "UPDATE events SET at = CASE seq WHEN 2 THEN (SELECT at FROM events WHERE seq = 6) "
           "ELSE (SELECT at FROM events WHERE seq = 2) END WHERE seq IN (2, 6)")
    problem = check(ledger_file).problem
    assert problem.seq == 2 and "hash does not match" in problem.message


def test_a_forged_last_event_with_a_self_consistent_wrong_hash_is_caught(ledger_file):
    seq, last = head(ledger_file)
    forged = hashlib.sha256(b"forged").hexdigest()
    tamper(ledger_file, "INSERT INTO events (seq, task_id, kind, at, actor, payload, key, "
           "prev_hash, hash) VALUES (?, 1, 'checked_in', '2026-11-23T09:00:00Z', '张三', "
           "'{\"blocker\":null,\"note\":null,\"progress\":100}', NULL, ?, ?)",
           params=(seq + 1, last, forged))
    problem = check(ledger_file).problem
    assert (problem.seq, problem.message) == (8, "event 8: hash does not match its content")


def test_a_forged_event_with_a_correct_hash_is_caught_by_the_replay(ledger_file):
    seq, last = head(ledger_file)
    payload = '{"blocker":null,"note":null,"progress":100}'
    at = "2026-11-23T09:00:00Z"
    digest = event_hash(last, seq + 1, 1, "checked_in", at, "张三", payload)
    tamper(ledger_file, "INSERT INTO events VALUES (?, 1, 'checked_in', ?, '张三', ?, NULL, ?, ?)",
           params=(seq + 1, at, payload, last, digest))
    problem = check(ledger_file).problem
    assert problem.task == 1 and "tasks table does not match a replay" in problem.message
    assert "status: stored 'open', replayed 'done'" in problem.message


def test_a_cleanly_cut_tail_passes_the_chain_and_is_caught_only_by_an_anchor(ledger_file):
    seq, last = head(ledger_file)
    tamper(ledger_file, f"DELETE FROM events WHERE seq = {seq}")
    with SqliteLedger(ledger_file) as ledger, ledger.writing():  # make the tasks agree again
        for state in replay(ledger.events()).values():
            ledger.save_task(state)
    assert check(ledger_file).problem is None  # the chain alone cannot tell
    problem = check(ledger_file, [Anchor(seq=seq, hash=last, at="earlier", by="verify")]).problem
    assert problem.seq == seq and "tail was cut off" in problem.message


def test_a_rewritten_history_differs_from_its_anchor(ledger_file):
    problem = check(ledger_file, [Anchor(seq=3, hash="0" * 63 + "1", by="backup")]).problem
    assert problem.seq == 3 and "differs from the anchor recorded" in problem.message


def test_an_edited_task_row_is_caught_by_the_replay(ledger_file):
    tamper(ledger_file, "UPDATE tasks SET progress = 100 WHERE id = 2")
    problem = check(ledger_file).problem
    assert problem.task == 2 and "progress: stored 100, replayed 60" in problem.message


def test_a_missing_task_row_is_named(ledger_file):
    tamper(ledger_file, "DELETE FROM tasks WHERE id = 3")
    problem = check(ledger_file).problem
    assert problem.task == 3 and "no row in the tasks table" in problem.message


def test_the_earliest_bad_event_wins_over_later_ones_and_over_the_tasks_table(ledger_file):
    tamper(ledger_file, "DELETE FROM events WHERE seq = 6",
           "UPDATE events SET actor = '李四' WHERE seq = 3",
           "UPDATE tasks SET title = 'x' WHERE id = 1")
    assert check(ledger_file).problem.seq == 3


def test_a_damaged_file_is_reported_not_raised(ledger_file):
    data = bytearray(ledger_file.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    ledger_file.write_bytes(bytes(data))
    with SqliteLedger.reader(ledger_file) as ledger:
        problem = inspect(ledger).problem
    assert problem is not None and "damaged" in problem.message


def test_anchors_are_read_by_ledger_id_and_skip_a_torn_last_line(tmp_path):
    path = tmp_path / "anchors.jsonl"
    append_anchor(path, {"ledger": "id-a", "seq": 9, "hash": "h9", "at": "t1", "by": "verify"})
    append_anchor(path, {"ledger": "id-b", "seq": 4, "hash": "h4", "at": "t1", "by": "verify"})
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{not json')  # a write cut short by a crash
    found = read_anchors(path, "id-a")
    assert (found.anchors, found.unreadable, found.broken) == ([Anchor(9, "h9", "t1", "verify")], 1, None)
    assert read_anchors(tmp_path / "none.jsonl", "id-a").anchors == []
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_anchors_that_contradict_each_other_are_a_problem(tmp_path):
    path = tmp_path / "anchors.jsonl"
    append_anchor(path, {"ledger": "id-a", "seq": 5, "hash": "h5", "at": "t1", "by": "verify"})
    append_anchor(path, {"ledger": "id-a", "seq": 5, "hash": "other", "at": "t2", "by": "verify"})
    assert "contradict" in read_anchors(path, "id-a").broken
