"""A real Taskwarrior's export, imported: tasks made with `task add/annotate/done`, then
`task export` → `luoshi import --format taskwarrior`, compared field by field.

Needs the `task` binary (Debian package `taskwarrior`; `make test` installs it when it can).
Without it the test is skipped, saying why — unless LUOSHI_REQUIRE_SERVICES=1 (CI), where a
missing Taskwarrior is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

TW_ADDS = [  # (description, attributes…); the third one has no deadline
    ("Write the annual report", "project:work", "+report", "+urgent", "due:2026-12-01"),
    ("写年度总结", "project:办公室", "+总结", "due:2026-11-30T10:00"),
    ("Call the plumber", "+home"),
    ("Renew passport", "project:personal", "due:2026-11-27"),
]


@pytest.fixture
def taskwarrior(tmp_path):
    """Run `task` against a fresh TASKDATA/TASKRC in tmp_path; returns the runner."""
    binary = shutil.which("task")
    if binary is None:
        reason = "Taskwarrior (`task`, Debian package taskwarrior) is not installed"
        if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason}, and LUOSHI_REQUIRE_SERVICES=1 requires it")
        pytest.skip(reason)
    data = tmp_path / "taskdata"
    data.mkdir()
    rc = tmp_path / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "recurrence=off\n", encoding="utf-8")
    env = dict(os.environ) | {"TASKDATA": str(data), "TASKRC": str(rc)}

    def task(*args: str) -> str:
        done = subprocess.run([binary, *args], env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, (args, done.stderr.decode("utf-8", "replace"))
        return done.stdout.decode("utf-8")

    version = task("--version").strip()
    if not version.startswith("2.6"):
        pytest.skip(f"this round trip is written for Taskwarrior 2.6 (found {version})")
    return task


def tw_moment(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)


def test_a_real_taskwarrior_export_comes_in_with_everything_it_holds(cli, tmp_path, taskwarrior):
    for description, *attributes in TW_ADDS:
        taskwarrior("add", description, *attributes)
    taskwarrior("1", "annotate", "outline done")
    taskwarrior("1", "annotate", "figures from finance received")
    taskwarrior("2", "annotate", "初稿已完成")
    taskwarrior("4", "done")
    exported = taskwarrior("export")
    path = tmp_path / "tw-export.json"
    path.write_text(exported, encoding="utf-8")
    tw = {t["description"]: t for t in json.loads(exported)}
    assert set(tw) == {add[0] for add in TW_ADDS}

    result = cli("--as", "Maya", "import", path, "--format", "taskwarrior", "--json")
    assert result.code == 0, result.stderr
    imported = result.json
    assert imported["tasks"] == 4 and imported["skipped"] == []
    assert imported["events"] == 4 + 3 + 1  # assignments, annotations, one done

    tasks = {t["title"]: t for t in cli("list", "--status", "all", "--json").json}
    assert set(tasks) == set(tw)
    status = {"pending": "open", "completed": "done"}
    for title, source in tw.items():
        task = tasks[title]
        assert task["status"] == status[source["status"]], title
        assert task["project"] == source.get("project"), title
        assert task["owner"] == task["lead"] == "Maya"
        tags = set(source.get("tags", []))
        assert set(task["tags"]) == tags, title
        assert datetime.fromisoformat(task["created"]) == tw_moment(source["entry"])
        if "due" in source:
            assert datetime.fromisoformat(task["due"]) == tw_moment(source["due"]), title

        shown = cli("show", str(task["id"]), "--json").json
        notes = [(e["at"], e.get("note")) for e in shown["events"] if e["kind"] == "checked_in"]
        annotations = source.get("annotations", [])
        assert [n for _, n in notes] == [a["description"] for a in annotations], title
        assert [datetime.fromisoformat(at) for at, _ in notes] == [
            tw_moment(a["entry"]) for a in annotations]
        if source["status"] == "completed":
            finished = [e for e in shown["events"] if e["kind"] == "finished"]
            assert [datetime.fromisoformat(e["at"]) for e in finished] == [
                tw_moment(source["end"])]

    # the one without a deadline is listed as still needing one, and is never late
    plumber = tasks["Call the plumber"]
    assert imported["needs_due"] == [plumber["id"]]
    assert plumber["due"] is None and plumber["health"] == "needs_due"
    assert cli("verify").code == 0

    # importing the same export again adds nothing
    again = cli("--as", "Maya", "import", path, "--format", "taskwarrior", "--json")
    assert again.code == 0 and again.json["tasks"] == 0
