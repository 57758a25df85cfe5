"""A writer process for tests/store/test_durability.py (not a test module itself).

It appends check-ins through luoshi's own service code, in-process, one service call per
check-in (each call opens the ledger, takes the write lock, appends, commits, closes):

    python durability_worker.py burst  DB ACTOR TASK_ID COUNT KEY_PREFIX
        waits for one line on stdin (the starting gun), makes COUNT check-ins, then prints
        one JSON line {"ok": N, "errors": [...]}.

    python durability_worker.py stream DB ACTOR TASK_ID KEY_PREFIX
        prints "ready", then checks in until it is killed. Before each call it prints
        "begin KEY"; inside the write transaction, once the event row is inserted and before
        the COMMIT, "inserted KEY SEQ"; after the call returned (the commit is done)
        "ack KEY SEQ". Every line is flushed at once, so the reader sees exactly what was
        acknowledged and where in the call the kill landed.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

from luoshi.errors import LuoshiError
from luoshi.services.context import Context
from luoshi.services.steps import checkin

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def progress(n: int) -> int:
    """1, 2, …, 99, 1, 2, …: the task stays open (100 would finish it)."""
    return n % 99 + 1


def burst(db: str, actor: str, task_id: int, count: int, prefix: str) -> None:
    sys.stdin.readline()  # every worker is started before any of them writes
    ok, errors = 0, []
    for n in range(count):
        ctx = Context(db=db, actor=actor, now=NOW, key=f"{prefix}-{n}")
        try:
            result = checkin(ctx, task_id, progress(n), f"{actor} 第{n}次")
        except LuoshiError as exc:
            errors.append(f"{n}: {exc.message}")
            continue
        if not result.replayed:
            ok += 1
    print(json.dumps({"ok": ok, "errors": errors[:20]}, ensure_ascii=False), flush=True)


def stream(db: str, actor: str, task_id: int, prefix: str) -> None:
    from luoshi.store.sqlite import SqliteLedger

    out = sys.stdout
    append = SqliteLedger.append

    def append_and_say(self, *args, **kwargs):
        # inside the write transaction: the row is inserted, the COMMIT has not run yet
        event = append(self, *args, **kwargs)
        out.write(f"inserted {event.key} {event.seq}\n")
        out.flush()
        return event

    SqliteLedger.append = append_and_say
    out.write("ready\n")
    out.flush()
    n = 0
    while True:
        key = f"{prefix}-{n}"
        out.write(f"begin {key}\n")
        out.flush()
        result = checkin(Context(db=db, actor=actor, now=NOW, key=key), task_id, progress(n))
        out.write(f"ack {key} {result.event['seq']}\n")
        out.flush()
        n += 1


if __name__ == "__main__":
    mode, db, actor, task_id, *rest = sys.argv[1:]
    if mode == "burst":
        burst(db, actor, int(task_id), int(rest[0]), rest[1])
    elif mode == "stream":
        stream(db, actor, int(task_id), rest[0])
    else:
        raise SystemExit(f"unknown mode {mode!r}")
