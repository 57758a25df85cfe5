"""The benchmark harness still works: `bench/run.py --smoke` (50-task ledgers of every shape,
one run of each command, on a ledger file and on a team ledger) finishes with every command
exiting 0 and every target measured. No time is asserted: the figures of a run inside the
test suite mean nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_smoke_run_measures_every_command_and_target(tmp_path):
    if not (Path(sys.executable).parent / "luoshi").exists():
        pytest.skip("the harness times the installed `luoshi` beside this Python; "
                    "run the suite with make test")
    with_tw = shutil.which("task") is not None
    if not with_tw and os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
        pytest.fail("Taskwarrior is required here (LUOSHI_REQUIRE_SERVICES=1)")
    with_pg = _postgresql()
    out = tmp_path / "smoke.md"
    argv = [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(out)]
    argv += ([] if with_tw else ["--no-taskwarrior"]) + ([] if with_pg else ["--no-team"])
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| luoshi | `")]
    measured = {line.split("|")[2].strip().strip("`") for line in rows}
    steps = {"assign", "checkin", "done", "remind", "escalate", "extend", "reassign", "score",
             "close", "reopen", "cancel", "waive", "show", "accept", "return", "amend", "note",
             "inbox"}
    assert steps | {"--help", "complete: command", "list --owner", "report --week",
                    "report --month json", "export", "complete: task id", "checkin (checkin)",
                    *(f"report --week ({s})" for s in ("open", "late", "checkin", "pattern"))
                    } <= measured
    assert all(line.split("|")[4].strip() == "1" for line in rows)  # one run each, none failed
    targets = text.split("## Step commands")[0]
    assert "## Failures" not in text and "not measured" not in targets.replace(
        "not measured (--no-team)", "")
    if with_tw:
        assert "| taskwarrior | `annotate` | 50 |" in text
    if with_pg:
        team = {line.split("|")[2].strip().strip("`") for line in text.splitlines()
                if line.startswith("| luoshi-pg | `") and line.split("|")[4].strip() == "1"}
        assert steps | {"report --week", "list --owner"} <= team


def _postgresql() -> bool:
    """Whether a PostgreSQL cluster can be started here (tests/pgserver.py); required under
    LUOSHI_REQUIRE_SERVICES=1."""
    import glob

    if glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb"):
        return True
    if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
        pytest.fail("PostgreSQL is required here (LUOSHI_REQUIRE_SERVICES=1)")
    return False
