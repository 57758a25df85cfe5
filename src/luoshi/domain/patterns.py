"""The patterns that stall work (DOMAIN.md), found in a task's events, with evidence.

- silent_since_assigned (议而不决/决而不行): open, and no check-in at all since it was
  assigned `silent_days` ago or more;
- bounced (推诿扯皮): handed over `bounce_count` times or more, or back to an earlier owner;
- moves_only_when_pushed (不推不动): at least `pushed_min` advances, each one within
  `push_window_days` after a reminder or escalation;
- strong_start_then_silence (虎头蛇尾): reached `strong_start` % or more, then silent for more
  than twice the cadence while still open;
- reports_without_progress (只报不干): the last `idle_checkins` check-ins or more all report
  the same progress, below 100.
Check-ins of the task's helpers (协办) report their own part and are left out of all of these.
Pure: events and `now` are parameters; the evidence is worded in the chosen language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from luoshi.domain.events import Event
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc
from luoshi.i18n import ngettext


@dataclass(frozen=True)
class Thresholds:
    """config `[patterns]` (the defaults are declared there)."""

    silent_days: float
    bounce_count: int
    pushed_min: int
    push_window_days: float
    strong_start: int
    idle_checkins: int


def _day(text: str) -> str:
    return text[:10]


def find(task: TaskState, events: list[Event], now: datetime, cadence: int,
         th: Thresholds, tail: list[int] | None = None,
         moved: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """(pattern, evidence) pairs the task shows as of `now`.

    `events` are the task's events up to `now` — of them, only its hand-overs, reminders,
    escalations and check-ins are read, so a caller may pass those alone. The first and
    fourth patterns read only the state (its last check-in), so a task that can show no
    other pattern may pass none (most tasks of a report: their state alone is checked, in a
    few comparisons). `tail`, when given, is the progress its last check-ins reported
    (oldest first), read instead of the events for reports without progress; `moved`, when
    given, is what `moves` found in them (a caller that streams the events).
    """
    found = []
    is_open = task.status == "open"
    if is_open and task.last_checkin is None:
        silent = now - parse_utc(task.created)
        if silent >= timedelta(days=th.silent_days):
            found.append(("silent_since_assigned", ngettext(
                "assigned {day}, no check-in in {n} day", "assigned {day}, no check-in in {n} days",
                silent.days).format(day=_day(task.created), n=silent.days)))
    if moved is None:
        moved = moves(events, th, task.helpers) if events else []
    found.extend(moved)
    if is_open and task.last_checkin and task.progress >= th.strong_start:
        quiet = now - parse_utc(task.last_checkin)
        if quiet > timedelta(seconds=2 * cadence):
            found.append(("strong_start_then_silence", ngettext(
                "reached {progress}% by {day}, silent for {n} day since",
                "reached {progress}% by {day}, silent for {n} days since", quiet.days).format(
                progress=task.progress, day=_day(task.last_checkin), n=quiet.days)))
    if (events or tail) and is_open:
        if tail is None:
            tail = [e.payload["progress"] for e in events
                    if e.kind == "checked_in" and e.actor not in task.helpers]
        tail = tail[-th.idle_checkins:]
        if len(tail) >= th.idle_checkins and len(set(tail)) == 1 and tail[0] < 100:
            found.append(("reports_without_progress",
                          ngettext("the last {n} check-in reports {progress}%",
                                   "the last {n} check-ins all report {progress}%",
                                   len(tail)).format(n=len(tail), progress=tail[0])))
    return found


def moves(events: list[Event], th: Thresholds, helpers: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The patterns found in who the task was handed to and when it moved: bounced, and
    moves only when pushed. A helper's check-ins (协办, their own part) are not the task's."""
    found = []
    moves = [e for e in events if e.kind == "reassigned"]
    if moves:
        owners = [moves[0].payload["from_owner"]] + [m.payload["to_owner"] for m in moves]
        if len(moves) >= th.bounce_count or len(set(owners)) < len(owners):
            found.append(("bounced", " → ".join(owners)))
    advances, pushed, level, last_push = 0, 0, 0, None
    window = timedelta(days=th.push_window_days)
    for e in events:
        if e.kind in ("reminded", "escalated"):
            last_push = parse_utc(e.at)
        elif e.kind == "checked_in" and e.actor not in helpers and e.payload["progress"] > level:
            advances += 1
            level = e.payload["progress"]
            if last_push and parse_utc(e.at) - last_push <= window:
                pushed += 1
    if advances >= th.pushed_min and pushed == advances:
        found.append(("moves_only_when_pushed", ngettext(
            "{pushed} of {n} advance came within {days} days of a reminder or escalation",
            "{pushed} of {n} advances came within {days} days of a reminder or escalation",
            advances).format(pushed=pushed, n=advances, days=f"{th.push_window_days:g}")))
    return found
