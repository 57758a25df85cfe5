"""Bulk ledgers for the benchmark, written through luoshi's own store code.

    python bench/generate.py 1000 10000 100000      # build (or reuse) cached ledgers
    python bench/generate.py --force 1000           # rebuild
    python bench/generate.py --out /tmp/x.db 500    # one ledger at a given path, no cache

Every event goes through the same path the services use: the payload model
(`luoshi.domain.events`) → `SqliteLedger.append` (head lookup, canonical payload, hash chain,
INSERT with the append-only/contiguity triggers) → `domain.task.fold` → `save_task`
(UPSERT of the current-state row). Only the transaction size differs: the services commit
one event per command, here ~2,000 events share one `writing()` transaction.

The ledger: N tasks with ≈10 events each, their `at` times spread over the two years before
NOW (2026-11-23T09:30:00+08:00) and appended in time order across tasks (as a real ledger
grows); ~50 owners with Chinese and English names, 8 leads; deadlines 1–45 days after the
assignment; several check-ins by the owner, some reminders and escalations by the lead,
≈60% finished (older tasks more often), half of those closed and about half scored.
Deterministic for a given size (seeded). Like every ledger luoshi writes, it has no planner
statistics (no ANALYZE): queries must be quick without them.

Cached ledgers live in bench/.cache/luoshi-<N>-g<GEN>-s<SCHEMA>.db with a .json beside it
(tasks, events, seconds to generate); the key changes when this generator or luoshi's
schema version changes, so a stale cache is never used.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

GEN_VERSION = 2  # 2: no planner statistics (sqlite_stat1), as in every ledger luoshi writes
NOW = "2026-11-23T09:30:00+08:00"
SPAN_DAYS = 730
EVENTS_PER_TRANSACTION = 2000
CACHE_MB = 512
CACHE = Path(__file__).resolve().parent / ".cache"

OWNERS = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷",
    "徐明", "孙丽", "马超", "朱琳", "胡军", "郭涛", "何雪", "高峰", "林晓", "罗彬",
    "郑爽", "梁宇", "谢娟", "宋佳", "唐亮", "韩梅", "冯刚", "曹颖", "彭飞", "曾琪",
    "Alice Chen", "Bob Li", "Carol Wang", "David Zhang", "Emma Liu", "Frank Zhou",
    "Grace Wu", "Henry Xu", "Ivy Sun", "Jack Ma", "Karen Zhu", "Leo Hu",
    "Mia Guo", "Nick He", "Olivia Gao", "Paul Lin", "Queenie Luo", "Ryan Zheng",
    "Sophie Liang", "Tom Xie",
]
LEADS = ["王局长", "李处长", "张主任", "陈科长", "Director Huang", "Manager Smith", "周书记", "Lead Kim"]
PROJECTS = [None, None, "年度考核", "安全生产", "数字化", "招商引资", "民生工程", "ops", "website",
            "budget-2026", "hiring", "audit"]
TAGS = ["急", "重点", "会议", "批示", "q1", "q2", "q3", "q4", "infra", "docs", "review", "client"]
VERBS = ["起草", "完成", "落实", "整理", "报送", "核查", "推进", "Draft", "Review", "Ship",
         "Prepare", "Fix", "Audit", "Update"]
THINGS = ["年度工作总结", "安全检查报告", "项目预算", "会议纪要", "整改方案", "招商材料",
          "民生实事清单", "the quarterly report", "the onboarding guide", "release notes",
          "the vendor contract", "the migration plan", "the budget sheet", "the audit findings"]
NOTES = ["已完成初稿", "正在征求意见", "等待领导审核", "数据已收集", "已与相关部门对接",
         "drafted the outline", "waiting on finance", "half the sections done",
         "reviewed with the team", "blocked until Friday, now moving", None, None]
BLOCKERS = ["等待财务数据", "人手不足", "waiting for legal sign-off", "vendor has not replied"]


def cache_path(size: int) -> Path:
    from luoshi.store.migrations import SCHEMA_VERSION

    return CACHE / f"luoshi-{size}-g{GEN_VERSION}-s{SCHEMA_VERSION}.db"


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plan(rng: random.Random, number: int, t0: float, now: float) -> list[tuple]:
    """One task's events as (time, kind, actor_role, payload_args), in time order."""
    day = 86400.0
    age = now - t0
    due = t0 + rng.uniform(1, 45) * day
    finish_p = 0.15 + 0.5 * min(1.0, age / (90 * day))
    finished = rng.random() < finish_p
    # the working stretch: to the finish (a few days either side of the deadline) or to now
    end = min(now - 60, due + rng.uniform(-0.5, 1.0) * (due - t0)) if finished else now - 60
    end = max(end, t0 + 3600)
    span = end - t0
    middle: list[tuple] = []
    for _ in range(rng.randint(4, 9)):
        middle.append((t0 + rng.uniform(0.02, 0.98) * span, "checked_in", "owner"))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        middle.append((t0 + rng.uniform(0.3, 0.95) * span, "reminded", "lead"))
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        middle.append((t0 + rng.uniform(0.5, 0.97) * span, "escalated", "lead"))
    middle.sort()
    events = [(t0, "assigned", "lead", {"due": due})]
    progress, rung = 0, 0
    n_checkins = sum(1 for m in middle if m[1] == "checked_in")
    seen = 0
    for at, kind, role in middle:
        if kind == "checked_in":
            seen += 1
            progress = min(95, max(progress + 1, int(100 * seen / (n_checkins + 1))
                                   + rng.randint(-5, 5)))
            blocker = rng.choice(BLOCKERS) if rng.random() < 0.05 else None
            events.append((at, kind, role, {"progress": progress, "note": rng.choice(NOTES),
                                            "blocker": blocker}))
        elif kind == "reminded":
            events.append((at, kind, role, {"note": rng.choice(["请抓紧", "please update", None])}))
        else:
            rung += 1
            events.append((at, kind, role, {"rung": rung,
                                            "reason": rng.choice(["逾期未反馈", "no progress", "领导关注"])}))
    if finished:
        tf = end
        events.append((tf, "finished", "owner", {"evidence": rng.choice(["见附件", "merged", None])}))
        if rng.random() < 0.5:
            tc = min(now - 30, tf + rng.uniform(0.1, 5) * day)
            events.append((tc, "closed", "lead", {"note": None}))
            tf = tc
        if rng.random() < 0.5:
            ts = min(now - 20, tf + rng.uniform(0.1, 7) * day)
            events.append((ts, "scored", "lead", {"rating": rng.choice((3, 4, 4, 5, 5, 2))}))
    # keep the order strictly by time (ties broken by the plan order)
    last = t0
    out = []
    for at, kind, role, args in events:
        at = max(at, last + 1)
        last = at
        out.append((at, kind, role, args))
    return out


