"""A full disk: a clear one-line refusal, nothing lost, a sound file, and writes resume.

Two ways to run out of room. In-process, `PRAGMA max_page_count` caps one connection's
database at its current size (SQLite then answers SQLITE_FULL exactly as on a full disk).
With real processes, the ledger (or a backup) lives on a small tmpfs that is filled to the
last byte; that needs `mount`, so those tests are skipped, saying why, where mounting is not
permitted.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import NOW, run_process
from luoshi.domain.events import CheckedIn
from luoshi.domain.task import replay
from luoshi.errors import Refused
from luoshi.services.context import Context
from luoshi.services.ledger import record
from luoshi.store.sqlite import SqliteLedger

TMPFS_SIZE = "1m"


def integrity(path: Path) -> list:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def stored_keys(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [k for (k,) in conn.execute("SELECT key FROM events ORDER BY seq")]


def state_equals_replay(path: Path) -> bool:
    with SqliteLedger(path, create=False) as ledger:
        return replay(ledger.events()) == {t.id: t for t in ledger.tasks(statuses=None)}


def fill(folder: Path, leave: int = 0) -> Path:
    """A file that takes every free byte of `folder`'s file system but `leave`."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while out.write(b"\0" * chunk):
                    pass
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def one_line_refusal(done: subprocess.CompletedProcess) -> str:
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("luoshi: error: ") and "full" in lines[0], err
    assert len(lines) <= 2 and done.stdout == b""
    return lines[0]


# -- in-process: max_page_count ------------------------------------------------------------
def test_a_write_refused_for_want_of_pages_loses_nothing_and_writes_resume(cli, ledger_path):
    assert cli("assign", "写材料", "--owner", "王主任", "--due", "2026-12-31").code == 0
    now = datetime.fromisoformat(NOW)
    recorded: list[str] = []
    refusal = None
    for n in range(2000):  # a bound: the cap is reached after a few dozen
        ctx = Context(db=str(ledger_path), actor="王主任", now=now, key=f"page-{n}")
        with SqliteLedger(ledger_path) as ledger:
            pages = ledger.conn.execute("PRAGMA page_count").fetchone()[0]
            ledger.conn.execute(f"PRAGMA max_page_count = {pages}")  # this connection only
            try:
                with ledger.writing():
                    state = ledger.task(1)
                    record(ledger, ctx, 1, state, CheckedIn(progress=n % 99 + 1, note="长" * 500))
            except Refused as exc:
                refusal = exc
                break
        recorded.append(ctx.key)
    assert refusal is not None, "the page cap was never reached"
    print(f"\nmax_page_count: {len(recorded)} writes, then: {refusal.message}")
    assert refusal.exit_code == 1
    assert "full" in refusal.message and "nothing was recorded" in refusal.message
    assert "\n" not in refusal.message and refusal.hint

    assert integrity(ledger_path) == [("ok",)]
    assert stored_keys(ledger_path)[1:] == recorded  # every write that returned, no other
    assert state_equals_replay(ledger_path)

    # room again (a connection without the cap): the same key now goes in, once
    ctx = Context(db=str(ledger_path), actor="王主任", now=now, key=f"page-{len(recorded)}")
    with SqliteLedger(ledger_path) as ledger, ledger.writing():
        record(ledger, ctx, 1, ledger.task(1), CheckedIn(progress=50))
    assert stored_keys(ledger_path)[1:] == recorded + [ctx.key]
    assert cli("verify").code == 0


# -- real processes on a small tmpfs --------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs mounted for this test (root only); skipped, saying why, elsewhere."""
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount/umount command here, so no small file system to fill")
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root (not running as root)")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs",
                              str(folder)], capture_output=True)
    if mounted.returncode != 0:
        reason = mounted.stderr.decode("utf-8", "replace").strip()
        pytest.skip(f"mounting a tmpfs is not permitted here: {reason}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.slow
def test_a_full_disk_refuses_a_checkin_in_one_line_and_the_ledger_carries_on(small_disk):
    db = small_disk / "ledger.db"
    env = {"LUOSHI_DB": str(db), "LUOSHI_USER": "张三"}
    made = run_process("assign", "写材料", "--due", "2026-12-31", "--json", env=env)
    assert made.returncode == 0, made.stderr
    acked: list[str] = []

    def checkin(key: str) -> subprocess.CompletedProcess:
        done = run_process("--key", key, "checkin", "1", str(len(acked) % 99 + 1), "长" * 2000,
                           "--json", env=env)
        if done.returncode == 0:
            body = json.loads(done.stdout)
            if not body["replayed"]:
                acked.append(key)
        return done

    for n in range(3):
        assert checkin(f"room-{n}").returncode == 0

    # not a byte left: refused before anything is written (no room for SQLite's -shm file)
    filler = fill(small_disk)
    for n in range(2):
        message = one_line_refusal(checkin(f"none-{n}"))
    assert str(db) in message and "nothing was recorded" in message

    # a little room: writes go in until the file cannot grow, then the same refusal
    filler.unlink()
    filler = fill(small_disk, leave=256 * 1024)
    refused = None
    for n in range(300):
        done = checkin(f"little-{n}")
        if done.returncode != 0:
            refused = (f"little-{n}", done)
            break
    assert refused is not None, "256 KiB never filled up"
    message = one_line_refusal(refused[1])
    print(f"\nfull tmpfs: {len(acked) - 3} check-ins fitted in 256 KiB, then: {message}")
    assert len(acked) > 3, "the little room took no write at all"
    assert stored_keys(db)[1:] == acked  # every acknowledged write, and nothing refused

    # room again: the refused command, retried, goes in once and only once
    filler.unlink()
    assert checkin(refused[0]).returncode == 0
    assert checkin(refused[0]).returncode == 0
    assert acked[-1] == refused[0] and acked.count(refused[0]) == 1
    assert stored_keys(db)[1:] == acked
    assert integrity(db) == [("ok",)]
    assert state_equals_replay(db)
    verified = run_process("verify", "--json", env=env)
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["intact"] is True


@pytest.mark.slow
def test_a_backup_onto_a_full_disk_leaves_no_file_behind(cli, small_disk):
    for n in range(30):
        made = cli("assign", f"任务 {n} " + "长" * 400, "--owner", "张三", "--due", "2026-12-31")
        assert made.code == 0, made.stderr
    target = small_disk / "backup.db"
    fill(small_disk, leave=16 * 1024)  # far less than the ledger needs

    done = run_process("backup", str(target))
    message = one_line_refusal(done)
    assert "no backup was written" in message
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no partial, no temp

    (small_disk / "filler").unlink()
    again = run_process("backup", str(target), "--json")
    assert again.returncode == 0, again.stderr
    assert integrity(target) == [("ok",)]
