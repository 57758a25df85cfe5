"""The results file of a bench run: the targets of issues #15 and #22 with their verdicts, each
step command's ratios, every command's figures, scaling, and how the data was made."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from datetime import date
from pathlib import Path

from commands import STEPS, Command

ROOT = Path(__file__).resolve().parent.parent


def med(cmd: Command | None) -> float | None:
    return statistics.median(cmd.times) * 1000 if cmd and cmd.times else None


def med_cpu(cmd: Command | None) -> float | None:
    return statistics.median(cmd.cpu) * 1000 if cmd and cmd.cpu else None


def peak_mb(cmd: Command | None) -> float | None:
    return max(cmd.rss) / 1024 if cmd and cmd.rss else None


def fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def div(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


class Found:
    def __init__(self, cmds: list[Command]) -> None:
        self.cmds = cmds

    def __call__(self, tool: str, name: str, size: int | None = None) -> Command | None:
        return next((c for c in self.cmds if c.tool == tool and c.name == name and c.size == size),
                    None)

    def ms(self, tool: str, name: str, size: int | None = None) -> float | None:
        return med(self(tool, name, size))


def verdict(value: float | None, limit: float) -> str:
    return "not measured" if value is None else ("PASS" if value <= limit else "FAIL")


def _worst(values: dict[str, float | None]) -> tuple[str, float | None]:
    known = {k: v for k, v in values.items() if v is not None}
    if not known or len(known) < len(values):
        return (next((k for k, v in values.items() if v is None), "—"), None)
    key = max(known, key=known.get)
    return key, known[key]


def targets(f: Found, args, gen: dict) -> list[tuple[str, str, str, str]]:
    """(target, measured, limit, verdict) rows, in the order of the issues."""
    rows = []

    def row(what, value, limit, unit="×", shown=None):
        text = shown or ("—" if value is None else (f"{value:.2f}×" if unit == "×" else
                                                   f"{value:,.0f} {unit}"))
        rows.append((what, text, f"≤ {limit:g}{unit if unit == '×' else ' ' + unit}",
                     verdict(value, limit)))

    app, typer_import = f.ms("floor", "typer app"), f.ms("floor", "import typer")
    sizes = args.luoshi_sizes
    small, big = min(sizes), max(sizes)
    cases = {f"{s}@{n:,}": f.ms("luoshi", s, n) for s in STEPS for n in sizes}
    name, worst = _worst({k: div(v, app) for k, v in cases.items()})
    row(f"#15 every step command ÷ the Typer app (worst: {name})", worst, 0.7)
    name, worst = _worst({k: div(v, typer_import) for k, v in cases.items()})
    row(f"#15 every step command ÷ `python -c \"import typer\"` (worst: {name})", worst, 1.5)
    if big != small:
        name, worst = _worst({s: div(f.ms("luoshi", s, big), f.ms("luoshi", s, small)) for s in STEPS})
        row(f"#15 every step command @{big:,} ÷ @{small:,} (worst: {name})", worst, 1.2)
    tw_big = max(args.tw_sizes) if args.tw_sizes else None
    checkin = next((c for c in f.cmds if c.name == "checkin (checkin)"), None)
    if tw_big and checkin is not None:
        row(f"#15 checkin @{checkin.size:,} tasks (check-in-heavy, a Taskwarrior history) ÷ "
            f"`task annotate` @{tw_big:,}", div(med(checkin), f.ms("taskwarrior", "annotate", tw_big)), 0.45)
    summary_ms = f.ms("taskwarrior", "summary", tw_big) if tw_big else None
    for c in [f("luoshi", "report --week", big)] + [c for c in f.cmds if c.tool == "luoshi"
                                                    and c.name.startswith("report --week (")]:
        if c is None:
            continue
        where = f"{c.name} @{c.size:,} tasks ({_events(c, gen)})"
        if tw_big:
            row(f"#15 {where} ÷ `task summary` @{tw_big:,} (moonshot 0.5×)", div(med(c), summary_ms), 1.0)
        row(f"#15 {where} peak RSS", peak_mb(c), 300, "MB")
    row(f"#15 export @{big:,} tasks peak RSS", peak_mb(f("luoshi", "export", big)), 150, "MB")
    rows += _team_targets(f, args)
    row("luoshi --help ÷ the Typer app", div(f.ms("luoshi", "--help"), app), 1.1)
    row("completion of a command name ÷ the Typer app", div(f.ms("luoshi", "complete: command"), app), 1.1)
    row(f"completion of a task id @{big:,} ÷ the Typer app",
        div(f.ms("luoshi", "complete: task id", big), app), 1.1)
    return rows


def _events(c: Command, gen: dict) -> str:
    shape = c.name.partition("(")[2].rstrip(")") or "mixed"
    stats = gen.get(f"luoshi {shape}@{c.size}")
    return f"{stats['events']:,} events" if stats else "events not known"


def team_allowance(f: Found) -> float | None:
    """`python -c "import psycopg"` − `python -c pass` + 40 ms."""
    psy, bare = f.ms("floor", "import psycopg"), f.ms("floor", "python -c pass")
    return None if psy is None or bare is None else psy - bare + 40


def _team_targets(f: Found, args) -> list[tuple[str, str, str, str]]:
    if not any(c.tool == "luoshi-pg" for c in f.cmds):
        why = "--no-team" if args.no_team else "no PostgreSQL: see Data and setup"
        return [("#22 the team ledger's targets", "—", "—", f"not measured ({why})")]
    rows = []
    allowance = team_allowance(f)
    sizes = args.luoshi_sizes
    over = {f"{s}@{n:,}": (None if allowance is None else _minus(
        f.ms("luoshi-pg", s, n), f.ms("luoshi", s, n), allowance)) for s in STEPS for n in sizes}
    name, worst = _worst(over)
    rows.append((f"#22 every step command on PostgreSQL − the same on SQLite − psycopg's import "
                 f"(allowed: 40 ms; psycopg's import {fmt(None if allowance is None else allowance - 40)} ms; "
                 f"worst: {name})", "—" if worst is None else f"{worst + 40:,.0f} ms", "≤ 40 ms",
                 verdict(None if worst is None else worst + 40, 40)))
    small, big = min(sizes), max(sizes)
    if big != small:
        name, worst = _worst({s: div(f.ms("luoshi-pg", s, big), f.ms("luoshi-pg", s, small)) for s in STEPS})
        rows.append((f"#22 every step command on PostgreSQL @{big:,} ÷ @{small:,} (worst: {name})",
                     "—" if worst is None else f"{worst:.2f}×", "≤ 1.2×", verdict(worst, 1.2)))
    for c in [c for c in f.cmds if c.tool == "luoshi-pg" and c.name.startswith("report --week")
              and c.size == (big if c.name == "report --week" else c.size)]:
        ratio = div(med(c), f.ms("luoshi", c.name, c.size))
        rows.append((f"#22 {c.name} @{c.size:,} on PostgreSQL ÷ on SQLite",
                     "—" if ratio is None else f"{ratio:.2f}×", "≤ 1.5×", verdict(ratio, 1.5)))
    return rows


def _minus(pg: float | None, lite: float | None, allowance: float) -> float | None:
    return None if pg is None or lite is None else pg - lite - allowance


def paired(cmd: Command | None, floor: Command | None) -> float | None:
    """The median over rounds of this command's time ÷ the floor's time in the same round."""
    if not cmd or not floor or not cmd.times or len(cmd.times) != len(floor.times):
        return None
    return statistics.median(a / b for a, b in zip(cmd.times, floor.times))


def step_table(f: Found, args) -> list[str]:
    """Each step command: ms on SQLite and PostgreSQL per size, ÷ the floors, 100k ÷ 1k."""
    app, imp = f("floor", "typer app"), f("floor", "import typer")
    allowance = team_allowance(f)
    sizes = args.luoshi_sizes
    head = ["step"] + [f"@{n:,} ms (÷ app, ÷ import typer; paired ÷ app)" for n in sizes]
    head += [f"{max(sizes):,} ÷ {min(sizes):,}"]
    team = any(c.tool == "luoshi-pg" for c in f.cmds)
    if team:
        head += [f"PostgreSQL @{n:,} ms (over SQLite + psycopg)" for n in sizes]
        head += [f"PostgreSQL {max(sizes):,} ÷ {min(sizes):,}"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for s in STEPS:
        cells = []
        for n in sizes:
            c = f("luoshi", s, n)
            m = med(c)
            cells.append("—" if m is None else
                         f"{m:,.0f} ({div(m, med(app)) or 0:.2f}×, {div(m, med(imp)) or 0:.2f}×; "
                         f"{paired(c, app) or 0:.2f}×)")
        ratio = div(f.ms("luoshi", s, max(sizes)), f.ms("luoshi", s, min(sizes)))
        cells.append("—" if ratio is None else f"{ratio:.2f}×")
        if team:
            for n in sizes:
                pg, lite = f.ms("luoshi-pg", s, n), f.ms("luoshi", s, n)
                extra = None if allowance is None else _minus(pg, lite, allowance - 40)
                cells.append("—" if pg is None else f"{pg:,.0f} ({fmt(extra)} ms)")
            ratio = div(f.ms("luoshi-pg", s, max(sizes)), f.ms("luoshi-pg", s, min(sizes)))
            cells.append("—" if ratio is None else f"{ratio:.2f}×")
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    return lines


def cpu_table(f: Found, args) -> list[str]:
    """The step commands' CPU time (user + system, median) ÷ the floors' CPU time: steadier
    than wall time on a shared machine (the targets stay on wall time)."""
    app, imp = med_cpu(f("floor", "typer app")), med_cpu(f("floor", "import typer"))
    if not app or not imp:
        return []
    sizes = args.luoshi_sizes
    lines = ["", f"CPU time (user + system, median ms) of the same runs, ÷ the Typer app's {app:,.0f} ms "
             f"and ÷ `import typer`'s {imp:,.0f} ms — a cross-check of the wall-time targets:", "",
             "| step | " + " | ".join(f"@{n:,}" for n in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    for s in STEPS:
        cells = []
        for n in sizes:
            cpu = med_cpu(f("luoshi", s, n))
            cells.append("—" if cpu is None else f"{cpu:,.0f} ({cpu / app:.2f}×, {cpu / imp:.2f}×)")
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    return lines


def environment(args, commit: str) -> list[str]:
    def out(argv: list[str]) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        except OSError:
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    dirty = out(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"])
    import sys

    versions = out([sys.executable, "-c", "import sqlite3, typer, psycopg; from importlib.metadata "
                    "import version as v; print(f'typer {typer.__version__}, psycopg "
                    "{psycopg.__version__}, pydantic {v(\"pydantic\")}, rich {v(\"rich\")}, "
                    "SQLite {sqlite3.sqlite_version}')"])
    return [
        f"commit {commit}" + (" with uncommitted changes in the working tree" if dirty else ""),
        f"Python {platform.python_version()}, {versions}",
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu})",
        f"{args.warmups} warm-ups and {args.runs} measured runs per command, interleaved",
    ]


def markdown(cmds: list[Command], args, notes: list[str], gen: dict, seconds: float,
             load: float, commit: str) -> str:
    f = Found(cmds)
    app, py = f.ms("floor", "typer app"), f.ms("floor", "python -c pass")
    lines = [f"# luoshi benchmark — {date.today().isoformat()} ({commit})", ""]
    lines += [f"- {line}" for line in environment(args, commit)]
    lines += [f"- whole run: {seconds / 60:.1f} min; load average (1 min) at start {load:.2f}, "
              f"at end {os.getloadavg()[0]:.2f}", ""]
    lines += ["## Targets", "", "| target | measured | limit | verdict |", "|---|---:|---:|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(f, args, gen)]
    lines += ["", "## Step commands", "",
              "Median wall ms; in brackets ÷ the Typer app and ÷ `python -c \"import typer\"` "
              "(ratios of medians), then the paired ratio to the Typer app (the median over rounds "
              "of the two runs' ratio in the same round). On PostgreSQL, in brackets, what the "
              "command costs beyond the same on SQLite plus psycopg's import (the target: ≤ 40 ms).",
              ""] + step_table(f, args) + cpu_table(f, args)
    lines += ["", "## Every command", "",
              "Wall time of the whole process in ms (median, then min–max), CPU time (user + "
              "system, median), peak RSS (largest ru_maxrss), ÷ the Typer app and ÷ `python -c "
              "pass`; `out` is the last run's stdout. luoshi-pg: a team ledger on PostgreSQL.", "",
              "| tool | command | size | runs | median ms | min–max ms | CPU ms | peak RSS MB "
              "| ÷ Typer app | ÷ python | out KB | failures |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cmds:
        m = med(c)
        span = f"{min(c.times) * 1000:,.0f}–{max(c.times) * 1000:,.0f}" if c.times else "—"
        ratio = lambda b: "—" if div(m, b) is None else f"{div(m, b):.2f}×"  # noqa: E731
        lines.append(
            f"| {c.tool} | `{c.name}` | {f'{c.size:,}' if c.size else ''} | "
            f"{len(c.times)}{' (once)' if c.once else ''} | {fmt(m, 1 if m and m < 100 else 0)} | "
            f"{span} | {fmt(med_cpu(c))} | {fmt(peak_mb(c), 1)} | {ratio(app)} | {ratio(py)} | "
            f"{c.out_bytes / 1024:,.0f} | {len(c.failures) or ''} |")
    lines += ["", "## Scaling (median ms by size)", ""]
    for tool, sizes in (("luoshi", args.luoshi_sizes), ("luoshi-pg", args.luoshi_sizes),
                        ("taskwarrior", args.tw_sizes)):
        names = list(dict.fromkeys(c.name for c in cmds if c.tool == tool and c.size in sizes
                                   and "(" not in c.name))
        if not names or len(sizes) < 2:
            continue
        lines += [f"| {tool} | " + " | ".join(f"{s:,}" for s in sizes)
                  + f" | {max(sizes):,} ÷ {min(sizes):,} |", "|---|" + "---:|" * (len(sizes) + 1)]
        for name in names:
            vals = [f.ms(tool, name, s) for s in sizes]
            lines.append(f"| `{name}` | " + " | ".join(fmt(v) for v in vals)
                         + f" | {'—' if div(vals[-1], vals[0]) is None else f'{div(vals[-1], vals[0]):.2f}×'} |")
        lines.append("")
    failures = [(c, fl) for c in cmds for fl in c.failures]
    if failures:
        lines += ["## Failures (non-zero exits, not in the timings)", ""]
        lines += [f"- {c.label} run {i}: exit {code}: {text}" for c, (i, code, text) in failures]
        lines.append("")
    lines += ["## Data and setup", ""]
    for key, stats in gen.items():
        what = ("loaded into a team ledger (COPY + ANALYZE + members)" if key.startswith("luoshi-pg")
                else "generated by bench/generate.py" if key.startswith("luoshi")
                else "loaded with `task import`")
        lines.append(f"- {key}: " + (f"{stats['tasks']:,} tasks, " if "tasks" in stats else "")
                     + (f"{stats['events']:,} events, " if "events" in stats else "")
                     + f"{what} in {stats.get('seconds', 0):,.1f} s"
                     + (f", {stats['bytes'] / 1e6:,.0f} MB" if "bytes" in stats else ""))
    lines += [f"- {n}" for n in notes]
    lines += ["", "Reproduce: `make bench` (or `.venv/bin/python bench/run.py`); see bench/README.md.", ""]
    return "\n".join(lines)
