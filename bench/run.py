"""luoshi's benchmark: whole processes, timed and measured, against floors and Taskwarrior.

    python bench/run.py                 # the full run → bench/results/YYYY-MM-DD-<commit>.md
    python bench/run.py --smoke         # tiny ledgers, one run each, well under a minute
    python bench/run.py --skip-slowest  # leave out `task burndown.weekly` at the biggest size
    python bench/run.py --only 'checkin|annotate' --runs 11

What is timed: the wall time of one whole process, from fork to exit, as a user sees it
(interpreter start, imports, opening the ledger, the work, printing to a file). Peak RSS is
the child's ru_maxrss. Every command runs W warm-ups (not counted) and R measured runs,
interleaved: each round runs every command once, in a fixed order, so slow drift of the
machine touches every command alike. Non-zero exits count as failures and are shown; they
are not part of the timings.

Commands (bench/commands.py):
  floors     `python -c pass`, `python -c "import typer"`, `python -c "import psycopg"`,
             bench/floor_typer.py (a minimal one-command Typer app)
  luoshi     --help and completion; every step command (assign … inbox), list --owner,
             completion of a task id, report --week, report --month --format json and export
             on the mixed ledgers of 1k, 10k and 100k tasks (≈10 events each);
             report --week on every other shape at ≈1M events, and checkin + report --week
             on the check-in-heavy shape at 50k tasks (a Taskwarrior history)
  luoshi-pg  the same step commands, list and reports on team ledgers holding the same data
             (a PostgreSQL cluster started for the run: bench/team.py), as the member each
             step needs
  taskwarrior add, annotate, done, list, next, summary, export, burndown.weekly at 1k, 10k,
             50k tasks (bench/taskwarrior.py); burndown.weekly at 50k runs once

Writes go to fresh copies of the cached ledgers (bench/.cache/work/) and to a throwaway
cluster, so the cache stays pristine; each run of a write command targets a different task.
Every process sees TZ=Asia/Shanghai, LANG=C.UTF-8 and an empty HOME (no user config);
luoshi also LUOSHI_NOW=2026-11-23T09:30:00+08:00 (the end of the generated period; a team
ledger's server clock is fixed there too). Processes start through bench/spawn.c (compiled
once into .cache/), which takes the time and the child's own ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import commands as cm  # noqa: E402
import generate  # noqa: E402
import summary  # noqa: E402
import taskwarrior as tw  # noqa: E402
from commands import Command  # noqa: E402

CACHE = HERE / ".cache"
WORK = CACHE / "work"
RESULTS = HERE / "results"
PY = Path(sys.executable)
LUOSHI = PY.parent / "luoshi"
NOW = generate.NOW

LUOSHI_SIZES = (1_000, 10_000, 100_000)
TW_SIZES = (1_000, 10_000, 50_000)
SHAPES = ("open", "late", "checkin", "pattern")  # besides mixed, each at ≈1M events
CHECKIN_50K = 50_000  # the check-in-heavy shape at this size: checkin vs task annotate @50k
SMOKE_SIZE = 50
ONCE_FROM = 50_000  # burndown.weekly at this many tasks or more runs once
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
    """One whole process: wall time fork→exit, ru_maxrss, CPU time, exit code."""
    WORK.mkdir(parents=True, exist_ok=True)
    out_path, err_path = WORK / "stdout", WORK / "stderr"
    argv, env = cmd.argv(index), cmd.env_for(index)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        if SPAWN[0] is not None:  # time and ru_maxrss taken by the small launcher
            r, w = os.pipe()
            proc = subprocess.Popen([str(SPAWN[0]), str(w), *argv], env=env, pass_fds=(w,),
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=WORK)
            os.close(w)
            with os.fdopen(r, "rb") as pipe:
                report = pipe.read().split()
            proc.wait()
            if len(report) != 4:
                cmd.failures.append((index, proc.returncode, "spawn reported nothing"))
                return
            elapsed, maxrss = int(report[0]) / 1e9, int(report[1])
            code, cpu = os.waitstatus_to_exitcode(int(report[2])), int(report[3]) / 1e6
        else:  # straight from here: ru_maxrss is at least this runner's own RSS
            started = time.perf_counter()
            proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, cwd=WORK)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            code, maxrss = os.waitstatus_to_exitcode(status), usage.ru_maxrss
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
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], env=env, check=False)
    return tw.task_binary()


def preflight(env: dict[str, str]) -> None:
    proc = subprocess.run([str(LUOSHI), "--help"], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"`luoshi --help` fails (exit {proc.returncode}); fix that first:\n"
                 + proc.stderr[-2000:])


def work_copy(size: int, shape: str) -> tuple[Path, Path, dict]:
    """(cached ledger, a fresh work copy of it, its generation stats)."""
    cached, stats, _ = generate.ensure(size, shape)
    WORK.mkdir(parents=True, exist_ok=True)
    work = WORK / f"luoshi-{shape}-{size}.db"
    for p in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    return cached, work, stats


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


class Team:
    """The run's PostgreSQL cluster and its team ledgers (bench/team.py), or why there is none."""

    def __init__(self, wanted: bool, notes: list[str]) -> None:
        import team

        self.cluster, self.roles, self.why = None, team.Roles(), None
        if not wanted:
            self.why = "--no-team"
            return
        try:
            self.cluster = team.start()
        except team.unavailable() as exc:
            self.why = str(exc)
            if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
                sys.exit(f"PostgreSQL is required here (LUOSHI_REQUIRE_SERVICES=1): {exc}")
        if self.cluster is not None:
            version = self.cluster.value("SHOW server_version")
            notes.append(f"team ledgers: PostgreSQL {version} on 127.0.0.1:{self.cluster.port} "
                         "(tests/pgserver.py, shared_buffers 128 MB), loaded by bench/team.py")

    def load(self, cached: Path, shape: str, size: int, gen: dict) -> str | None:
        """The team ledger of this ledger file (its database name), or None without a cluster."""
        import team

        if self.cluster is None:
            return None
        database = f"{shape}_{size}"
        _admin, stats = team.load(self.cluster, cached, database, self.roles, NOW,
                                  extra_leads=(cm.ASSIGNER,))  # who assigns and reports
        gen[f"luoshi-pg {shape}@{size}"] = stats
        return database

    def run_as(self, database: str, env: dict[str, str]):
        import team

        def run_as(person: str, args: list[str]) -> tuple[list[str], dict[str, str]]:
            url = team.member_url(self.cluster, database, self.roles.role(person))
            return [str(LUOSHI), *args], dict(env, LUOSHI_DB=url)

        return run_as

    def stop(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


# -- the commands -------------------------------------------------------------------------
def floors(env: dict[str, str]) -> list[Command]:
    py = str(PY)
    return [
        Command("floor", "python -c pass", None, lambda i: [py, "-c", "pass"], env),
        Command("floor", "import typer", None, lambda i: [py, "-c", "import typer"], env),
        Command("floor", "import psycopg", None, lambda i: [py, "-c", "import psycopg"], env),
        Command("floor", "typer app", None,
                lambda i: [py, str(HERE / "floor_typer.py"), "--name", "bench"], env),
        Command("luoshi", "--help", None, lambda i: [str(LUOSHI), "--help"], env),
        Command("luoshi", "complete: command", None, lambda i: [str(LUOSHI)],
                completing(env, "luoshi ch")),
    ]


def luoshi_at(size: int, args, env, team: Team, notes: list[str], gen: dict,
              rng: random.Random) -> list[Command]:
    """Every luoshi command on the mixed ledger of `size` tasks, on a file and on a team ledger."""
    n = args.warmups + args.runs
    cached, db, stats = work_copy(size, "mixed")
    gen[f"luoshi mixed@{size}"] = stats
    t = cm.pick_targets(cached, n, rng)
    notes.append(f"luoshi mixed@{size}: {stats['tasks']:,} tasks, {stats['events']:,} events, "
                 f"{t['open']:,} open; list and inbox show {t['owner']}'s {t['owner_open']:,} open tasks")
    e = dict(env, LUOSHI_DB=str(db), LUOSHI_NOW=NOW, LUOSHI_USER=cm.ASSIGNER)
    L = str(LUOSHI)

    def file_as(person: str, argv: list[str]) -> tuple[list[str], dict[str, str]]:
        return [L, "--as", person, *argv], e

    cmds = cm.step_commands(L, "luoshi", size, t, file_as)
    cmds += [
        Command("luoshi", "list --owner", size, lambda i: [L, "list", "--owner", t["owner"]], e),
        Command("luoshi", "complete: task id", size, lambda i: [L], completing(e, "luoshi checkin 1")),
        Command("luoshi", "report --week", size, lambda i: [L, "report", "--week"], e),
        Command("luoshi", "report --month json", size,
                lambda i: [L, "report", "--month", "--format", "json"], e),
        Command("luoshi", "export", size, lambda i: [L, "export"], e),
    ]
    database = team.load(cached, "mixed", size, gen)
    if database is not None:
        run_as = team.run_as(database, dict(env, LUOSHI_NOW=NOW))
        cmds += cm.step_commands(L, "luoshi-pg", size, t, run_as)
        for name, argv in (("list --owner", ["list", "--owner", t["owner"]]),
                           ("report --week", ["report", "--week"]),
                           ("report --month json", ["report", "--month", "--format", "json"])):
            cmds.append(Command("luoshi-pg", name, size, lambda i, a=argv: run_as(cm.ASSIGNER, a)[0],
                                lambda i, a=argv: run_as(cm.ASSIGNER, a)[1]))
    return cmds


def luoshi_shapes(args, env, team: Team, notes: list[str], gen: dict,
                  rng: random.Random) -> list[Command]:
    """report --week on every other shape at ≈1M events; checkin on the Taskwarrior-like 50k."""
    from shapes import SHAPES as SPECS

    L, cmds = str(LUOSHI), []
    sizes = [(s, SMOKE_SIZE if args.smoke else SPECS[s].per_million) for s in args.shapes]
    if "checkin" in args.shapes:
        sizes.append(("checkin", SMOKE_SIZE * 2 if args.smoke else CHECKIN_50K))
    for shape, size in sizes:
        cached, db, stats = work_copy(size, shape)
        gen[f"luoshi {shape}@{size}"] = stats
        notes.append(f"luoshi {shape}@{size}: {stats['tasks']:,} tasks, {stats['events']:,} events, "
                     + ", ".join(f"{v:,} {k}" for k, v in sorted(stats["statuses"].items())))
        e = dict(env, LUOSHI_DB=str(db), LUOSHI_NOW=NOW, LUOSHI_USER=cm.ASSIGNER)
        name = f"report --week ({shape})"
        cmds.append(Command("luoshi", name, size, lambda i: [L, "report", "--week"], e))
        if shape == "checkin" and size in (CHECKIN_50K, SMOKE_SIZE * 2):
            t = cm.pick_targets(cached, args.warmups + args.runs, rng, ("checkin",))
            cmds.append(Command("luoshi", "checkin (checkin)", size, lambda i, c=t["checkin"]: [
                L, "--as", c[i].actor, "checkin", str(c[i].task), "0", "bench annotation"], e))
        if args.team_shapes and size != CHECKIN_50K:
            database = team.load(cached, shape, size, gen)
            if database is not None:
                run_as = team.run_as(database, dict(env, LUOSHI_NOW=NOW))
                cmds.append(Command("luoshi-pg", name, size,
                                    lambda i, r=run_as: r(cm.ASSIGNER, ["report", "--week"])[0],
                                    lambda i, r=run_as: r(cm.ASSIGNER, ["report", "--week"])[1]))
    return cmds


def taskwarrior(args, env, notes: list[str], gen: dict) -> list[Command]:
    exe = None if args.no_taskwarrior else ensure_taskwarrior(args.smoke)
    if exe is None:
        notes.append("Taskwarrior: not measured (" + ("--no-taskwarrior" if args.no_taskwarrior
                                                      else "`task` not installed") + ")")
        return []
    n = args.warmups + args.runs
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    notes.append(f"Taskwarrior {version}: rc " + ", ".join(tw.RC_LINES))
    cmds, rng = [], random.Random(11)
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
            *(Command("taskwarrior", name, size, lambda i, w=name: [exe, w], e)
              for name in ("list", "next", "summary", "export")),
        ]
        if args.skip_slowest and size == max(args.tw_sizes):
            notes.append(f"taskwarrior burndown.weekly@{size}: skipped (--skip-slowest)")
            continue
        once = size >= ONCE_FROM and not args.smoke
        cmds.append(Command("taskwarrior", "burndown.weekly", size,
                            lambda i: [exe, "burndown.weekly"], e, once=once))
    return cmds


