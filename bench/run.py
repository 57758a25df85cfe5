"""luoshi's benchmark: whole processes, timed and measured, against two floors and Taskwarrior.

    python bench/run.py                 # the full run → bench/results/YYYY-MM-DD-<commit>.md
    python bench/run.py --smoke         # tiny sizes, one run each, under ~30 s (no results file)
    python bench/run.py --skip-slowest  # leave out `task burndown.weekly` at the biggest size
    python bench/run.py --only 'checkin|annotate' --runs 11

What is timed: the wall time of one whole process, from fork to exit, as a user sees it
(interpreter start, imports, opening the ledger, the work, printing to a file). Peak RSS is
the child's ru_maxrss from os.wait4. Every command runs W warm-ups (not counted) and R
measured runs, interleaved: each round runs every command once, in a fixed order, so slow
drift of the machine touches every command alike. Non-zero exits count as failures and are
shown; they are not part of the timings.

Commands (see `build_commands`):
  floors     `python -c pass`; bench/floor_typer.py, a minimal one-command Typer app
  luoshi     --help; assign, checkin, done, list --owner, show, report --week,
             report --month --format json, export (when `luoshi export --help` succeeds),
             at each ledger size (N tasks, ≈10 N events, from bench/generate.py)
  taskwarrior add, annotate, done, list, next, summary, export, burndown.weekly at each size
             (bench/taskwarrior.py). burndown.weekly is by far the slowest (~4 s at 10k,
             ~16 s at 50k with TZ set; with TZ unset glibc stats /etc/localtime on every
             time conversion and it takes ~50 s and ~3.5 min): at 50k it runs once (no
             warm-up) after the rounds, and --skip-slowest leaves it out at the biggest size.

Writes go to fresh copies of the cached databases (bench/.cache/work/), made at the start of
every run, so the cache stays pristine. Each run of a write command targets a different
task: checkin and done take distinct open tasks (acting as their owner with --as), and
Taskwarrior's annotate/done take distinct pending ids (with gc=on a done task keeps its id
until the next id-displaying command renumbers; distinct ids never hit a done task twice).
Every process sees TZ=Asia/Shanghai, LANG=C.UTF-8 and an empty HOME (no user config);
luoshi also LUOSHI_NOW=2026-11-23T09:30:00+08:00, the end of the generated period.
Processes are started through bench/spawn.c (compiled once into .cache/), which takes the
time (fork → wait4) and the child's ru_maxrss: forked straight from this runner a child
would report at least the runner's own ~30 MB, since Linux keeps the RSS high-water mark
across fork and exec. Without a C compiler the runner spawns directly and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import taskwarrior as tw  # noqa: E402

CACHE = HERE / ".cache"
WORK = CACHE / "work"
RESULTS = HERE / "results"
PY = Path(sys.executable)
LUOSHI = PY.parent / "luoshi"
NOW = generate.NOW

LUOSHI_SIZES = (1_000, 10_000, 100_000)
TW_SIZES = (1_000, 10_000, 50_000)
SMOKE_SIZE = 50
ONCE_FROM = 50_000  # burndown.weekly at this many tasks or more runs once
LOAD = [0.0]  # the load average when the run started


@dataclass
class Command:
    tool: str  # floor, luoshi, taskwarrior
    name: str
    size: int | None
    argv: Callable[[int], list[str]]  # run index → argv
    env: dict[str, str]
    once: bool = False
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KB
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds
    failures: list[tuple[int, int, str]] = field(default_factory=list)  # run, code, stderr
    out_bytes: int = 0

    @property
    def label(self) -> str:
        return f"{self.tool}:{self.name}" + (f"@{self.size}" if self.size else "")


SPAWN: list[Path | None] = [None]  # the compiled bench/spawn.c, when a C compiler is at hand


def build_spawn() -> Path | None:
    """Compile bench/spawn.c once (into .cache); None when there is no C compiler."""
    src, exe = HERE / "spawn.c", CACHE / "spawn"
    if exe.exists() and exe.stat().st_mtime >= src.stat().st_mtime:
        return exe
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([cc, "-O2", "-o", str(exe), str(src)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"cannot compile {src}: {proc.stderr.strip()}", file=sys.stderr)
        return None
    return exe


def run_once(cmd: Command, index: int, record: bool) -> None:
    """One whole process: wall time fork→exit, ru_maxrss, exit code."""
    WORK.mkdir(parents=True, exist_ok=True)
    out_path, err_path = WORK / "stdout", WORK / "stderr"
    argv = cmd.argv(index)
    spawn = SPAWN[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        if spawn is not None:  # time and ru_maxrss taken by the small launcher
            r, w = os.pipe()
            try:
                proc = subprocess.Popen([str(spawn), str(w), *argv], env=cmd.env, pass_fds=(w,),
                                        stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                        cwd=WORK)
                os.close(w)
                w = -1
                with os.fdopen(r, "rb") as pipe:
                    r = -1
                    report = pipe.read().split()
                proc.wait()
            finally:
                for fd in (r, w):
                    if fd >= 0:
                        os.close(fd)
            if len(report) != 4:
                cmd.failures.append((index, proc.returncode, "spawn reported nothing"))
                return
            elapsed, maxrss = int(report[0]) / 1e9, int(report[1])
            code = os.waitstatus_to_exitcode(int(report[2]))
            cpu = int(report[3]) / 1e6
        else:  # straight from here: ru_maxrss is at least this runner's own RSS
            started = time.perf_counter()
            proc = subprocess.Popen(argv, env=cmd.env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, cwd=WORK)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            maxrss = usage.ru_maxrss
            cpu = usage.ru_utime + usage.ru_stime
    if code != 0:
        text = err_path.read_text(errors="replace").strip().splitlines()
        cmd.failures.append((index, code, " / ".join(text[:2])[:200] if text else ""))
        return
    if record:
        cmd.times.append(elapsed)
        cmd.rss.append(maxrss)
        cmd.cpu.append(cpu)
        cmd.out_bytes = out_path.stat().st_size


# -- setting up ---------------------------------------------------------------------------
def resource_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def base_env() -> dict[str, str]:
    home = CACHE / "home"
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "Asia/Shanghai"}


def ensure_taskwarrior(smoke: bool) -> str | None:
    exe = tw.task_binary()
    if exe or smoke:
        return exe
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print("Taskwarrior (`task`) is missing and cannot be installed here: skipping it",
              file=sys.stderr)
        return None
    print("installing Debian's taskwarrior…", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], env=env, check=False)
    return tw.task_binary()


def preflight(env: dict[str, str]) -> None:
    proc = subprocess.run([str(LUOSHI), "--help"], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"`luoshi --help` fails (exit {proc.returncode}); fix that first:\n"
                 + proc.stderr[-2000:])


def export_invocation(env: dict[str, str], out: Path, override: str | None) -> list[str] | None:
    """How to call `luoshi export`, or None when this luoshi has no export command."""
    proc = subprocess.run([str(LUOSHI), "export", "--help"], env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        return None
    if override is not None:
        return override.split()
    usage = next((line for line in proc.stdout.splitlines() if "Usage:" in line), "")
    rest = usage.split("export", 1)[-1].split()
    required = [w for w in rest if not w.startswith("[") and w.strip("[].") and w.isupper()]
    return [str(out)] if required else []


def luoshi_ledger(size: int) -> tuple[Path, dict]:
    cached, stats, _ = generate.ensure(size)
    WORK.mkdir(parents=True, exist_ok=True)
    work = WORK / f"luoshi-{size}.db"
    for p in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    return work, stats


def tw_database(size: int) -> tuple[Path, Path, dict]:
    data, _rc, stats, _ = tw.ensure(size)
    root = WORK / f"tw-{size}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(data, root / "data")
    tw.write_rc(root / "taskrc", root / "data")
    return root / "data", root / "taskrc", stats


def completing(env: dict[str, str], line: str) -> dict[str, str]:
    """The environment bash's completion script gives `luoshi` when Tab is pressed after
    `line` (the last word is the one being completed)."""
    return dict(env, _LUOSHI_COMPLETE="complete_bash", COMP_WORDS=line,
                COMP_CWORD=str(len(line.split(" ")) - 1))


def pick_targets(db: Path, n: int, rng: random.Random) -> dict:
    """Distinct open tasks for checkin and for done, ids for show, one owner for list."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        open_tasks = conn.execute(
            "SELECT id, owner, progress FROM tasks WHERE status = 'open' ORDER BY id").fetchall()
        total = conn.execute("SELECT count(*) FROM tasks").fetchone()[0]
        by_owner = conn.execute(
            "SELECT owner, count(*) FROM tasks WHERE status = 'open' GROUP BY owner "
            "ORDER BY count(*), owner").fetchall()
    if len(open_tasks) < 2 * n:
        sys.exit(f"{db}: {len(open_tasks)} open tasks, need {2 * n}")
    chosen = rng.sample(open_tasks, 2 * n)
    owner, owner_open = by_owner[len(by_owner) // 2]  # an owner with a median load
    return {"checkin": chosen[:n], "done": chosen[n:],
            "show": rng.sample(range(1, total + 1), min(n, total)),
            "owner": owner, "owner_open": owner_open, "open": len(open_tasks)}


# -- the commands -------------------------------------------------------------------------
def build_commands(args, env: dict[str, str], notes: list[str], gen: dict) -> list[Command]:
    n = args.warmups + args.runs
    rng = random.Random(7)
    cmds = [
        Command("floor", "python -c pass", None, lambda i: [str(PY), "-c", "pass"], env),
        Command("floor", "typer app", None,
                lambda i: [str(PY), str(HERE / "floor_typer.py"), "--name", "bench"], env),
        Command("luoshi", "--help", None, lambda i: [str(LUOSHI), "--help"], env),
        Command("luoshi", "complete: command", None, lambda i: [str(LUOSHI)],
                completing(env, "luoshi ch")),
    ]
    export_checked = False
    export_argv: list[str] | None = None
    for size in args.luoshi_sizes:
        db, stats = luoshi_ledger(size)
        gen[f"luoshi@{size}"] = stats
        t = pick_targets(db, n, rng)
        notes.append(f"luoshi@{size}: {stats['tasks']:,} tasks, {stats['events']:,} events, "
                     f"{t['open']:,} open; list shows {t['owner']}'s {t['owner_open']:,} open tasks")
        e = dict(env, LUOSHI_DB=str(db), LUOSHI_NOW=NOW, LUOSHI_USER="王局长")
        L = str(LUOSHI)
        if not export_checked:
            export_checked = True
            export_argv = export_invocation(e, WORK / "export.out", args.export_args)
            notes.append("luoshi export: " + ("not present (`luoshi export --help` fails): skipped"
                                              if export_argv is None else
                                              f"`{' '.join(['luoshi', 'export', *export_argv])}`"))
        cmds += [
            Command("luoshi", "assign", size, lambda i: [
                L, "assign", f"bench commitment {i}", "--owner", "张伟", "--due", "2026-12-04"], e),
            Command("luoshi", "checkin", size, lambda i, c=t["checkin"]: [
                L, "--as", c[i][1], "checkin", str(c[i][0]), str(min(99, c[i][2] + 3)),
                "bench progress"], e),
            Command("luoshi", "done", size, lambda i, c=t["done"]: [
                L, "--as", c[i][1], "done", str(c[i][0])], e),
            Command("luoshi", "list --owner", size, lambda i, o=t["owner"]: [
                L, "list", "--owner", o], e),
            Command("luoshi", "show", size, lambda i, s=t["show"]: [L, "show", str(s[i])], e),
            Command("luoshi", "complete: task id", size, lambda i: [L],
                    completing(e, "luoshi checkin 1")),
            Command("luoshi", "report --week", size, lambda i: [L, "report", "--week"], e),
            Command("luoshi", "report --month json", size, lambda i: [
                L, "report", "--month", "--format", "json"], e),
        ]
        if export_argv is not None:
            cmds.append(Command("luoshi", "export", size,
                                lambda i, a=export_argv: [L, "export", *a], e))
    exe = None if args.no_taskwarrior else ensure_taskwarrior(args.smoke)
    if exe is None:
        notes.append("Taskwarrior: not measured (" + ("--no-taskwarrior" if args.no_taskwarrior
                                                      else "`task` not installed") + ")")
        return cmds
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    notes.append(f"Taskwarrior {version}: rc " + ", ".join(tw.RC_LINES))
    biggest = max(args.tw_sizes)
    for size in args.tw_sizes:
        data, rc, stats = tw_database(size)
        gen[f"taskwarrior@{size}"] = stats
        e = tw.env_for(rc, data, env)
        pending = stats["pending"]
        if pending - n < n:
            sys.exit(f"Taskwarrior@{size}: {pending} pending tasks are too few for {n} runs")
        ids = rng.sample(range(1, pending - n + 1), 2 * n)
        notes.append(f"taskwarrior@{size}: {stats['tasks']:,} tasks, {pending:,} pending, "
                     f"{stats['annotations']:,} annotations")
        cmds += [
            Command("taskwarrior", "add", size, lambda i: [
                exe, "add", f"bench task {i}", "project:bench", "+bench", "due:tomorrow"], e),
            Command("taskwarrior", "annotate", size, lambda i, c=ids[:n]: [
                exe, str(c[i]), "annotate", "bench progress"], e),
            Command("taskwarrior", "done", size, lambda i, c=ids[n:]: [exe, str(c[i]), "done"], e),
            Command("taskwarrior", "list", size, lambda i: [exe, "list"], e),
            Command("taskwarrior", "next", size, lambda i: [exe, "next"], e),
            Command("taskwarrior", "summary", size, lambda i: [exe, "summary"], e),
            Command("taskwarrior", "export", size, lambda i: [exe, "export"], e),
        ]
        if args.skip_slowest and size == biggest:
            notes.append(f"taskwarrior burndown.weekly@{size}: skipped (--skip-slowest)")
            continue
        once = size >= ONCE_FROM and not args.smoke
        cmds.append(Command("taskwarrior", "burndown.weekly", size,
                            lambda i: [exe, "burndown.weekly"], e, once=once))
        if once:
            notes.append(f"taskwarrior burndown.weekly@{size}: run once, after the rounds, "
                         "without a warm-up")
    return cmds


def select(cmds: list[Command], pattern: str | None) -> list[Command]:
    if not pattern:
        return cmds
    rx = re.compile(pattern)
    keep = [c for c in cmds if c.tool == "floor" or rx.search(c.label)]
    return keep


def measure(cmds: list[Command], warmups: int, runs: int) -> None:
    rounds = [c for c in cmds if not c.once]
    total = warmups + runs
    for r in range(total):
        started = time.perf_counter()
        for cmd in rounds:
            run_once(cmd, r, record=r >= warmups)
        kind = "warm-up" if r < warmups else "run"
        print(f"  round {r + 1}/{total} ({kind}) {time.perf_counter() - started:6.1f} s",
              file=sys.stderr, flush=True)
    for cmd in (c for c in cmds if c.once):
        started = time.perf_counter()
        run_once(cmd, 0, record=True)
        print(f"  once: {cmd.label} {time.perf_counter() - started:6.1f} s",
              file=sys.stderr, flush=True)


# -- reporting ----------------------------------------------------------------------------
def med(cmd: Command | None) -> float | None:
    return statistics.median(cmd.times) * 1000 if cmd and cmd.times else None


def med_cpu(cmd: Command | None) -> float | None:
    return statistics.median(cmd.cpu) * 1000 if cmd and cmd.cpu else None


def peak_mb(cmd: Command | None) -> float | None:
    return max(cmd.rss) / 1024 if cmd and cmd.rss else None


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def ratio_text(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def find(cmds: list[Command], tool: str, name: str, size: int | None) -> Command | None:
    return next((c for c in cmds if c.tool == tool and c.name == name and c.size == size), None)


def targets(cmds: list[Command], args) -> list[tuple[str, str, str, str]]:
    """(target, measured, limit, verdict) rows."""
    rows = []

    def row(what: str, value: float | None, limit: float, unit: str = "×") -> None:
        if value is None:
            rows.append((what, "—", f"≤ {limit}{unit}", "not measured"))
            return
        shown = f"{value:.2f}×" if unit == "×" else f"{value:.0f} {unit.strip()}"
        rows.append((what, shown, f"≤ {limit:g}{unit}", "✅ met" if value <= limit else "❌ missed"))

    def div(a, b):
        return None if a is None or b is None or b == 0 else a / b

    floor = med(find(cmds, "floor", "typer app", None))
    for name in ("checkin", "assign", "done", "show"):
        for size in args.luoshi_sizes:
            row(f"{name} @{size:,} ÷ minimal Typer app",
                div(med(find(cmds, "luoshi", name, size)), floor), 1.3)
    small, big = min(args.luoshi_sizes), max(args.luoshi_sizes)
    if big != small:
        for name in ("checkin", "assign", "done", "show"):
            row(f"{name} @{big:,} ÷ {name} @{small:,}",
                div(med(find(cmds, "luoshi", name, big)), med(find(cmds, "luoshi", name, small))),
                1.2)
    tw_big = max(args.tw_sizes) if args.tw_sizes else None
    if tw_big:
        row(f"checkin @{big:,} tasks ÷ Taskwarrior annotate @{tw_big:,}",
            div(med(find(cmds, "luoshi", "checkin", big)),
                med(find(cmds, "taskwarrior", "annotate", tw_big))), 0.5)
        for size in sorted(set(args.luoshi_sizes) & set(args.tw_sizes) - {big}):
            row(f"checkin @{size:,} ÷ Taskwarrior annotate @{size:,}",
                div(med(find(cmds, "luoshi", "checkin", size)),
                    med(find(cmds, "taskwarrior", "annotate", size))), 0.5)
        row(f"report --week @{big:,} tasks (≈{big * 10:,} events) ÷ Taskwarrior summary @{tw_big:,}",
            div(med(find(cmds, "luoshi", "report --week", big)),
                med(find(cmds, "taskwarrior", "summary", tw_big))), 0.5)
    export = find(cmds, "luoshi", "export", big)
    if export is None:
        rows.append((f"export peak RSS @{big:,} tasks", "—", "≤ 150 MB",
                     "not measured: no `luoshi export`"))
    else:
        row(f"export peak RSS @{big:,} tasks (≈{big * 10:,} events)", peak_mb(export), 150, " MB")
    row("luoshi --help ÷ minimal Typer app", div(med(find(cmds, "luoshi", "--help", None)), floor),
        1.1)
    row("completion of a command name (`luoshi ch<Tab>`) ÷ minimal Typer app",
        div(med(find(cmds, "luoshi", "complete: command", None)), floor), 1.1)
    row(f"completion of a task id @{big:,} (`luoshi checkin 1<Tab>`) ÷ minimal Typer app",
        div(med(find(cmds, "luoshi", "complete: task id", big)), floor), 1.1)
    return rows


def paired(cmd: Command | None, floor: Command | None) -> float | None:
    """The median over rounds of this command's time ÷ the floor's time in the same round:
    a slow stretch of the machine slows both, so it cancels out of each ratio."""
    if not cmd or not floor or not cmd.times or len(cmd.times) != len(floor.times):
        return None
    return statistics.median(a / b for a, b in zip(cmd.times, floor.times))


def paired_check(cmds: list[Command], args) -> list[str]:
    """The 1.3× targets again, as paired ratios (see `paired`): steadier than the ratio of
    two medians taken minutes apart on a shared machine."""
    floor = find(cmds, "floor", "typer app", None)
    if floor is None or not floor.times:
        return []
    lines = ["", "Paired ratios — the median over rounds of (the command's time ÷ the Typer app's "
             "time in the same round), the same targets on steadier ground:", "",
             "| command | " + " | ".join(f"@{size:,}" for size in args.luoshi_sizes) + " |",
             "|---|" + "---:|" * len(args.luoshi_sizes)]
    for name in ("checkin", "assign", "done", "show"):
        cells = [paired(find(cmds, "luoshi", name, size), floor) for size in args.luoshi_sizes]
        lines.append(f"| {name} | " + " | ".join(
            "—" if r is None else f"{r:.2f}× {'✅' if r <= 1.3 else '❌'}" for r in cells) + " |")
    return lines


def cpu_check(cmds: list[Command], args) -> list[str]:
    """The step commands' CPU time (user + system) beside the Typer app's: steadier than wall
    time on a shared machine, where the 1.3× line is inside the wall-time noise."""
    floor = med_cpu(find(cmds, "floor", "typer app", None))
    if floor is None:
        return []
    lines = ["", "CPU time (user + system, median ms) of the same runs, ÷ the Typer app's "
             f"{floor:,.0f} ms — a cross-check of the 1.3× targets, which are on wall time:", "",
             "| command | " + " | ".join(f"@{size:,}" for size in args.luoshi_sizes) + " |",
             "|---|" + "---:|" * len(args.luoshi_sizes)]
    for name in ("checkin", "assign", "done", "show"):
        cells = []
        for size in args.luoshi_sizes:
            cpu = med_cpu(find(cmds, "luoshi", name, size))
            cells.append("—" if cpu is None else f"{cpu:,.0f} ms ({cpu / floor:.2f}×)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def environment(args) -> list[str]:
    def out(argv: list[str]) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        except OSError:
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    dirty = out(["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"])
    versions = out([str(PY), "-c", "import sqlite3, typer, pydantic, rich; print("
                    "f'typer {typer.__version__}, pydantic {pydantic.VERSION}, rich "
                    "{__import__(\"importlib.metadata\").metadata.version(\"rich\")}, "
                    "SQLite {sqlite3.sqlite_version}')"])
    return [
        f"commit {commit()}" + (" with uncommitted changes in the working tree" if dirty else ""),
        f"Python {platform.python_version()} ({PY}), {versions}",
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu})",
        f"{args.warmups} warm-ups and {args.runs} measured runs per command, interleaved",
    ]


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "nogit"


def markdown(cmds: list[Command], args, notes: list[str], gen: dict, seconds: float) -> str:
    floor = med(find(cmds, "floor", "typer app", None))
    py_floor = med(find(cmds, "floor", "python -c pass", None))
    lines = [f"# luoshi benchmark — {date.today().isoformat()} ({commit()})", ""]
    lines += [f"- {line}" for line in environment(args)]
    lines += [f"- whole run: {seconds / 60:.1f} min; load average (1 min) at start "
              f"{LOAD[0]:.2f}, at end {os.getloadavg()[0]:.2f}", ""]
    lines += ["## Targets", "", "| target | measured | limit | |", "|---|---:|---:|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in targets(cmds, args)]
    lines += paired_check(cmds, args)
    lines += cpu_check(cmds, args)
    lines += ["", "## Every command", "",
              "Wall time of the whole process in ms (median of the measured runs, then min–max), "
              "its CPU time (user + system, median), peak RSS (largest ru_maxrss of the runs), ratios of the median to the minimal "
              "Typer app and to `python -c pass`; `out` is the size of the last run's stdout.", "",
              "| tool | command | size | runs | median ms | min–max ms | CPU ms | peak RSS MB "
              "| ÷ Typer app | ÷ python | out KB | failures |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cmds:
        m = med(c)
        span = f"{min(c.times) * 1000:,.0f}–{max(c.times) * 1000:,.0f}" if c.times else "—"
        lines.append(
            f"| {c.tool} | `{c.name}` | {f'{c.size:,}' if c.size else ''} | "
            f"{len(c.times)}{' (once)' if c.once else ''} | {fmt(m, 1 if m and m < 100 else 0)} | "
            f"{span} | {fmt(med_cpu(c))} | {fmt(peak_mb(c), 1)} | {ratio_text(m, floor)} | "
            f"{ratio_text(m, py_floor)} | "
            f"{c.out_bytes / 1024:,.0f} | {len(c.failures) or ''} |")
    lines += ["", "## Scaling (median ms by size)", ""]
    for tool, sizes in (("luoshi", args.luoshi_sizes), ("taskwarrior", args.tw_sizes)):
        names = list(dict.fromkeys(c.name for c in cmds if c.tool == tool and c.size))
        if not names:
            continue
        lines += [f"| {tool} | " + " | ".join(f"{s:,}" for s in sizes)
                  + f" | {max(sizes):,} ÷ {min(sizes):,} |",
                  "|---|" + "---:|" * (len(sizes) + 1)]
        for name in names:
            vals = [med(find(cmds, tool, name, s)) for s in sizes]
            lines.append(f"| `{name}` | " + " | ".join(fmt(v) for v in vals)
                         + f" | {ratio_text(vals[-1], vals[0])} |")
        lines.append("")
    failures = [(c, f) for c in cmds for f in c.failures]
    if failures:
        lines += ["## Failures (non-zero exits, not in the timings)", ""]
        lines += [f"- {c.label} run {i}: exit {code}: {text}" for c, (i, code, text) in failures]
        lines.append("")
    lines += ["## Data and setup", ""]
    for key, stats in gen.items():
        what = ("generated through SqliteLedger.append + fold + save_task"
                if key.startswith("luoshi") else "loaded with `task import`")
        lines.append(f"- {key}: {stats.get('tasks', 0):,} tasks"
                     + (f", {stats['events']:,} events" if "events" in stats else "")
                     + f", {what} in {stats.get('seconds', 0):,.1f} s"
                     + (f", {stats['bytes'] / 1e6:,.0f} MB" if "bytes" in stats else ""))
    lines += [f"- {n}" for n in notes]
    lines += ["", "Reproduce: `make bench` (or `.venv/bin/python bench/run.py`); "
              "see bench/README.md.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_SIZE}-task ledgers, 1 run, no warm-up; no results file")
    parser.add_argument("--warmups", type=int, default=None, help="warm-up runs (default 2)")
    parser.add_argument("--runs", type=int, default=None, help="measured runs (default 7)")
    parser.add_argument("--luoshi-sizes", type=lambda s: tuple(int(x) for x in s.split(",")),
                        default=None, help="comma-separated task counts (default 1000,10000,100000)")
    parser.add_argument("--tw-sizes", type=lambda s: tuple(int(x) for x in s.split(",")),
                        default=None, help="Taskwarrior task counts (default 1000,10000,50000)")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--skip-slowest", action="store_true",
                        help="leave out `task burndown.weekly` at the biggest Taskwarrior size")
    parser.add_argument("--only", help="regex on tool:command@size (the floors always run)")
    parser.add_argument("--export-args", help="arguments after `luoshi export` (default: guessed)")
    parser.add_argument("--out", help="the Markdown file (default bench/results/DATE-COMMIT.md)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.warmups = 0 if args.warmups is None else args.warmups
        args.runs = 1 if args.runs is None else args.runs
        args.luoshi_sizes = args.luoshi_sizes or (SMOKE_SIZE,)
        args.tw_sizes = args.tw_sizes or (SMOKE_SIZE,)
    else:
        args.warmups = 2 if args.warmups is None else args.warmups
        args.runs = 7 if args.runs is None else args.runs
        args.luoshi_sizes = args.luoshi_sizes or LUOSHI_SIZES
        args.tw_sizes = args.tw_sizes or TW_SIZES
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    started = time.perf_counter()
    LOAD[0] = os.getloadavg()[0]
    os.environ.setdefault("LUOSHI_NOW", NOW)  # generation: the migration record's time
    env = base_env()
    preflight(env)
    notes: list[str] = []
    SPAWN[0] = build_spawn()
    notes.append("processes started, timed and measured by bench/spawn.c (fork → wait4)"
                 if SPAWN[0] else
                 "no C compiler: processes started straight from the runner; their peak RSS "
                 f"cannot read below the runner's own (~{resource_mb():.0f} MB)")
    gen: dict = {}
    cmds = select(build_commands(args, env, notes, gen), args.only)
    if args.only:
        args.tw_sizes = tuple(sorted({c.size for c in cmds if c.tool == "taskwarrior"})) or ()
        args.luoshi_sizes = tuple(sorted({c.size for c in cmds if c.tool == "luoshi" and c.size}))\
            or args.luoshi_sizes
    print(f"{len(cmds)} commands × ({args.warmups} warm-ups + {args.runs} runs)", file=sys.stderr)
    measure(cmds, args.warmups, args.runs)
    text = markdown(cmds, args, notes, gen, time.perf_counter() - started)

    raw = {c.label: {"times_ms": [t * 1000 for t in c.times], "cpu_ms": [t * 1000 for t in c.cpu],
                     "rss_kb": c.rss, "failures": c.failures} for c in cmds}
    (CACHE / ("smoke.json" if args.smoke else "last-run.json")).write_text(
        json.dumps(raw, ensure_ascii=False, indent=1))
    if args.out:
        out = Path(args.out)
    elif args.smoke:
        out = CACHE / "smoke.md"
    else:
        out = RESULTS / f"{date.today().isoformat()}-{commit()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"written to {out}", file=sys.stderr)
    failed = sum(len(c.failures) for c in cmds)
    if failed:
        print(f"{failed} runs exited non-zero (see Failures)", file=sys.stderr)
    sys.exit(1 if args.smoke and failed else 0)


if __name__ == "__main__":
    main()
