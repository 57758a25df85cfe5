"""Time the statements a report reads, one by one, on a ledger file (in-process, no CLI).

    .venv/bin/python bench/statements.py bench/.cache/luoshi-mixed-100000-g3-s5.db [--runs 5]

Prints, per statement of `store/sql.py` that `report --week` runs, the rows it returns and
its median / min time over the runs (after one warm-up), then the same for the whole read
and for the assembly in Python (healths, places, patterns, tallies, the document). The
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

    from luoshi.config import Config
    from luoshi.domain import review as rv
    from luoshi.services import review, rulebook
    from luoshi.services.context import Context
    from luoshi.store import sql
    from luoshi.store.sqlite import SqliteLedger

    path = Path(args.ledger).resolve()
    ctx = Context(db=str(path), actor="bench", key="bench", config=Config(),
                  now=datetime.fromisoformat(NOW))
    period = review.choose_period(ctx, "week", None, None)
    as_of = period.as_of(ctx.now)
    window = vars(rv.Window.of(period, as_of))
    th = rulebook.thresholds(ctx.config)
    params = window | {"moves": min(th.bounce_count, 2), "pushed_min": th.pushed_min,
                       "idle_checkins": th.idle_checkins}
    scope, _ = sql.report_scope(None, None)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    stats = raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0]
    print(f"{path.name}: planner statistics {'present' if stats else 'absent'}; "
          f"{args.runs} runs after a warm-up\n")
    print("| step | rows | median ms | min ms |\n|---|---:|---:|---:|")

    def show(name: str, work) -> None:
        rows, median, low = timed(args.runs, work)
        print(f"| {name} | {rows:,} | {median:,.0f} | {low:,.0f} |")

    def statement(text: str):
        return lambda: raw.execute(text, params).fetchall()

    show("SQL: tasks in scope", statement(sql.report_tasks(scope)))
    show("SQL: events of the tasks changed since the report's moment",
         statement(sql.report_replay_events(scope)))
    show("SQL: the period's check-ins per task and person", statement(sql.report_checkins(scope, "sqlite")))
    show("SQL: the period's escalations, extensions…", statement(sql.report_period_events(scope)))
    show("SQL: events of tasks that may have bounced or move only when pushed",
         statement(sql.report_pattern_events(scope, "sqlite")))
    show("SQL: reports without progress", statement(sql.report_idle_tails(scope, "sqlite")))
    with SqliteLedger(path, create=False) as ledger:
        show("read: the whole read (SQL + rows into objects)",
             lambda: review._read(ledger, window, None, None, th, None).states)
        reading = review._read(ledger, window, None, None, th, None)
    show("assemble: healths, places, patterns, tallies, the document (20 shown)",
         lambda: review._assemble(ctx, period, as_of, rv.Window(**window), reading, None, 20, None))


if __name__ == "__main__":
    main()