def select(cmds: list[Command], pattern: str | None) -> list[Command]:
    if not pattern:
        return cmds
    rx = re.compile(pattern)
    return [c for c in cmds if c.tool == "floor" or rx.search(c.label)]


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
        print(f"  once: {cmd.label} {time.perf_counter() - started:6.1f} s", file=sys.stderr,
              flush=True)


def parse(argv: list[str] | None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = lambda s: tuple(int(x) for x in s.split(",") if x)  # noqa: E731
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_SIZE}-task ledgers, 1 run, no warm-up; no results file")
    parser.add_argument("--warmups", type=int, default=None, help="warm-up runs (default 2)")
    parser.add_argument("--runs", type=int, default=None, help="measured runs (default 7)")
    parser.add_argument("--luoshi-sizes", type=sizes, default=None,
                        help="mixed ledger sizes in tasks (default 1000,10000,100000)")
    parser.add_argument("--shapes", type=lambda s: tuple(x for x in s.split(",") if x),
                        default=SHAPES, help="other shapes at ≈1M events (default all)")
    parser.add_argument("--tw-sizes", type=sizes, default=None,
                        help="Taskwarrior task counts (default 1000,10000,50000)")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--no-team", action="store_true", help="no PostgreSQL team ledgers")
    parser.add_argument("--team-shapes", action="store_true",
                        help="load the other shapes into team ledgers too (report --week on each)")
    parser.add_argument("--skip-slowest", action="store_true",
                        help="leave out `task burndown.weekly` at the biggest Taskwarrior size")
    parser.add_argument("--only", help="regex on tool:command@size (the floors always run)")
    parser.add_argument("--out", help="the Markdown file (default bench/results/DATE-COMMIT.md)")
    parser.add_argument("--note", action="append", default=[],
                        help="a line for the results file (what else ran on the machine…)")
    args = parser.parse_args(argv)
    smoke = args.smoke
    args.warmups = (0 if smoke else 2) if args.warmups is None else args.warmups
    args.runs = (1 if smoke else 7) if args.runs is None else args.runs
    args.luoshi_sizes = args.luoshi_sizes or ((SMOKE_SIZE,) if smoke else LUOSHI_SIZES)
    args.tw_sizes = args.tw_sizes or ((SMOKE_SIZE,) if smoke else TW_SIZES)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    started, load = time.perf_counter(), os.getloadavg()[0]
    os.environ.setdefault("LUOSHI_NOW", NOW)  # generation: the migration record's time
    env = base_env()
    preflight(env)
    SPAWN[0] = build_spawn()
    notes = list(args.note) + ["processes started, timed and measured by bench/spawn.c (fork → wait4)"
                               if SPAWN[0] else "no C compiler: processes started straight from "
                               "the runner; their peak RSS cannot read below the runner's own"]
    gen: dict = {}
    team = Team(not args.no_team, notes)
    try:
        rng = random.Random(7)
        cmds = floors(env)
        for size in args.luoshi_sizes:
            cmds += luoshi_at(size, args, env, team, notes, gen, rng)
        cmds += luoshi_shapes(args, env, team, notes, gen, rng)
        cmds += taskwarrior(args, env, notes, gen)
        if team.cluster is None:
            notes.append(f"team ledgers: not measured ({team.why})")
        cmds = select(cmds, args.only)
        print(f"{len(cmds)} commands × ({args.warmups} warm-ups + {args.runs} runs)", file=sys.stderr)
        measure(cmds, args.warmups, args.runs)
    finally:
        team.stop()
    text = summary.markdown(cmds, args, notes, gen, time.perf_counter() - started, load, commit())
    raw = {c.label: {"times_ms": [t * 1000 for t in c.times], "cpu_ms": [t * 1000 for t in c.cpu],
                     "rss_kb": c.rss, "failures": c.failures} for c in cmds}
    (CACHE / ("smoke.json" if args.smoke else "last-run.json")).write_text(
        json.dumps(raw, ensure_ascii=False, indent=1))
    out = Path(args.out) if args.out else (CACHE / "smoke.md" if args.smoke else
                                           RESULTS / f"{date.today().isoformat()}-{commit()}.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    print(f"written to {out}", file=sys.stderr)
    failed = sum(len(c.failures) for c in cmds)
    if failed:
        print(f"{failed} runs exited non-zero (see Failures)", file=sys.stderr)
    sys.exit(1 if args.smoke and failed else 0)


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "nogit"


if __name__ == "__main__":
    main()
