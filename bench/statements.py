"""Time the statements a report reads, one by one, on a ledger file (in-process, no CLI).

    .venv/bin/python bench/statements.py bench/.cache/luoshi-100000-g2-s4.db [--runs 5]

Prints, per statement of `store/sql.py` that `report --week` runs on the state path, the
rows it returns and its median / min time over the runs (after one warm-up), then the same
for the Python steps around them (rows into TaskState, the patterns, the tallies). The
ledger is opened read-only; the week is the one of bench/generate.py's NOW. Where the whole
report's time goes, without the process start-up `bench/run.py` includes.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from datetime import datetime
from pathlib import Path

NOW = "2026-11-23T09:30:00+08:00"


def timed(runs: int, work) -> tuple[int, float, float]:
    work()  # warm-up: the page cache, and compiled statements
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
        size = len(result) if hasattr(result, "__len__") else 0
    return size, statistics.median(times) * 1000, min(times) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from luoshi.clock import to_utc_text
    from luoshi.config import Config
    from luoshi.domain import patterns as pat
    from luoshi.services import review
    from luoshi.services.context import Context
    from luoshi.store import sql
    from luoshi.store.sqlite import SqliteLedger

    path = Path(args.ledger).resolve()
    ctx = Context(db=str(path), actor="bench", key="bench", config=Config(),
                  now=datetime.fromisoformat(NOW))
    period = review.choose_period(ctx, "week", None, None)
    th = pat.Thresholds(**ctx.config.patterns.model_dump())
    start, end, now = (to_utc_text(period.start), to_utc_text(period.end), to_utc_text(ctx.now))
    params = {"start": start, "end": end, "now": now, "pushed_min": th.pushed_min,
              "idle_checkins": th.idle_checkins}
    scope, _ = sql.report_scope(None, None, None)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    stats = raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]
    print(f"{path.name}: planner statistics {'present' if stats else 'absent'}; "
          f"{args.runs} runs after a warm-up\n")
    print(f"| step | rows | median ms | min ms |\n|---|---:|---:|---:|")

    def show(name: str, work) -> None:
        rows, median, low = timed(args.runs, work)
        print(f"| {name} | {rows:,} | {median:,.0f} | {low:,.0f} |")

    def statement(text: str):
        return lambda: raw.execute(text, params).fetchall()

    show("SQL: tasks in scope", statement(sql.report_tasks(scope)))
    show("SQL: check-ins and escalations per task", statement(sql.report_counts(scope)))
    show("SQL: escalations", statement(sql.report_escalations(scope)))
    show("SQL: events of tasks that may show a pattern",
         statement(sql.report_pattern_events(scope, "sqlite")))
    with SqliteLedger(path) as ledger:
        show("read: the whole state path (SQL + rows into objects)",
             lambda: review._read_state(ledger, ctx, period, th, None, None, None).states)
        reading = review._read_state(ledger, ctx, period, th, None, None, None)
    show("assemble: healths, lists, tallies, patterns (20 shown)",
         lambda: review._assemble(ctx, period, reading, th, 20).people)


if __name__ == "__main__":
    main()
