"""Taskwarrior databases for the comparison, loaded with `task import`.

    python bench/taskwarrior.py 1000 10000 50000

Each size gets its own TASKDATA directory and TASKRC file under bench/.cache/ (nothing
touches ~/.task or ~/.taskrc). The rc file:

    confirmation=off   no prompts (bulk changes, deletes)
    verbose=nothing    no headers, footnotes, "Created task N" or news nags
    hooks=off          no hook scripts
    gc=on              Taskwarrior's default. gc moves completed tasks out of pending.data
                       and renumbers ids; it also lets commands filtered by id read only
                       pending.data (with gc=off every command reads completed.data too,
                       which is slower and not what users run)
    detection=off, color=off, defaultwidth=120 (defaultheight stays 24: one page for `next`)
                       the same output whatever terminal runs the benchmark

The data: N tasks spread over the two years before the generation time (Taskwarrior has
no fixed clock, so its data is relative to the real now), deadlines 1–45 days after entry,
12 projects, 0–3 tags, ~30% with 1–3 annotations, ~60% completed (older tasks more
often). Deterministic for a given size apart from that time anchor.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

TW_VERSION = 1
CACHE = Path(__file__).resolve().parent / ".cache"
RC_LINES = [
    "confirmation=off", "verbose=nothing", "hooks=off", "gc=on", "detection=off",
    "color=off", "defaultwidth=120", "news.version=2.6.0",
]
PROJECTS = ["home", "work.ops", "work.web", "work.hiring", "budget", "audit", "garden",
            "reading", "travel", "health", "finance", "community"]
TAGS = ["next", "waiting", "phone", "email", "errand", "deep", "review", "urgent", "someday"]
WORDS = ["draft", "review", "call", "email", "fix", "plan", "book", "pay", "update", "write",
         "read", "clean", "ship", "check", "order", "prepare", "report", "budget", "slides",
         "contract", "garden", "taxes", "invoice", "notes", "backlog", "tests"]


def task_binary() -> str | None:
    return shutil.which("task")


def paths(size: int) -> tuple[Path, Path]:
    root = CACHE / f"tw-{size}-g{TW_VERSION}"
    return root / "data", root / "taskrc"


def write_rc(rc: Path, data: Path) -> None:
    rc.write_text(f"data.location={data}\n" + "\n".join(RC_LINES) + "\n")


def env_for(rc: Path, data: Path, base: dict | None = None) -> dict:
    env = dict(base if base is not None else os.environ)
    env["TASKRC"] = str(rc)
    env["TASKDATA"] = str(data)
    return env


def _tw(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def make_tasks(size: int, now: float) -> list[dict]:
    rng = random.Random(4242 + size)
    day = 86400.0
    tasks = []
    for i in range(size):
        entry = now - rng.uniform(2, 730) * day
        due = entry + rng.uniform(1, 45) * day
        age = now - entry
        completed = rng.random() < 0.15 + 0.5 * min(1.0, age / (90 * day))
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        task = {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "description": f"{words} {i + 1}",
            "entry": _tw(entry),
            "status": "completed" if completed else "pending",
            "due": _tw(due),
            "project": rng.choice(PROJECTS),
        }
        tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3)))
        if tags:
            task["tags"] = tags
        end = None
        if completed:
            end = min(now - 60, due + rng.uniform(-0.5, 1.0) * (due - entry))
            end = max(end, entry + 3600)
            task["end"] = _tw(end)
        if rng.random() < 0.3:
            top = end or now - 60
            task["annotations"] = [
                {"entry": _tw(entry + rng.uniform(0.05, 0.95) * (top - entry)),
                 "description": rng.choice(["waiting on reply", "called back",
                                            "half done", "see email", "moved to Friday"])}
                for _ in range(rng.randint(1, 3))
            ]
        task["modified"] = _tw(end or entry)
        tasks.append(task)
    return tasks


def ensure(size: int, force: bool = False, quiet: bool = False) -> tuple[Path, Path, dict, bool]:
    """The cached Taskwarrior database of `size` tasks. → (data dir, rc, stats, fresh)."""
    exe = task_binary()
    if exe is None:
        raise RuntimeError("Taskwarrior's `task` is not installed")
    data, rc = paths(size)
    meta_path = data.parent / "meta.json"
    if data.exists() and meta_path.exists() and not force:
        return data, rc, json.loads(meta_path.read_text()), False
    root = data.parent
    tmp = root.with_name(root.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "data").mkdir(parents=True)
    write_rc(tmp / "taskrc", tmp / "data")
    now = time.time()
    tasks = make_tasks(size, now)
    src = tmp / "import.json"
    src.write_text(json.dumps(tasks))
    if not quiet:
        print(f"importing {size:,} tasks into Taskwarrior → {root.name}", file=sys.stderr)
    started = time.perf_counter()
    env = env_for(tmp / "taskrc", tmp / "data")
    subprocess.run([exe, "import", str(src)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # one id-displaying command runs the gc: completed tasks move to completed.data
    subprocess.run([exe, "rc.gc=on", "ids"], env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    src.unlink()
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    write_rc(rc, data)  # the final paths
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    pending = sum(1 for t in tasks if t["status"] == "pending")
    stats = {"tasks": size, "pending": pending, "completed": size - pending,
             "annotations": sum(len(t.get("annotations", ())) for t in tasks),
             "seconds": round(seconds, 2), "generated_at": _tw(now), "taskwarrior": version,
             "bytes": sum(p.stat().st_size for p in data.iterdir())}
    meta_path.write_text(json.dumps(stats, indent=1))
    if not quiet:
        print(f"  {size:,} tasks imported in {seconds:.1f} s", file=sys.stderr)
    return data, rc, stats, True


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    for size in args.sizes:
        data, rc, stats, fresh = ensure(size, force=args.force)
        print(f"{size:>7} tasks  {'imported' if fresh else 'cached':8}  {stats['seconds']:7.1f} s  {data}")


if __name__ == "__main__":
    main()
