"""A measured prototype: what `report --week` would cost with its totals and per-person counts
made in SQL and only the shown rows read (issue #15's design), beside today's `build_report`.

    .venv/bin/python bench/prototype_report.py bench/.cache/luoshi-mixed-100000-g3-s5.db [--runs 3]

Not luoshi's code and not its rules: the statements below count what SQL can decide without
the working-day calendar — a task's place, "late" (open, due before the reading moment),
"blocked", "needs a deadline", assignments — per owner, and read the first 20 rows of each
list. What they cannot decide (stalled, behind, due soon: the open tasks neither late nor
blocked) is counted, and those rows are read and judged by luoshi's own `health()`, as a
design that keeps each rule declared once would have to. The statements' figures are not
checked against the report's: this measures cost, not correctness. In-process, best of
--runs after one warm-up; the ledger is opened read-only; the week of bench/generate.py's NOW.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from datetime import datetime

NOW = "2026-11-23T09:30:00+08:00"
SHOWN = 20


def best(runs: int, work) -> tuple[float, object]:
    result = work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    from luoshi.config import Config
    from luoshi.domain import review as rv
    from luoshi.domain.health import health
    from luoshi.services import review
    from luoshi.services.context import Context
    from luoshi.store import sql
    from luoshi.store.base import task_from_row
    from luoshi.store.schema import TASK_COLUMNS

    ctx = Context(db=args.ledger, actor="bench", key="bench", config=Config(),
                  now=datetime.fromisoformat(NOW))
    period = review.choose_period(ctx, "week", None, None)
    w = rv.Window.of(period, period.as_of(ctx.now))
    params = {"start": w.start, "end": w.end, "as_of": w.as_of}
    scope, _ = sql.report_scope(None, None)
    conn = sqlite3.connect(f"file:{args.ledger}?mode=ro", uri=True)
    cols = ", ".join(TASK_COLUMNS)
    late = "t.status = 'open' AND t.due < :as_of"
    undecided = "t.status = 'open' AND t.due >= :as_of AND t.blocker IS NULL"
    per_owner = (
        "SELECT t.owner, COUNT(*), SUM(t.created >= :start AND t.created < :end), "
        f"SUM(t.status = 'open'), SUM({late}), SUM({late} AND t.waived = 0), "
        "SUM(t.status = 'open' AND t.due IS NULL), "
        "SUM(t.status = 'open' AND t.due >= :as_of AND t.blocker IS NOT NULL), "
        "SUM(t.status IN ('done', 'closed') AND t.finished_at >= :start), "
        "SUM(t.status = 'cancelled' AND t.updated >= :start), SUM(t.rating), "
        f"SUM({undecided}) FROM tasks t NOT INDEXED WHERE {scope} GROUP BY t.owner")  # a plain scan: "
        # through tasks_owner_status (SQLite's choice without statistics) it is ~6× slower
    shown = {name: f"SELECT {cols} FROM tasks t WHERE {scope} AND {cond} ORDER BY t.due, t.id LIMIT {SHOWN}"
             for name, cond in (("late", late), ("blocked", "t.status = 'open' AND t.due >= :as_of "
                                                 "AND t.blocker IS NOT NULL"),
                                ("done", "t.status IN ('done', 'closed') AND t.finished_at >= :start"),
                                ("tasks", "1 = 1"))}
    shown = {k: v.replace("FROM tasks t WHERE", "FROM tasks t NOT INDEXED WHERE") for k, v in shown.items()}
    rest = f"SELECT {cols} FROM tasks t WHERE {scope} AND {undecided}"
    patterns = {"SQL: today's pattern candidates (bounced, moves only when pushed)":
                sql.report_pattern_events(scope, "sqlite"),
                "SQL: today's reports without progress (report_idle_tails)":
                sql.report_idle_tails(scope, "sqlite")}
    rules = ctx.health_rules
    as_of = period.as_of(ctx.now)

    def judge():
        return [health(task_from_row(r), as_of, rules) for r in conn.execute(rest, params)]

    rows = []
    ms, found = best(args.runs, lambda: conn.execute(per_owner, params).fetchall())
    rows.append(("SQL: per owner — tasks, assigned, open, late, needs a deadline, blocked, done, "
                 "cancelled, ratings, undecided", len(found), ms))
    for name, text in shown.items():
        ms, found = best(args.runs, lambda t=text: conn.execute(t, params).fetchall())
        rows.append((f"SQL: the first {SHOWN} rows of {name}", len(found), ms))
    for what, text in patterns.items():
        ms, found = best(args.runs, lambda t=text: conn.execute(t, params | {
            "moves": 2, "pushed_min": 2, "idle_checkins": 3}).fetchall())
        rows.append((what, len(found), ms))
    ms, found = best(args.runs, judge)
    rows.append(("Python: the open tasks neither late nor blocked, read and judged by health()",
                 len(found), ms))
    ms, found = best(args.runs, lambda: review.build_report(ctx, "week", shown=SHOWN))
    rows.append(("today: build_report(week, shown=20)", found.data["totals"]["tasks"], ms))
    print(f"{args.ledger}: best of {args.runs} after a warm-up\n")
    print("| step | rows | ms |\n|---|---:|---:|")
    for what, n, ms in rows:
        print(f"| {what} | {n:,} | {ms:,.0f} |")


if __name__ == "__main__":
    main()
