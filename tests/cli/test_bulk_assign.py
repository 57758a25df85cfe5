"""`assign --from`: a meeting's decisions at once, all or nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.conftest import file_bytes

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.txt"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_file_assigns_through_the_cli(cli, example):
    result = cli("assign", "--from", str(example), "--json")
    assert result.code == 0, result.stderr
    lines = [l for l in example.read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.lstrip().startswith("#")]
    tasks = result.json
    assert len(tasks) == len(lines) >= 5
    assert all(t["source"] == "meeting" and t["owner"] and t["due"] for t in tasks)
    assert len(cli("list", "--json").json) == len(lines)


def test_a_line_reads_owner_helpers_title_deadline_project_and_tags(cli):
    text = "- 李娜、赵敏: 完成供暖排查 @下周三 #冬季供暖 +民生 +排查\nBob：Fix login @tomorrow 5pm\n"
    tasks = cli("assign", "--from", "-", "--json", input=text).json
    assert tasks[0]["owner"] == "李娜" and tasks[0]["helpers"] == ["赵敏"]
    assert tasks[0]["title"] == "完成供暖排查" and tasks[0]["due"] == "2026-12-02T18:00:00+08:00"
    assert tasks[0]["project"] == "冬季供暖" and tasks[0]["tags"] == ["民生", "排查"]
    assert tasks[1]["owner"] == "Bob" and tasks[1]["due"] == "2026-11-24T17:00:00+08:00"


def test_a_bad_line_is_reported_with_its_number_and_nothing_is_written(cli, ledger_path):
    cli("assign", "先有的一件事", "--due", "明天")
    before = file_bytes(ledger_path)
    text = "张三: 写材料 @下周五\n\n李四 写报告 @明天\n王五: 开会 @后天\n"
    result = cli("assign", "--from", "-", input=text)
    assert result.code == 2
    assert "line 3" in result.stderr and "nothing was recorded" in result.stderr
    assert file_bytes(ledger_path) == before


def test_a_line_with_an_unreadable_deadline_fails_the_whole_file(cli, ledger_path):
    result = cli("assign", "--from", "-", input="张三: 写材料 @下周五\n李四: 报告 @someday\n")
    assert result.code == 2 and "line 2" in result.stderr
    assert cli("list", "--json").json == []


def test_a_file_that_is_not_utf8_is_refused_with_its_line(cli, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("张三: 写材料 @明天\n".encode() + "李四: 报告 @明天\n".encode("gbk"))
    result = cli("assign", "--from", str(path))
    assert result.code == 2 and "line 2" in result.stderr and "UTF-8" in result.stderr


def test_a_missing_file_is_a_clear_error(cli, tmp_path):
    result = cli("assign", "--from", str(tmp_path / "nope.txt"))
    assert result.code == 2 and "cannot read" in result.stderr


@pytest.fixture
def temp_folder(tmp_path, monkeypatch) -> Path:
    """The temporary directory the demo builds in (tempfile's, as TMPDIR would set it)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_the_demo_builds_a_throwaway_ledger_and_removes_it_afterwards(cli, ledger_path, temp_folder):
    result = cli("demo")
    assert result.code == 0, result.stderr
    assert "Review" in result.stdout and "luoshi-demo-" not in result.stdout
    assert result.stdout.splitlines()[-1] == ("The demo ledger is removed now; to look around in one, "
                                              "run: luoshi demo --keep")
    assert list(temp_folder.iterdir()) == []
    assert not ledger_path.exists()


def test_the_demo_keeps_its_ledger_with_history_when_asked_and_never_touches_mine(cli, ledger_path, temp_folder):
    result = cli("demo", "--keep")
    assert result.code == 0, result.stderr
    assert not ledger_path.exists()
    demo_db = result.stdout.splitlines()[0].split(": ", 1)[1]
    assert Path(demo_db).parent.parent == temp_folder and Path(demo_db).exists()
    assert result.stdout.splitlines()[-1] == f"Try: luoshi --db {demo_db} list --status all"
    tasks = cli("--db", demo_db, "list", "--status", "all", "--json").json
    assert len(tasks) == 15
    statuses = {t["status"] for t in tasks}
    assert "closed" in statuses and "open" in statuses
    events = sum(len(cli("--db", demo_db, "show", str(t["id"]), "--json").json["events"]) for t in tasks)
    assert events > 30


def test_a_demo_that_cannot_be_built_leaves_no_folder_behind(cli, temp_folder, monkeypatch):
    from luoshi.services import demo

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(demo, "_history", broken)
    with pytest.raises(OSError):
        cli("demo")
    assert list(temp_folder.iterdir()) == []


def test_the_demo_on_a_monday_reviews_last_week_when_this_week_has_no_history_yet(cli, temp_folder):
    result = cli("demo")  # the tests' now is Monday 2026-11-23 09:30
    assert result.code == 0, result.stderr
    assert "last week's review" in result.stdout and "Review 16–22 November 2026, week 47" in result.stdout
    assert "Done (0)" not in result.stdout  # the week before had finished work to show


def test_the_demo_on_other_days_reviews_this_week_as_of_now():
    from dataclasses import replace
    from datetime import datetime

    from luoshi.services.context import Context
    from luoshi.services.demo import review_context

    wednesday = Context(db="x.db", actor="me", key="k",
                        now=datetime.fromisoformat("2026-11-25T10:00:00+08:00"))
    assert review_context(wednesday) == (wednesday, False)
    monday, last_week = review_context(
        replace(wednesday, now=datetime.fromisoformat("2026-11-23T09:30:00+08:00")))
    assert last_week and monday.now.isoformat() == "2026-11-22T23:59:00+08:00"
