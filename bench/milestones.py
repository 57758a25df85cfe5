"""How much the rollup costs `list`, `report` and `board`: a bench ledger with milestones added,
timed against two source trees (before and after). Not part of the test suite.

    python bench/generate.py --out /tmp/l.db 10000          # a bench ledger
    python bench/milestones.py /tmp/l.db --share 0.25 --before /tmp/base/src --after src

It copies the ledger twice: as generated, and with milestones — 3 for a `--share` of its open
tasks, planned the moment the task was assigned, due at a third, two thirds and all of the
task's time, written through SqliteLedger.append + fold + save_task as every event is. Then
it prints two Markdown tables: the services alone, in process (the least CPU time of
`--runs` calls after a warm-up: what the rollup adds, without start-up and rendering), and
the whole command (the median wall time of `--runs` runs after a warm-up).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

NOW = "2026-11-23T09:30:00+08:00"
COMMANDS = (("list --owner", ["list", "--owner", "林晓"]), ("list", ["list"]),
            ("list --status all", ["list", "--status", "all"]),
            ("report --week", ["report", "--week"]),
            ("report --month json", ["report", "--month", "--format", "json"]),
            ("board", ["board"]))


def add_milestones(path: Path, share: float) -> int:
    """Give `share` of the open tasks 3 milestones each; returns how many were added."""
    from luoshi.domain import events as ev
    from luoshi.domain.events import payload_of
    from luoshi.domain.task import fold
    from luoshi.domain.times import parse_utc, utc_text
    from luoshi.store.sqlite import SqliteLedger

    added = 0
    with SqliteLedger(str(path)) as ledger, ledger.writing():
        parents = [t for t in ledger.tasks(statuses=("open",)) if t.due]
        parents = parents[:: max(1, round(1 / share))] if share > 0 else []
        next_id = ledger.next_task_id()
        for parent in parents:
            start, end = parse_utc(parent.created), parse_utc(parent.due)
            for part in (1, 2, 3):
                due = utc_text(start + (end - start) * part / 3)
                payload = ev.Assigned(uid=uuid.uuid4().hex, title=f"{parent.title} / {part}",
                                      owner=parent.owner, lead=parent.lead, due=due, parent=parent.id)
                event = ledger.append(next_id, "assigned", parent.created, parent.lead,
                                      payload_of(payload), None)
                ledger.save_task(fold(None, event))
                next_id, added = next_id + 1, added + 1
    return added


SERVICES = """
import json, sys, time
from luoshi import clock
from luoshi.config import load_config
from luoshi.services.context import Context
from luoshi.services.browse import list_tasks
from luoshi.services.review import build_report
ctx = Context(db=sys.argv[1], actor="王局长", now=clock.now(), key="k", config=load_config(),
              lang="en", role=None)
calls = {"list --owner": lambda: list_tasks(ctx, owner="林晓"), "list": lambda: list_tasks(ctx),
         "list --status all": lambda: list_tasks(ctx, status="all"),
         "report --week": lambda: build_report(ctx, "week"),
         "report --month": lambda: build_report(ctx, "month")}
out = {}
for name, call in calls.items():
    call()
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.process_time()
        call()
        times.append((time.process_time() - start) * 1000)
    out[name] = min(times)
print(json.dumps(out))
"""


def environment(src: str, db: Path) -> dict[str, str]:
    return dict(os.environ) | {"PYTHONPATH": src, "LUOSHI_DB": str(db), "LUOSHI_NOW": NOW,
                               "LUOSHI_USER": "王局长", "LUOSHI_CONFIG": "/nonexistent/config.toml",
                               "TZ": "Asia/Shanghai", "NO_COLOR": "1", "COLUMNS": "120"}


def services(src: str, db: Path, runs: int) -> dict[str, float]:
    """The least CPU milliseconds of each service call, in one process under `src`."""
    import json

    done = subprocess.run([sys.executable, "-c", SERVICES, str(db), str(runs)],
                          env=environment(src, db), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def timed(src: str, db: Path, argv: list[str], runs: int) -> float:
    env = environment(src, db)
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "luoshi", *argv], env=env, capture_output=True)
        elapsed = time.perf_counter() - t0
        if done.returncode not in (0,) and not (argv[0] == "board" and done.returncode == 2):
            raise SystemExit(f"{argv} under {src}: exit {done.returncode}: {done.stderr[-300:]!r}")
        if i:
            times.append(elapsed * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--share", type=float, default=0.25)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    plain = Path("/tmp") / "luoshi-bench-plain.db"
    planned = Path("/tmp") / "luoshi-bench-planned.db"
    shutil.copyfile(args.ledger, plain)
    shutil.copyfile(args.ledger, planned)
    added = add_milestones(planned, args.share)
    columns = f"| before, no milestones | after, no milestones | after, {added:,} milestones |"
    found = [services(args.before, plain, args.runs * 2), services(args.after, plain, args.runs * 2),
             services(args.after, planned, args.runs * 2)]
    print(f"Services in process, least CPU ms of {args.runs * 2}:\n\n| call {columns}\n|---|---:|---:|---:|")
    for name in found[0]:
        print(f"| `{name}` | " + " | ".join(f"{f[name]:,.0f}" for f in found) + " |")
    print(f"\nWhole commands, median wall ms of {args.runs}:\n\n| command {columns}")
    print("|---|---:|---:|---:|")
    for name, argv in COMMANDS:
        before = timed(args.before, plain, argv, args.runs) if name != "board" else None
        after = timed(args.after, plain, argv, args.runs)
        with_plan = timed(args.after, planned, argv, args.runs)
        cell = "—" if before is None else f"{before:,.0f}"
        print(f"| `{name}` | {cell} | {after:,.0f} | {with_plan:,.0f} |", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
