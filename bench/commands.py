"""What bench/run.py times: every command, its arguments per run, and the ledger it runs on.

Each run of a write command targets a different task, chosen from the ledger so that the
step is allowed (an open task for a check-in, a finished one for a score…), acting as the
person the step needs: the task's owner or lead (`--as` on a ledger file; on a team ledger
the member role of that person, since the server knows who connects). The team ledger runs
the same steps on the same tasks as the file, in a copy of the same data.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

STEPS = ("assign", "checkin", "done", "remind", "escalate", "extend", "reassign", "score",
         "close", "reopen", "cancel", "waive", "show", "accept", "return", "amend", "note",
         "inbox")
# which pool of tasks each step takes its targets from, and who acts
_OPEN_STEPS = {"checkin": "owner", "done": "owner", "remind": "lead", "escalate": "lead",
               "extend": "lead", "reassign": "lead", "cancel": "lead", "waive": "lead",
               "accept": "owner", "return": "owner", "amend": "lead", "note": "lead"}
_FINISHED_STEPS = {"score": ("done", "lead"), "close": ("done", "lead"),
                   "reopen": ("closed", "lead")}
ASSIGNER = "王局长"


@dataclass
class Command:
    tool: str  # floor, luoshi (a ledger file), luoshi-pg (a team ledger), taskwarrior
    name: str
    size: int | None
    argv: Callable[[int], list[str]]  # run index → argv
    env: dict[str, str] | Callable[[int], dict[str, str]]  # or run index → environment
    once: bool = False
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KB
    cpu: list[float] = field(default_factory=list)  # user + system CPU seconds
    failures: list[tuple[int, int, str]] = field(default_factory=list)  # run, code, stderr
    out_bytes: int = 0

    @property
    def label(self) -> str:
        return f"{self.tool}:{self.name}" + (f"@{self.size}" if self.size else "")

    def env_for(self, index: int) -> dict[str, str]:
        return self.env(index) if callable(self.env) else self.env


@dataclass
class Target:
    """One run's task and the person who acts on it."""

    task: int
    actor: str
    owner: str
    progress: int = 0


def pick_targets(db: Path, n: int, rng: random.Random, steps: tuple[str, ...] = STEPS) -> dict:
    """Distinct tasks for each of `steps` (n runs each), ids for show, an owner for list and
    inbox."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id, owner, lead, progress, status, escalation, accepted "
                            "FROM tasks ORDER BY id").fetchall()
        by_owner = conn.execute(
            "SELECT owner, count(*) FROM tasks WHERE status = 'open' GROUP BY owner "
            "ORDER BY count(*), owner").fetchall()
    pools = {s: [r for r in rows if r[4] == s] for s in ("open", "done", "closed")}
    for pool in pools.values():
        rng.shuffle(pool)
    pools["open"].sort(key=lambda r: r[5] > 3)  # escalate needs room on the ladder: first
    out: dict = {}

    def take(pool: str, role: str) -> list[Target]:
        if len(pools[pool]) < n:
            sys.exit(f"{db}: too few {pool} tasks for {n} runs of each step")
        chosen, pools[pool][:n] = pools[pool][:n], []
        return [Target(r[0], r[1] if role == "owner" else r[2], r[1], r[3]) for r in chosen]

    if "accept" in steps:  # a task nobody signed for yet (a check-in signs too), taken first
        pools["unsigned"] = [r for r in pools["open"] if r[6] is None and r[1] != r[2]]
        out["accept"] = take("unsigned", "owner")
        taken = {t.task for t in out["accept"]}
        pools["open"] = [r for r in pools["open"] if r[0] not in taken]
    if "escalate" in steps:
        out["escalate"] = take("open", "lead")
    for step, role in _OPEN_STEPS.items():
        if step not in ("escalate", "accept") and step in steps:
            out[step] = take("open", role)
    for step, (pool, role) in _FINISHED_STEPS.items():
        if step in steps:
            out[step] = take(pool, role)
    owner, owner_open = by_owner[len(by_owner) // 2]  # an owner with a median load
    out["show"] = [Target(i, ASSIGNER, "") for i in rng.sample(range(1, len(rows) + 1), min(n, len(rows)))]
    out["owner"], out["owner_open"] = owner, owner_open
    out["open"] = sum(1 for r in rows if r[4] == "open")
    return out


def step_args(step: str, t: Target, i: int) -> list[str]:
    """The arguments of one run of a step on its target task (the command name first)."""
    tid = str(t.task)
    other = "王芳" if t.owner == "张伟" else "张伟"
    return {
        "assign": ["assign", f"bench commitment {i}", "--owner", "张伟", "--due", "2026-12-04"],
        "checkin": ["checkin", tid, str(min(99, t.progress + 3)), "bench progress"],
        "done": ["done", tid], "remind": ["remind", tid, "请抓紧"],
        "escalate": ["escalate", tid, "--reason", "bench"],
        "extend": ["extend", tid, "--due", "2027-06-30", "--reason", "bench"],
        "reassign": ["reassign", tid, "--owner", other, "--reason", "bench"],
        "score": ["score", tid, "4"], "close": ["close", tid],
        "reopen": ["reopen", tid, "--reason", "bench"], "cancel": ["cancel", tid, "--reason", "bench"],
        "waive": ["waive", tid, "--reason", "bench"], "show": ["show", tid],
        "accept": ["accept", tid], "return": ["return", tid, "--reason", "bench", "--missing", "预算"],
        "amend": ["amend", tid, "--title", f"bench title {i}", "--reason", "bench"],
        "note": ["note", tid, "bench note"], "inbox": ["inbox"],
    }[step]


def step_commands(luoshi: str, tool: str, size: int, targets: dict,
                  run_as: Callable[[str, list[str]], tuple[list[str], dict[str, str]]],
                  ) -> list[Command]:
    """Every step command at one size; `run_as(person, args)` → (argv, env) of that person."""
    cmds = []
    for step in STEPS:
        def argv(i, step=step):
            return run_as(_actor(step, targets, i), step_args(step, _target(step, targets, i), i))[0]

        def env(i, step=step):
            return run_as(_actor(step, targets, i), step_args(step, _target(step, targets, i), i))[1]

        cmds.append(Command(tool, step, size, argv, env))
    return cmds


def _target(step: str, targets: dict, i: int) -> Target:
    if step in ("assign", "inbox"):
        return Target(0, ASSIGNER, "")
    return targets[step][i]


def _actor(step: str, targets: dict, i: int) -> str:
    if step == "assign":
        return ASSIGNER
    if step == "inbox":
        return targets["owner"]
    return _target(step, targets, i).actor
