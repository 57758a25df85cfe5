"""`luoshi import --format taskwarrior`: the tasks of a `task export`, as commitments."""

from __future__ import annotations

import json

import pytest

from luoshi.domain.taskwarrior import TaskwarriorError, tw_time

TASKS = [
    {"id": 1, "description": "Write the annual report", "entry": "20261120T013000Z",
     "project": "work", "status": "pending", "tags": ["report"],
     "uuid": "6b2a5c7e-3f0c-4e1a-9a8a-1d2e3f4a5b6c", "due": "20261201T100000Z",
     "annotations": [{"entry": "20261121T020000Z", "description": "outline done"}]},
    {"id": 2, "description": "Call the plumber", "entry": "20261118T080000Z",
     "status": "waiting", "uuid": "7c3b6d8f-4a1d-4f2b-8b9b-2e3f4a5b6c7d"},
    {"id": 0, "description": "Renew passport", "entry": "20261001T080000Z",
     "end": "20261015T090000Z", "status": "completed",
     "uuid": "8d4c7e9a-5b2e-4a3c-9cac-3f4a5b6c7d8e", "due": "20261020T000000Z"},
    {"id": 0, "description": "Old idea", "entry": "20261001T080000Z", "end": "20261002T090000Z",
     "status": "deleted", "uuid": "9e5d8fab-6c3f-4b4d-8dbd-4a5b6c7d8e9f"},
    {"description": "Weekly review", "entry": "20261001T080000Z", "status": "recurring",
     "uuid": "af6e9abc-7d4a-4c5e-9ece-5b6c7d8e9fa0", "due": "20261005T080000Z"},
]


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "tw.json"
    path.write_text(json.dumps(TASKS), encoding="utf-8")
    return path


def imported(cli, path, *args):
    result = cli("--as", "Maya", "import", path, "--format", "taskwarrior", "--json", *args)
    assert result.code == 0, result.stderr
    return result.json


def test_taskwarrior_tasks_become_commitments_owned_by_the_actor(cli, export_file):
    out = imported(cli, export_file)
    assert (out["tasks"], out["events"]) == (4, 7)
    tasks = {t["title"]: t for t in cli("list", "--status", "all", "--json").json}
    report = tasks["Write the annual report"]
    assert report["owner"] == report["lead"] == "Maya" and report["project"] == "work"
    assert report["due"] == "2026-12-01T18:00:00+08:00" and report["tags"] == ["report"]
    assert report["created"] == "2026-11-20T09:30:00+08:00" and report["status"] == "open"
    assert tasks["Renew passport"]["status"] == "done"
    assert tasks["Old idea"]["status"] == "cancelled"
    assert "Weekly review" not in tasks and "recurring" in out["skipped"][0]


def test_an_annotation_becomes_a_check_in_with_its_note_and_unchanged_progress(cli, export_file):
    imported(cli, export_file)
    events = cli("show", "1", "--json").json["events"]
    assert [e["kind"] for e in events] == ["assigned", "checked_in"]
    assert events[1]["note"] == "outline done" and events[1]["progress"] == 0
    assert events[1]["at"] == "2026-11-21T10:00:00+08:00" and events[1]["actor"] == "Maya"


def test_a_task_without_a_deadline_comes_in_without_one_never_late(cli, export_file, tmp_path):
    out = imported(cli, export_file)
    plumber = cli("show", str(out["needs_due"][0]), "--json").json
    assert plumber["title"] == "Call the plumber" and plumber["tags"] == []
    assert plumber["due"] is None and plumber["health"] == "needs_due"
    assert [t["id"] for t in cli("list", "--health", "needs_due", "--json").json] == [2]
    assert cli("list", "--health", "late", "--json").json == []
    human = cli("--db", tmp_path / "other.db", "import", export_file, "--format", "taskwarrior")
    assert "needs a deadline: #2" in human.stdout


def test_the_due_given_to_the_import_is_the_deadline_of_tasks_without_one(cli, export_file):
    out = imported(cli, export_file, "--due", "2026-12-31")
    assert out["needs_due"] == []
    plumber = next(t for t in cli("list", "--json").json if t["title"] == "Call the plumber")
    assert plumber["due"] == "2026-12-31T18:00:00+08:00"


def test_an_export_on_stdin_is_read_and_dropped_fields_are_named(cli):
    tasks = [TASKS[0] | {"priority": "H", "depends": "x", "wait": "20261201T000000Z"}]
    result = cli("--as", "Maya", "import", "-", "--format", "taskwarrior",
                 input=json.dumps(tasks).encode())
    assert result.code == 0, result.stderr
    assert "depends, priority, wait" in result.stderr
    assert [t["title"] for t in cli("list", "--json").json] == ["Write the annual report"]


def test_importing_the_same_export_again_adds_nothing(cli, export_file):
    imported(cli, export_file)
    again = imported(cli, export_file)
    assert again["tasks"] == 0 and len(again["skipped"]) == 5
    assert len(cli("list", "--status", "all", "--json").json) == 4
    assert cli("verify").code == 0


def test_one_object_per_line_is_read_too(cli, tmp_path):
    path = tmp_path / "tw.jsonl"
    path.write_text("\n".join(json.dumps(t) for t in TASKS[:2]) + "\n", encoding="utf-8")
    assert imported(cli, path)["tasks"] == 2


def test_a_bad_task_refuses_the_whole_file_and_names_it(cli, tmp_path, ledger_path):
    path = tmp_path / "tw.json"
    path.write_text(json.dumps(TASKS[:2] + [{"description": "x", "due": "next week"}]))
    result = cli("import", path, "--format", "taskwarrior")
    assert result.code == 2 and "Traceback" not in result.stderr
    assert "task 3 of the array: due 'next week'" in result.stderr
    assert not ledger_path.exists()


def test_taskwarrior_times_are_read_as_utc():
    assert tw_time("20261201T100000Z", "due") == "2026-12-01T10:00:00Z"
    assert tw_time("2026-12-01T18:00:00+08:00", "due") == "2026-12-01T10:00:00Z"
    with pytest.raises(TaskwarriorError):
        tw_time("2026-12-01T18:00:00", "due")
