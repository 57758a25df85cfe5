"""A ledger file holds against a careless user and an ill-willed one (issue #14): paths that
keep nothing, file modes, and inputs that used to end in a traceback or a hang — each is one
line on stderr, a non-zero exit, and nothing changed."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from luoshi.domain.hashing import GENESIS, canonical_payload, event_hash
from tests.conftest import run_process


def one_line(result, code: int = 2) -> str:
    assert result.code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.startswith("luoshi: ")
    assert result.stderr.count("\n") <= 2
    return result.stderr


@pytest.fixture
def ledger(cli):
    assert cli("assign", "写材料", "--owner", "张三", "--due", "下周五").code == 0


@pytest.mark.parametrize("db", ["sqlite:///", ":memory:", "sqlite:///:memory:"])
def test_a_ledger_that_would_keep_nothing_is_refused(cli, tmp_path, db):
    one_line(cli("--db", db, "assign", "x", "--due", "明天"))
    assert list(tmp_path.iterdir()) == []


def test_a_view_on_a_mistyped_path_creates_nothing(cli, tmp_path):
    result = cli("--db", tmp_path / "typo" / "ledgr.db", "list")
    assert result.code == 0 and "no ledger at" in result.stderr
    assert not (tmp_path / "typo").exists()


def test_a_ledger_under_a_file_is_bad_input(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    one_line(cli("--db", tmp_path / "notes.txt" / "ledger.db", "assign", "x", "--due", "明天"))


def test_files_holding_the_ledger_are_the_owners_alone_and_documents_follow_the_umask(
        cli, ledger, ledger_path, tmp_path):
    old = os.umask(0o022)
    try:
        assert cli("backup", tmp_path / "b.db").code == 0
        assert cli("export", "--output", tmp_path / "e.jsonl").code == 0
        assert cli("report", "--output", tmp_path / "r.md").code == 0
        assert cli("config", "set", "user.name", "王主任").code == 0
    finally:
        os.umask(old)
    mode = lambda p: oct(stat.S_IMODE(p.stat().st_mode))  # noqa: E731
    assert mode(ledger_path) == mode(tmp_path / "b.db") == mode(tmp_path / "e.jsonl") == "0o600"
    assert mode(tmp_path / "config.toml") == "0o600"
    assert mode(tmp_path / "r.md") == "0o644"


def test_output_onto_the_ledger_is_refused_and_onto_stdout_is_written(cli, ledger, ledger_path):
    for target in (ledger_path, f"{ledger_path}-wal", f"{ledger_path}-shm"):
        one_line(cli("report", "--format", "md", "--output", target))
    assert cli("verify").code == 0
    proc = run_process("report", "--format", "md", "--output", "/dev/stdout")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("#")


@pytest.mark.parametrize("name, args, env", [
    ("a tag of 100k characters", ["list", "--tag", "x" * 100_000], {}),
    ("the end of time as now", ["report"], {"LUOSHI_NOW": "9999-12-31T23:59:59"}),
])
def test_inputs_that_once_raised_are_one_line(cli, ledger, monkeypatch, name, args, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    one_line(cli(*args))


@pytest.mark.parametrize("text, key", [
    ("[patterns]\nsilent_days = inf\n", "patterns.silent_days"),
    ("[patterns]\nsilent_days = nan\n", "patterns.silent_days"),
    ("[escalation]\nlate = [[1e308, 1]]\n", "escalation.late"),
    ("[score]\non_time = -inf\n", "score.on_time"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "config"),
])
def test_a_config_that_cannot_be_right_names_the_key(cli, ledger, tmp_path, text, key):
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    assert key in one_line(cli("list"))


def test_a_config_or_a_backup_that_is_a_fifo_is_refused_not_waited_on(cli, ledger, tmp_path, monkeypatch):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    monkeypatch.setenv("LUOSHI_CONFIG", str(fifo))
    proc = run_process("list", timeout=20)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr
    monkeypatch.setenv("LUOSHI_CONFIG", str(tmp_path / "config.toml"))
    proc = run_process("restore", str(fifo), timeout=20)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr
    proc = run_process("restore", "/dev/zero", timeout=20)
    assert proc.returncode == 2


def _export_line(seq, prev, payload, kind="checked_in", task=1, at="2026-11-23T02:00:00Z"):
    text = canonical_payload(payload)
    digest = event_hash(prev, seq, task, kind, at, "张三", text)
    return digest, json.dumps({"seq": seq, "task": task, "kind": kind, "at": at, "actor": "张三",
                               "payload": payload, "key": None, "prev_hash": prev, "hash": digest},
                              ensure_ascii=False)


def test_an_export_with_a_negative_progress_or_a_lone_surrogate_is_refused(cli, tmp_path):
    assigned = {"uid": "u1", "title": "t", "owner": "张三", "lead": "张三",
                "due": "2026-11-30T10:00:00Z"}
    first, line1 = _export_line(1, GENESIS, assigned, kind="assigned", at="2026-11-23T01:00:00Z")
    _, line2 = _export_line(2, first, {"progress": -5, "note": None, "blocker": None})
    path = tmp_path / "bad.jsonl"
    path.write_text(line1 + "\n" + line2 + "\n", encoding="utf-8")
    assert "line 2" in one_line(cli("--db", tmp_path / "new.db", "import", path))
    path.write_text(line1.replace('"t"', '"\\ud800"') + "\n", encoding="utf-8")
    assert "line 1" in one_line(cli("--db", tmp_path / "new.db", "import", path))
    assert not (tmp_path / "new.db").exists()


def test_user_text_cannot_act_on_a_terminal_or_in_a_markdown_viewer(cli, ledger):
    cli("assign", "\x1b]52;c;cm0gLXJmIH4=\x07清屏\x1b[2J <script>alert(1)</script>",
        "--owner", "张三", "--due", "下周五")
    csv = cli("report", "--format", "csv").stdout
    assert "\x1b" not in csv and "\x07" not in csv and "\\x1b" in csv
    md = cli("report", "--format", "md").stdout
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_a_backup_killed_half_way_leaves_no_hidden_copy_behind(cli, ledger, tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f".b.db.{dead.pid}.abcd.tmp"  # what a killed backup leaves
    stale.write_bytes(b"partial")
    assert cli("backup", tmp_path / "b.db").code == 0
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
