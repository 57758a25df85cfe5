"""倒排工期: a task with milestones, read through them (the rollup).

A milestone is a task whose `parent` is another task. CONTRACT.md's rule: "A task with
milestones takes its progress (weighted by planned duration) and its last word from them,
is behind as soon as one of them is late, and takes no check-ins of its own." The rollup is
computed when a task is read, never stored: the fold stays one task per event, and the
current-state table keeps each task's own progress.

What it guarantees:
- A milestone's weight is its own `weight` when it was given one, else its planned duration
  in days, from its creation to its original deadline (an extension does not make it weigh
  more); a milestone without a deadline weighs one day. Cancelled milestones do not count;
  a task whose milestones are all cancelled reads as a task without milestones.
- An open parent's progress is the weighted mean of its milestones' progress (finished ones
  count 100), rounded, and 100 only when all of them are finished. Its last check-in, last
  sign of life, latest note and blocker are the latest of its own and its open milestones'.
  A parent that is not open keeps its own state.
- Milestones of milestones roll up first (`roll_all`), so a parent reads its milestones as
  they are shown.

Pure: `now` and the health rules are parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, NamedTuple

from luoshi.domain.health import HealthRules, Milestone, Plan, reading
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc

DAY = 86400.0


class Rollup(NamedTuple):
    """A task as people read it: its progress, health and expected progress at a moment, and
    its state with the rolled-up progress and last word (the task's own without milestones)."""

    progress: int
    health: str
    expected: float | None  # 0–100, None without a deadline or when not open
    state: TaskState
    children: tuple[int, ...] = ()  # the ids of its milestones, cancelled ones too
    rolled: bool = False  # True when its progress comes from its milestones


def weight_of(child: TaskState) -> float:
    """A milestone's weight: its own, else its planned duration in days (creation to original
    deadline, at least a minute), else 1 without a deadline."""
    if child.weight:
        return float(child.weight)
    due = child.original_due or child.due
    if due is None:
        return 1.0
    seconds = (parse_utc(due) - parse_utc(child.created)).total_seconds()
    return max(seconds, 60.0) / DAY


def plan_of(children: Iterable[TaskState]) -> Plan:
    """The milestones as health reads them (cancelled ones left out)."""
    return Plan(tuple(
        Milestone(parse_utc(c.due) if c.due else None, weight_of(c), c.status == "open")
        for c in children if c.status != "cancelled"))


def rolled_progress(children: Iterable[TaskState]) -> int | None:
    """The weighted progress of the milestones (finished ones 100), rounded half up, below 100
    while one is open; None when there are none (cancelled ones do not count)."""
    total = done = 0.0
    unfinished = False
    for c in children:
        if c.status == "cancelled":
            continue
        weight = weight_of(c)
        progress = 100 if c.status in ("done", "closed") else c.progress
        unfinished |= progress < 100
        total += weight
        done += weight * progress
    if total <= 0:
        return None
    value = int(done / total + 0.5)
    return min(value, 99) if unfinished else value


def _latest(*values: str | None) -> str | None:
    present = [v for v in values if v]
    return max(present) if present else None


def rolled_state(parent: TaskState, children: list[TaskState]) -> TaskState:
    """The parent with its milestones' progress and last word (see the module docstring); the
    parent itself when it is not open or has no milestone that counts."""
    progress = rolled_progress(children)
    if parent.status != "open" or progress is None:
        return parent
    alive = [c for c in children if c.status == "open"]
    counted = [c for c in children if c.status != "cancelled"]
    noted = max((c for c in [parent, *counted] if c.last_note_at), default=None,
                key=lambda c: c.last_note_at)
    blocker = parent.blocker or next((c.blocker for c in alive if c.blocker), None)
    return _with(
        parent, progress=progress, blocker=blocker,
        last_checkin=_latest(parent.last_checkin, *(c.last_checkin for c in counted)),
        last_touch=_latest(parent.last_touch, *(c.last_touch for c in counted)) or parent.last_touch,
        last_note=noted.last_note if noted else parent.last_note,
        last_note_at=noted.last_note_at if noted else parent.last_note_at)


def _with(state: TaskState, **changes) -> TaskState:
    """`dataclasses.replace` without running TaskState's 43-field __init__ (a list or a report
    may roll up thousands of parents); the values are already checked."""
    copy = object.__new__(TaskState)
    copy.__dict__.update(state.__dict__, **changes)
    return copy


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def rollup(parent: TaskState, children: list[TaskState], now: datetime, rules: HealthRules) -> Rollup:
    """How `parent` reads at `now` given its direct milestones (as they read: see `roll_all`)."""
    ids = tuple(c.id for c in children)
    plan = plan_of(children) if parent.status == "open" else Plan()
    if not plan.milestones:
        health, expected = reading(parent, now, rules)
        return Rollup(parent.progress, health, _one(expected), parent, ids)
    state = rolled_state(parent, children)
    health, expected = reading(state, now, rules, plan)
    return Rollup(state.progress, health, _one(expected), state, ids, True)


def alone(state: TaskState, now: datetime, rules: HealthRules) -> Rollup:
    """A task without milestones as people read it."""
    if state.status != "open":
        return Rollup(state.progress, state.status, None, state)
    health, expected = reading(state, now, rules)
    return Rollup(state.progress, health, _one(expected), state)


def roll_all(tasks: Iterable[TaskState], milestones: Iterable[TaskState], now: datetime,
             rules: HealthRules) -> dict[int, Rollup]:
    """Every task of `tasks` as it reads at `now`, given the milestones (at any depth) of
    those among them that have any; where a milestone is also among `tasks`, that state is
    the one read. A milestone rolls up before its parent."""
    tasks = list(tasks)
    milestones = [m for m in milestones if m.parent is not None]
    if not milestones:
        return {t.id: alone(t, now, rules) for t in tasks}
    known = {t.id: t for t in tasks}
    below: dict[int, list[TaskState]] = {}
    for m in milestones:
        below.setdefault(m.parent, []).append(known.get(m.id, m))
    done: dict[int, Rollup] = {}

    def read(task: TaskState, depth: int = 0) -> Rollup:
        found = done.get(task.id)
        if found is None:
            kids = below.get(task.id)
            if not kids or depth > 50:
                found = alone(task, now, rules)
            else:
                kids = sorted(kids, key=lambda c: c.id)
                found = rollup(task, [read(k, depth + 1).state for k in kids], now, rules)
            done[task.id] = found
        return found

    return {t.id: read(t) for t in tasks}