def generate(path: Path, size: int, seed: int | None = None, quiet: bool = False) -> dict:
    """Write a ledger of `size` tasks at `path` (which must not exist). Returns its stats."""
    from luoshi.domain import events as ev
    from luoshi.domain.task import fold
    from luoshi.store.sqlite import SqliteLedger

    rng = random.Random(seed if seed is not None else 20261123 + size)
    now_dt = datetime.fromisoformat(NOW)
    now = now_dt.timestamp()
    start = now - SPAN_DAYS * 86400
    assign_times = sorted(rng.uniform(start, now - 7200) for _ in range(size))
    owners = [rng.choice(OWNERS) for _ in range(size)]
    leads = [rng.choice(LEADS) for _ in range(size)]

    started = time.perf_counter()
    heap: list[tuple] = []  # (at, tiebreak, task_index, event_index)
    plans: dict[int, list[tuple]] = {}
    states: dict[int, object] = {}
    ids: dict[int, int] = {}
    counter = 0
    next_task = 0
    n_events = 0
    kinds: dict[str, int] = {}

    def stamp(seconds: float) -> str:
        return _utc(datetime.fromtimestamp(seconds, timezone.utc))

    with SqliteLedger(path) as ledger:
        # a bigger page cache for this one bulk connection (the random-valued unique indexes
        # on key, prev_hash and hash otherwise thrash SQLite's default 2 MB cache); the
        # statements, triggers and transactions are luoshi's own
        ledger.conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
        while next_task < size or heap:
            with ledger.writing():
                in_tx = 0
                while in_tx < EVENTS_PER_TRANSACTION and (next_task < size or heap):
                    if next_task < size and (not heap or assign_times[next_task] <= heap[0][0]):
                        i = next_task
                        next_task += 1
                        plans[i] = _plan(rng, i, assign_times[i], now)
                        for j, (at, *_rest) in enumerate(plans[i]):
                            counter += 1
                            heapq.heappush(heap, (at, counter, i, j))
                        continue
                    at, _, i, j = heapq.heappop(heap)
                    when, kind, role, args = plans[i][j]
                    owner, lead = owners[i], leads[i]
                    actor = owner if role == "owner" else lead
                    if kind == "assigned":
                        task_id = ledger.next_task_id()
                        ids[i] = task_id
                        tags = rng.sample(TAGS, rng.choice((0, 1, 1, 2, 3)))
                        payload = ev.Assigned(
                            uid=uuid.UUID(int=rng.getrandbits(128)).hex,
                            title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{i + 1}",
                            owner=owner, lead=lead, due=stamp(args["due"]),
                            project=rng.choice(PROJECTS), tags=tags,
                            source=rng.choice(("meeting", "instruction", "transfer")),
                        )
                    elif kind == "checked_in":
                        payload = ev.CheckedIn(**args)
                    elif kind == "reminded":
                        payload = ev.Reminded(**args)
                    elif kind == "escalated":
                        payload = ev.Escalated(**args)
                    elif kind == "finished":
                        payload = ev.Finished(**args)
                    elif kind == "closed":
                        payload = ev.Closed(**args)
                    else:
                        payload = ev.Scored(**args)
                    task_id = ids[i]
                    event = ledger.append(task_id, payload.kind, stamp(when), actor,
                                          ev.payload_of(payload),
                                          uuid.UUID(int=rng.getrandbits(128)).hex)
                    state = fold(states.get(i), event)
                    ledger.save_task(state)
                    if j == len(plans[i]) - 1:  # the task's last event: forget it
                        del plans[i]
                        states.pop(i, None)
                    else:
                        states[i] = state
                    kinds[kind] = kinds.get(kind, 0) + 1
                    n_events += 1
                    in_tx += 1
            if not quiet and n_events >= 100_000 and n_events % 100_000 < EVENTS_PER_TRANSACTION:
                rate = n_events / (time.perf_counter() - started)
                print(f"  {path.name}: {n_events:,} events ({rate:,.0f}/s)", file=sys.stderr)
        statuses = dict(ledger.conn.execute("SELECT status, count(*) FROM tasks GROUP BY status"))
    seconds = time.perf_counter() - started
    return {"tasks": size, "events": n_events, "seconds": round(seconds, 2),
            "kinds": kinds, "statuses": statuses, "now": NOW, "generator": GEN_VERSION,
            "bytes": path.stat().st_size}


