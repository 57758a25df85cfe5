"""Durability under real OS processes: many writers at once, and writers killed mid-write.

The writers are separate Python processes (tests/store/durability_worker.py) that append
check-ins through luoshi's own service code, one service call per check-in, exactly as the
CLI does after parsing. The checks afterwards read the SQLite file directly: the hash chain,
the sequence, SQLite's own integrity check, and the current-state table against a replay
of the events.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import NOW, SRC, run_process
from luoshi.domain.hashing import GENESIS, event_hash
from luoshi.domain.task import replay
from luoshi.services.context import Context
from luoshi.services.steps import checkin
from luoshi.store.sqlite import SqliteLedger

WORKER = Path(__file__).with_name("durability_worker.py")
WRITERS = 8
CHECKINS_EACH = 200
KILLS_IN_WRITES = 50  # kills that must land inside a check-in call (begun, not answered)
MAX_KILL_ROUNDS = 120  # a bound on the loop, should most kills land between calls


# -- helpers ------------------------------------------------------------------------------
def worker_env() -> dict:
    return dict(os.environ) | {"PYTHONPATH": str(SRC), "PYTHONUNBUFFERED": "1"}


def start_worker(*args: str, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], env=worker_env(), stdin=stdin,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
    )


def reap(procs: list[subprocess.Popen]) -> None:
    """Kill (by pid, only our own children) whatever still runs, and wait for all of them."""
    for p in procs:
        if p.poll() is None:
            p.kill()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck child is a failure
            pass
        for stream in (p.stdin, p.stdout, p.stderr):
            if stream is not None:
                stream.close()


def assign_tasks(cli, owners: list[str]) -> None:
    for number, owner in enumerate(owners, start=1):
        r = cli("assign", f"并发任务 {owner}", "--owner", owner, "--due", "2026-12-31", "--json")
        assert r.code == 0, r.stderr
        assert r.json["id"] == number


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def event_count(path: Path) -> int:
    with closing(connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]


def assert_ledger_sound(path: Path) -> list[tuple]:
    """Integrity check, gap-free sequence, a chain that recomputes, state == replay.

    Returns the events as (seq, task_id, kind, key) rows.
    """
    conn = connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute(
            "SELECT seq, task_id, kind, at, actor, payload, key, prev_hash, hash "
            "FROM events ORDER BY seq"
        ).fetchall()
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1)), "seq has gaps"
        prev = GENESIS
        for seq, task_id, kind, at, actor, payload, _key, prev_hash, digest in rows:
            assert prev_hash == prev, f"event {seq} does not link to event {seq - 1}"
            assert event_hash(prev, seq, task_id, kind, at, actor, payload) == digest, (
                f"event {seq}'s hash does not recompute"
            )
            prev = digest
        last = dict(conn.execute("SELECT task_id, max(seq) FROM events GROUP BY task_id"))
        stored = dict(conn.execute("SELECT id, last_seq FROM tasks"))
        assert stored == last
    finally:
        conn.close()
    with SqliteLedger(path, create=False) as ledger:
        rebuilt = replay(ledger.events())
        current = {t.id: t for t in ledger.tasks(statuses=None)}
    assert rebuilt == current
    return [(r[0], r[1], r[2], r[6]) for r in rows]


def read_line(p: subprocess.Popen, timeout: float) -> bytes:
    """One line of an unbuffered pipe, or b"" if none came within `timeout`."""
    ready, _, _ = select.select([p.stdout], [], [], timeout)
    return p.stdout.readline() if ready else b""


# -- many writers at once ----------------------------------------------------------------
@pytest.mark.slow
def test_eight_processes_checking_in_at_once_lose_nothing_and_keep_the_chain(cli, ledger_path):
    owners = [f"W{i}" for i in range(WRITERS)]
    assign_tasks(cli, owners)

    procs: list[subprocess.Popen] = []
    try:
        for i, owner in enumerate(owners):
            procs.append(start_worker("burst", str(ledger_path), owner, str(i + 1),
                                      str(CHECKINS_EACH), f"burst-{owner}",
                                      stdin=subprocess.PIPE))
        for p in procs:  # the starting gun: all of them are up, now all of them write
            p.stdin.write(b"go\n")
            p.stdin.flush()
        reports = []
        for p in procs:
            out, err = p.communicate(timeout=240)
            assert p.returncode == 0, err.decode("utf-8", "replace")
            reports.append(json.loads(out.decode("utf-8").strip().splitlines()[-1]))
    finally:
        reap(procs)

    for owner, report in zip(owners, reports):
        assert report == {"ok": CHECKINS_EACH, "errors": []}, owner

    events = assert_ledger_sound(ledger_path)
    assert len(events) == WRITERS + WRITERS * CHECKINS_EACH
    # they really wrote at the same time: the tasks' check-ins interleave in the sequence
    switches = sum(a[1] != b[1] for a, b in zip(events[WRITERS:], events[WRITERS + 1:]))
    assert switches > WRITERS
    for task_id, owner in enumerate(owners, start=1):
        mine = [e for e in events if e[1] == task_id]
        assert [e[2] for e in mine] == ["assigned"] + ["checked_in"] * CHECKINS_EACH
        assert sorted(e[3] for e in mine[1:]) == sorted(
            f"burst-{owner}-{n}" for n in range(CHECKINS_EACH))
    with SqliteLedger(ledger_path, create=False) as ledger:
        for task in ledger.tasks(statuses=None):
            assert task.status == "open"
            assert task.progress == (CHECKINS_EACH - 1) % 99 + 1  # each writer's last value


# -- writers killed mid-write ------------------------------------------------------------
@pytest.mark.slow
def test_killing_writers_mid_write_never_corrupts_the_ledger_nor_loses_an_acknowledged_event(
    cli, ledger_path
):
    assign_tasks(cli, ["W0"])
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    acked: dict[str, int] = {}  # key → the seq the writer was told, after its commit
    in_flight: list[str] = []  # keys whose call had begun but not returned at the kill
    mid_write: dict[str, int] = {}  # keys killed after their INSERT, before the answer
    rounds_with_writes = 0

    rounds = 0
    while len(in_flight) < KILLS_IN_WRITES and rounds < MAX_KILL_ROUNDS:
        round_, rounds = rounds, rounds + 1
        p = start_worker("stream", str(ledger_path), "W0", "1", f"kill-{round_}")
        try:
            hello = read_line(p, timeout=30)
            assert hello == b"ready\n", (hello, p.stderr.read() if p.poll() is not None else b"")
            # it is writing continuously from now on; let some commits through, then kill
            time.sleep(rng.uniform(0.020, 0.150))
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=30)
            out = p.stdout.read().decode("utf-8")
        finally:
            reap([p])
        assert p.returncode == -signal.SIGKILL, f"seed {seed}, round {round_}"

        # each line is one small flushed write to a pipe, so none is torn
        lines = [line.split() for line in out.splitlines()]
        acks = [words for words in lines if words[0] == "ack"]
        for _, key, seq in acks:
            acked[key] = int(seq)
        rounds_with_writes += bool(acks)
        last = lines[-1] if lines else ["ready"]  # "ready" itself was read above
        if last[0] in ("begin", "inserted"):
            in_flight.append(last[1])
        if last[0] == "inserted":
            mid_write[last[1]] = int(last[2])

    print(f"\nkill -9 loop (seed {seed}): {rounds} kills, {len(in_flight)} inside a call, "
          f"{len(mid_write)} inside the write transaction, {len(acked)} acknowledged writes")
    assert len(in_flight) >= KILLS_IN_WRITES, f"seed {seed}: only {len(in_flight)} kills in a call"
    assert rounds_with_writes >= rounds // 2, f"seed {seed}: the writers hardly wrote"
    assert mid_write, f"seed {seed}: no kill landed inside a write transaction"

    events = assert_ledger_sound(ledger_path)
    stored = {key: seq for seq, _task, _kind, key in events}
    keys = [key for *_, key in events]
    assert len(keys) == len(set(keys))
    missing = [k for k in acked if k not in stored]
    assert not missing, f"seed {seed}: acknowledged but not in the ledger: {missing[:10]}"
    assert {k: stored[k] for k in acked} == acked, f"seed {seed}: an ack named the wrong seq"
    # a transaction cut short is wholly absent; one whose COMMIT finished is wholly there
    for key, seq in mid_write.items():
        assert stored.get(key, seq) == seq, f"seed {seed}: {key} stored under another seq"

    # a retry with an acknowledged key records nothing and answers with the earlier event
    count = len(events)
    now = datetime.fromisoformat(NOW)
    for key in list(acked)[-5:]:
        result = checkin(Context(db=str(ledger_path), actor="W0", now=now, key=key), 1, 42)
        assert result.replayed is True
        assert result.event["seq"] == acked[key]
        assert event_count(ledger_path) == count

    # the real CLI, in its own process, with --key of an already-recorded key
    key = list(acked)[-1]
    done = run_process("--as", "W0", "--key", key, "checkin", "1", "42", "--json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    body = json.loads(done.stdout)
    assert body["replayed"] is True
    assert body["event"]["seq"] == acked[key]
    assert event_count(ledger_path) == count

    # a retry of every call that was killed before it answered records it exactly once
    unrecorded = [key for key in in_flight if key not in stored]
    for key in in_flight:
        retried = checkin(Context(db=str(ledger_path), actor="W0", now=now, key=key), 1, 42)
        assert retried.replayed is (key in stored), f"seed {seed}: {key}"
        again = checkin(Context(db=str(ledger_path), actor="W0", now=now, key=key), 1, 42)
        assert again.replayed is True and again.event["seq"] == retried.event["seq"]
    assert event_count(ledger_path) == count + len(unrecorded)

    # and through the real CLI, the key given as LUOSHI_KEY: recorded once, never twice
    count = event_count(ledger_path)
    for key in in_flight[-2:]:
        retried = run_process("--as", "W0", "checkin", "1", "43", "--json",
                              env={"LUOSHI_KEY": key})
        assert retried.returncode == 0, retried.stderr.decode("utf-8", "replace")
        assert json.loads(retried.stdout)["replayed"] is True
    assert event_count(ledger_path) == count
    assert_ledger_sound(ledger_path)
