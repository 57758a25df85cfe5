"""Bulk ledgers for the benchmark, written with luoshi's own statements, hash chain and fold.

    python bench/generate.py 1000 10000 100000          # the mixed shape (cached)
    python bench/generate.py --shape checkin 100000      # another shape (bench/shapes.py)
    python bench/generate.py --shape all --million       # every shape at ≈1M events
    python bench/generate.py --force 1000                # rebuild
    python bench/generate.py --out /tmp/x.db 500         # one ledger at a given path, no cache

Every event is what a service would write: the payload class (`luoshi.domain.events`) and
its stored dict (`payload_of`), the canonical payload and the chain hash
(`luoshi.domain.hashing`), store/sql.py's INSERT (through the append-only and contiguity
triggers and every index), each task folded by `domain.task.TaskBuilder` (the fold) and its
row written with store/sql.py's UPSERT. What differs from the commands is only batching:
2,000 events share one `writing()` transaction, and a task's row is written once per
transaction (its state after its last event there) instead of once per event.

The shapes are bench/shapes.py's (mixed, open, late, checkin, pattern). N tasks, their
assignments spread over the shape's span before NOW (2026-11-23T09:30:00+08:00) and every
event appended in time order across tasks (as a real ledger grows); ~50 owners with Chinese
and English names, 8 leads. Deterministic for a given shape and size (seeded). Like every
ledger luoshi writes, no planner statistics (no ANALYZE).

Cached ledgers live in bench/.cache/luoshi-<SHAPE>-<N>-g<GEN>-s<SCHEMA>.db with a .json beside
them (tasks, events, kinds, statuses, seconds to generate); the key changes when this
generator or luoshi's schema version changes, so a stale cache is never used.
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
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shapes import SHAPES  # noqa: E402

GEN_VERSION = 4  # 4: the fold signs for a task on its owner's first word; 3: shapes, rows per transaction
NOW = "2026-11-23T09:30:00+08:00"
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


def cache_path(size: int, shape: str = "mixed") -> Path:
    from luoshi.store.migrations import SCHEMA_VERSION

    return CACHE / f"luoshi-{shape}-{size}-g{GEN_VERSION}-s{SCHEMA_VERSION}.db"


def stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Events appended in batches through store/sql.py's statements, each task folded."""

    def __init__(self, ledger) -> None:
        from luoshi.domain.hashing import GENESIS

        self.ledger, self.seq, self.prev = ledger, 0, GENESIS
        self.rows: list[dict] = []
        self.builders: dict[int, object] = {}
        self.touched: set[int] = set()

    def add(self, task_id: int, payload, at: str, actor: str, key: str) -> None:
        from luoshi.domain.events import Event, payload_of
        from luoshi.domain.hashing import canonical_payload, event_hash
        from luoshi.domain.task import TaskBuilder

        data = payload_of(payload)
        text = canonical_payload(data)
        self.seq += 1
        digest = event_hash(self.prev, self.seq, task_id, payload.kind, at, actor, text)
        self.rows.append(dict(seq=self.seq, task_id=task_id, kind=payload.kind, at=at, actor=actor,
                              payload=text, key=key, prev_hash=self.prev, hash=digest))
        builder = self.builders.get(task_id) or self.builders.setdefault(task_id, TaskBuilder())
        builder.add(Event(self.seq, task_id, payload.kind, at, actor, data, key, self.prev, digest))
        self.prev = digest
        self.touched.add(task_id)

    def flush(self, finished: set[int]) -> None:
        """One transaction: the events, then each touched task's row; forget finished tasks."""
        from luoshi.store import sql
        from luoshi.store.base import task_row

        with self.ledger.writing():
            self.ledger.conn.executemany(sql.INSERT_EVENT, self.rows)
            self.ledger.conn.executemany(sql.UPSERT_TASK, [
                task_row(self.builders[t].build()) for t in sorted(self.touched)])
        for t in finished:
            self.builders.pop(t, None)
        self.rows, self.touched = [], set()


class Tasks:
    """Who each task belongs to, and its payloads as the services would build them."""

    def __init__(self, rng: random.Random, owner_leads: bool) -> None:
        self.rng, self.owner_leads = rng, owner_leads
        self.owner: dict[int, str] = {}
        self.lead: dict[int, str] = {}
        self.history: dict[int, list[str]] = {}

    def start(self, task_id: int, number: int, fields: dict):
        from luoshi.domain import events as ev

        rng = self.rng
        owner = rng.choice(OWNERS)
        lead = owner if self.owner_leads else rng.choice(LEADS)
        self.owner[task_id], self.lead[task_id], self.history[task_id] = owner, lead, [owner]
        return ev.Assigned(
            uid=uuid.UUID(int=rng.getrandbits(128)).hex,
            title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{number + 1}",
            owner=owner, lead=lead, due=stamp(fields["due"]), project=rng.choice(PROJECTS),
            tags=tuple(rng.sample(TAGS, rng.choice((0, 1, 1, 2, 3)))),
            source="self" if fields.get("tw") else rng.choice(("meeting", "instruction", "transfer")))

    def payload(self, task_id: int, kind: str, fields: dict):
        from luoshi.domain import events as ev

        if kind == "reassigned":
            return ev.Reassigned(from_owner=self.owner[task_id], to_owner=self._next_owner(task_id),
                                 reason=fields["reason"])
        cls = {"checked_in": ev.CheckedIn, "reminded": ev.Reminded, "escalated": ev.Escalated,
               "finished": ev.Finished, "closed": ev.Closed, "scored": ev.Scored}[kind]
        return cls(**fields)

    def _next_owner(self, task_id: int) -> str:
        now, seen = self.owner[task_id], self.history[task_id]
        earlier = [o for o in seen if o != now]
        if earlier and self.rng.random() < 0.35:  # back to an earlier owner (推诿)
            new = self.rng.choice(earlier)
        else:
            new = self.rng.choice([o for o in OWNERS if o != now])
        self.owner[task_id] = new
        seen.append(new)
        return new

    def actor(self, task_id: int, role: str) -> str:
        return self.owner[task_id] if role == "owner" else self.lead[task_id]

    def forget(self, task_id: int) -> None:
        for d in (self.owner, self.lead, self.history):
            d.pop(task_id, None)


