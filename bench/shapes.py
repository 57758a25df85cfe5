"""The ledger shapes the benchmark holds luoshi's targets on (issue #15): one plan per task.

A plan is a task's events in time order, as (time, kind, role, fields): `role` is "owner"
(the task's owner at that moment) or "lead" (its lead), `fields` the payload's fields
(bench/generate.py adds the assignment's). Deterministic for a seed.

| shape    | what it is                                                        | tasks for ≈1M events |
|----------|-------------------------------------------------------------------|---------------------:|
| mixed    | two years of work, ≈60 % finished, half of those closed, some rated; a few check-ins, reminders and escalations each (bench's first shape) | 100,000 |
| open     | three months of work, ≈95 % still open, deadlines weeks or months ahead (some gone): every task in scope, most of them healthy | 100,000 |
| late     | two years of work, ≈80 % still open and long past the deadline, silent after an early burst, escalated | 100,000 |
| checkin  | a Taskwarrior history imported: every task open (owner = lead), nine check-ins without progress each (annotations), half of them late — every task shows `reports_without_progress` | 100,000 |
| pattern  | a year of pushed work: reminders and escalations before every advance, hand-overs back and forth, silence after a strong start | 95,000 |
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

DAY = 86400.0
SPAN_DAYS = 730

NOTES = ["已完成初稿", "正在征求意见", "等待领导审核", "数据已收集", "已与相关部门对接",
         "drafted the outline", "waiting on finance", "half the sections done",
         "reviewed with the team", "blocked until Friday, now moving", None, None]
BLOCKERS = ["等待财务数据", "人手不足", "waiting for legal sign-off", "vendor has not replied"]
ANNOTATIONS = ["waiting on reply", "called back", "half done", "see email", "moved to Friday",
               "asked again", "still pending", "发了邮件", "电话催问"]
REASONS = ["逾期未反馈", "no progress", "领导关注"]


@dataclass(frozen=True)
class Shape:
    name: str
    span_days: float  # assignments spread over this many days before NOW
    per_million: int  # tasks that make ≈1M events
    plan: Callable[[random.Random, float, float], list[tuple]]  # (rng, t0, now) → events
    owner_leads: bool = False  # each task's owner is its lead too (a Taskwarrior import)


def _checkins(rng, middle, t0, span, count, lo=0.02, hi=0.98):
    for _ in range(count):
        middle.append((t0 + rng.uniform(lo, hi) * span, "checked_in", "owner"))


def _events(rng, t0, due, middle, finished, end, now, progress_cap=95):
    """The assignment, the middle (check-ins with rising progress, reminders, escalations,
    hand-overs) and, when finished, the finish, a closure and a rating."""
    middle.sort()
    events = [(t0, "assigned", "lead", {"due": due})]
    progress, rung = 0, 0
    n_checkins = sum(1 for m in middle if m[1] == "checked_in") or 1
    seen = 0
    for at, kind, role, *extra in middle:
        if kind == "checked_in":
            seen += 1
            progress = min(progress_cap, max(progress + 1, int(100 * seen / (n_checkins + 1))
                                             + rng.randint(-5, 5)))
            blocker = rng.choice(BLOCKERS) if rng.random() < 0.05 else None
            events.append((at, kind, role, {"progress": progress, "note": rng.choice(NOTES),
                                            "blocker": blocker}))
        elif kind == "reminded":
            events.append((at, kind, role, {"note": rng.choice(["请抓紧", "please update", None])}))
        elif kind == "escalated":
            if rung < 5:
                rung += 1
                events.append((at, kind, role, {"rung": rung, "reason": rng.choice(REASONS)}))
        elif kind == "reassigned":
            events.append((at, kind, role, {"to": extra[0], "reason": "换人承办"}))
    if finished:
        tf = end
        events.append((tf, "finished", "owner", {"evidence": rng.choice(["见附件", "merged", None])}))
        if rng.random() < 0.5:
            tc = min(now - 30, tf + rng.uniform(0.1, 5) * DAY)
            events.append((tc, "closed", "lead", {"note": None}))
            tf = tc
        if rng.random() < 0.5:
            ts = min(now - 20, tf + rng.uniform(0.1, 7) * DAY)
            events.append((ts, "scored", "lead", {"rating": rng.choice((3, 4, 4, 5, 5, 2))}))
    return _strictly_ordered(events)


def _strictly_ordered(events):
    last, out = events[0][0], []
    for at, *rest in events:
        at = max(at, last + 1)
        last = at
        out.append((at, *rest))
    return out


def _end(rng, t0, due, now, finished):
    end = min(now - 60, due + rng.uniform(-0.5, 1.0) * (due - t0)) if finished else now - 60
    return max(end, t0 + 3600)


def _count(rng, lo: int, hi: int, finished: bool) -> int:
    """How many check-ins a task gets: lo..hi, but a tenth of the open ones have none yet (an
    owner who has not signed for them: `accept` needs such tasks)."""
    n = rng.randint(lo, hi)
    return 0 if not finished and rng.random() < 0.1 else n


def mixed(rng, t0, now):
    due = t0 + rng.uniform(1, 45) * DAY
    finished = rng.random() < 0.15 + 0.5 * min(1.0, (now - t0) / (90 * DAY))
    end = _end(rng, t0, due, now, finished)
    span, middle = end - t0, []
    _checkins(rng, middle, t0, span, _count(rng, 4, 9, finished))
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        middle.append((t0 + rng.uniform(0.3, 0.95) * span, "reminded", "lead"))
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        middle.append((t0 + rng.uniform(0.5, 0.97) * span, "escalated", "lead"))
    return _events(rng, t0, due, middle, finished, end, now)


def open_heavy(rng, t0, now):
    due = t0 + rng.uniform(20, 180) * DAY
    finished = rng.random() < 0.12 * min(1.0, (now - t0) / (60 * DAY))
    end = _end(rng, t0, due, now, finished)
    span, middle = end - t0, []
    _checkins(rng, middle, t0, span, _count(rng, 5, 10, finished))
    for _ in range(rng.choice((0, 1, 1, 2))):
        middle.append((t0 + rng.uniform(0.3, 0.95) * span, "reminded", "lead"))
    if rng.random() < 0.2:
        middle.append((t0 + rng.uniform(0.5, 0.97) * span, "escalated", "lead"))
    return _events(rng, t0, due, middle, finished, end, now)


def late_heavy(rng, t0, now):
    due = t0 + rng.uniform(1, 30) * DAY
    finished = rng.random() < 0.2
    end = _end(rng, t0, due, now, finished)
    burst = min(end, due + 10 * DAY) - t0  # the work happens early; then silence
    middle = []
    _checkins(rng, middle, t0, max(burst, 3600), rng.randint(4, 7))
    for _ in range(rng.choice((0, 1, 1, 2))):
        middle.append((t0 + rng.uniform(0.3, 1.0) * max(burst, 3600), "reminded", "lead"))
    for _ in range(rng.choice((0, 1, 2, 3))):
        middle.append((due + rng.uniform(1, 20) * DAY, "escalated", "lead"))
    middle = [m for m in middle if m[0] < now - 120]
    return _events(rng, t0, due, middle, finished, end, now, progress_cap=80)


def checkin_heavy(rng, t0, now):
    """A Taskwarrior task imported: its annotations become check-ins that keep progress 0."""
    due = max(t0 + DAY, now + rng.uniform(-365, 365) * DAY)
    events = [(t0, "assigned", "lead", {"due": due, "tw": True})]
    times = sorted(t0 + rng.uniform(0.01, 1.0) * (now - 600 - t0) for _ in range(9))
    events += [(at, "checked_in", "owner", {"progress": 0, "note": rng.choice(ANNOTATIONS),
                                            "blocker": None}) for at in times]
    return _strictly_ordered(events)


def pattern_heavy(rng, t0, now):
    due = t0 + rng.uniform(5, 40) * DAY
    finished = rng.random() < 0.4
    end = _end(rng, t0, due, now, finished)
    span, middle = end - t0, []
    pushes = sorted(t0 + rng.uniform(0.05, 0.9) * span for _ in range(rng.randint(1, 5)))
    for i, at in enumerate(pushes):  # each push, then an advance within a day
        middle.append((at, "escalated" if i % 2 and rng.random() < 0.6 else "reminded", "lead"))
        middle.append((at + rng.uniform(0.1, 0.9) * DAY, "checked_in", "owner"))
    _checkins(rng, middle, t0, span, rng.randint(0, 3), lo=0.9, hi=0.99)
    moves = rng.choice((0, 0, 1, 2, 2, 3))
    for k in range(moves):
        middle.append((t0 + rng.uniform(0.1, 0.8) * span, "reassigned", "lead", k))
    return _events(rng, t0, due, middle, finished, end, now)


SHAPES = {
    "mixed": Shape("mixed", SPAN_DAYS, 100_000, mixed),
    "open": Shape("open", 90, 100_000, open_heavy),
    "late": Shape("late", SPAN_DAYS, 100_000, late_heavy),
    "checkin": Shape("checkin", SPAN_DAYS, 100_000, checkin_heavy, owner_leads=True),
    "pattern": Shape("pattern", 365, 95_000, pattern_heavy),
}