def ensure(size: int, force: bool = False, quiet: bool = False) -> tuple[Path, dict, bool]:
    """The cached ledger of `size` tasks, generating it when missing. → (path, stats, fresh)."""
    path = cache_path(size)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not force:
        return path, json.loads(meta_path.read_text()), False
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    if not quiet:
        print(f"generating {size:,} tasks → {path.name}", file=sys.stderr)
    stats = generate(tmp, size, quiet=quiet)
    # the last connection closed: WAL checkpointed and removed, the .db file is complete
    for p in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        if p.exists():
            raise SystemExit(f"{p} left behind after closing the ledger")
    os.replace(tmp, path)
    meta_path.write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    if not quiet:
        print(f"  {size:,} tasks, {stats['events']:,} events in {stats['seconds']:.1f} s "
              f"({stats['events'] / max(stats['seconds'], 1e-9):,.0f} events/s), "
              f"{stats['bytes'] / 1e6:.0f} MB", file=sys.stderr)
    return path, stats, True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of tasks")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    parser.add_argument("--out", help="write one ledger here instead of the cache")
    args = parser.parse_args(argv)
    os.environ.setdefault("LUOSHI_NOW", NOW)  # the migration record's time
    if args.out:
        if len(args.sizes) != 1:
            parser.error("--out takes exactly one size")
        out = Path(args.out)
        if out.exists():
            parser.error(f"{out} exists")
        stats = generate(out, args.sizes[0])
        print(json.dumps(stats, ensure_ascii=False))
        return
    for size in args.sizes:
        path, stats, fresh = ensure(size, force=args.force)
        how = "generated" if fresh else "cached"
        print(f"{size:>7} tasks  {stats['events']:>8} events  {how:9}  "
              f"{stats['seconds']:7.1f} s to generate  {path}")


if __name__ == "__main__":
    main()