def generate(path: Path, size: int, shape: str = "mixed", seed: int | None = None,
             quiet: bool = False) -> dict:
    """Write a ledger of `size` tasks of `shape` at `path` (which must not exist)."""
    from luoshi.store.sqlite import SqliteLedger

    spec = SHAPES[shape]
    salt = sum(map(ord, shape)) * 7919 if shape != "mixed" else 0
    rng = random.Random(seed if seed is not None else 20261123 + size + salt)
    now = datetime.fromisoformat(NOW).timestamp()
    start = now - spec.span_days * 86400
    assign_times = sorted(rng.uniform(start, now - 7200) for _ in range(size))
    tasks = Tasks(rng, spec.owner_leads)
    started = time.perf_counter()
    heap: list[tuple] = []  # (at, tiebreak, task number, event index)
    plans: dict[int, list[tuple]] = {}
    counter = next_task = n_events = 0
    kinds: dict[str, int] = {}
    with SqliteLedger(path) as ledger:
        # a bigger page cache for this one bulk connection (the random-valued unique indexes
        # on key, prev_hash and hash otherwise thrash SQLite's default 2 MB cache)
        ledger.conn.execute(f"PRAGMA cache_size = -{CACHE_MB * 1024}")
        writer = Writer(ledger)
        while next_task < size or heap:
            finished: set[int] = set()
            while len(writer.rows) < EVENTS_PER_TRANSACTION and (next_task < size or heap):
                if next_task < size and (not heap or assign_times[next_task] <= heap[0][0]):
                    i, next_task = next_task, next_task + 1
                    plans[i] = spec.plan(rng, assign_times[i], now)
                    for j, (at, *_rest) in enumerate(plans[i]):
                        counter += 1
                        heapq.heappush(heap, (at, counter, i, j))
                    continue
                _at, _, i, j = heapq.heappop(heap)
                when, kind, role, fields = plans[i][j]
                task_id = i + 1  # tasks take ids in the order they are assigned
                if kind == "assigned":
                    payload = tasks.start(task_id, i, fields)
                    actor = tasks.lead[task_id]
                else:
                    actor = tasks.actor(task_id, role)  # before a hand-over changes the owner
                    payload = tasks.payload(task_id, kind, fields)
                key = (f"taskwarrior:{task_id:08x}" + (f"#{j}" if j else "") if spec.owner_leads
                       else uuid.UUID(int=rng.getrandbits(128)).hex)
                writer.add(task_id, payload, stamp(when), actor, key)
                if j == len(plans[i]) - 1:  # the task's last event: forget it after the flush
                    del plans[i]
                    tasks.forget(task_id)
                    finished.add(task_id)
                kinds[kind] = kinds.get(kind, 0) + 1
                n_events += 1
            writer.flush(finished)
            if not quiet and n_events % 200_000 < EVENTS_PER_TRANSACTION and n_events >= 200_000:
                rate = n_events / (time.perf_counter() - started)
                print(f"  {path.name}: {n_events:,} events ({rate:,.0f}/s)", file=sys.stderr)
        statuses = dict(ledger.conn.execute("SELECT status, count(*) FROM tasks GROUP BY status"))
    seconds = time.perf_counter() - started
    return {"shape": shape, "tasks": size, "events": n_events, "seconds": round(seconds, 2),
            "kinds": kinds, "statuses": statuses, "now": NOW, "generator": GEN_VERSION,
            "bytes": path.stat().st_size}


def ensure(size: int, shape: str = "mixed", force: bool = False,
           quiet: bool = False) -> tuple[Path, dict, bool]:
    """The cached ledger of `size` tasks of `shape`, generated when missing. → (path, stats, fresh)."""
    path = cache_path(size, shape)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not force:
        return path, json.loads(meta_path.read_text()), False
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    if not quiet:
        print(f"generating {size:,} tasks ({shape}) → {path.name}", file=sys.stderr)
    os.environ.setdefault("LUOSHI_NOW", NOW)  # the migration record's time
    stats = generate(tmp, size, shape, quiet=quiet)
    for p in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):  # the last connection closed: checkpointed
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
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of tasks")
    parser.add_argument("--shape", default="mixed", choices=[*SHAPES, "all"])
    parser.add_argument("--million", action="store_true",
                        help="each shape at the size that makes ≈1M events")
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    parser.add_argument("--out", help="write one ledger here instead of the cache")
    args = parser.parse_args(argv)
    os.environ.setdefault("LUOSHI_NOW", NOW)
    shapes = list(SHAPES) if args.shape == "all" else [args.shape]
    if args.out:
        if len(args.sizes) != 1 or len(shapes) != 1:
            parser.error("--out takes exactly one size and one shape")
        out = Path(args.out)
        if out.exists():
            parser.error(f"{out} exists")
        print(json.dumps(generate(out, args.sizes[0], shapes[0]), ensure_ascii=False))
        return
    for shape in shapes:
        for size in ([SHAPES[shape].per_million] if args.million else []) + args.sizes:
            path, stats, fresh = ensure(size, shape, force=args.force)
            print(f"{shape:8} {size:>7} tasks  {stats['events']:>8} events  "
                  f"{'generated' if fresh else 'cached':9}  {stats['seconds']:7.1f} s  {path}")


if __name__ == "__main__":
    main()
