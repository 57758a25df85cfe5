"""考核: per-person figures for a period and the score that combines them, shown, never hidden.

score = 100 × Σ(weight × component) / Σ(weight of the components that have data), where
each component is a number from 0 to 1:
- on_time: (finished by the original deadline + credit × finished after an extension but by
  the extended deadline) ÷ (finished in the period + open and late now);
- regularity: check-ins made ÷ check-ins due (one per cadence a task was open in the
  period), each task counting at most what was due;
- quality: average rating ÷ 5, over tasks finished in the period that were rated;
- escalations: 1 − escalations received in the period ÷ tasks held, floored at 0.
A waived task (容错) counts neither as late nor for its escalations. A person with nothing
finished, late, rated or due for a check-in in the period is not scored (score None).
Pure: no I/O, no clock. The formula is worded in the chosen language (`luoshi.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from luoshi.domain.periods import Period
from luoshi.domain.task import TaskState
from luoshi.domain.times import parse_utc, utc_text
from luoshi.i18n import _


@dataclass(frozen=True)
class Weights:
    on_time: float = 40
    regularity: float = 20
    quality: float = 30
    escalations: float = 10
    extension_credit: float = 0.5  # an on-time finish after an extension counts this much


@dataclass
class Person:
    name: str
    assigned: int = 0
    done: int = 0
    done_on_time: int = 0
    done_after_extension: int = 0
    late: int = 0
    stalled: int = 0
    checkins: int = 0
    escalations: int = 0
    ratings: list[int] = field(default_factory=list)
    held: int = 0  # tasks owned that were open at some time in the period
    checkins_due: int = 0
    checkins_made: int = 0
    components: dict[str, float | None] = field(default_factory=dict)
    score: float | None = None
    rank: int | None = None
    stars: list[str] = field(default_factory=list)
    bottom: bool = False

    @property
    def avg_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None


def tally(tasks: Iterable[TaskState], counts: dict[int, tuple[int, int]],
          healths: dict[int, str], period: Period, now: datetime,
          default_cadence: int) -> dict[str, Person]:
    """Every owner's raw figures for the period, as the ledger stood at `now`.

    `counts` gives, per task id, the check-ins its owner made and the escalations it
    received in the period (up to `now`); tasks without any may be left out.
    """
    people: dict[str, Person] = {}
    start, end = utc_text(period.start), utc_text(period.end)
    until = min(period.end, now)
    until_text = utc_text(until)
    for t in tasks:
        p = people.get(t.owner) or people.setdefault(t.owner, Person(t.owner))
        p.assigned += start <= t.created < end
        if t.status in ("done", "closed") and start <= t.finished_at < end:
            p.done += 1
            if t.finished_at <= t.original_due:
                p.done_on_time += 1
            elif t.finished_at <= t.due:
                p.done_after_extension += 1
            if t.rating is not None:
                p.ratings.append(t.rating)
        health = healths[t.id]
        if not t.waived:
            p.late += health == "late"
        p.stalled += health == "stalled"
        mine, escalations = counts.get(t.id, (0, 0))
        p.checkins += mine
        if not t.waived:
            p.escalations += escalations
        if t.status == "cancelled" or (t.finished_at and t.finished_at < start):
            continue  # (finished before the period: held for none of it)
        # the part of the period the task was open; a time is parsed only inside it
        opened = period.start if t.created <= start else parse_utc(t.created)
        closed = until if not t.finished_at or t.finished_at > until_text else parse_utc(t.finished_at)
        overlap = (closed - opened).total_seconds()
        if overlap > 0:
            p.held += 1
            due = int(overlap // (t.cadence or default_cadence))
            p.checkins_due += due
            p.checkins_made += min(due, mine)
    return people


def score(p: Person, w: Weights) -> None:
    """Fill in the person's components and score (0–100, one decimal)."""
    cases = p.done + p.late
    p.components = {
        "on_time": (p.done_on_time + w.extension_credit * p.done_after_extension) / cases
        if cases else None,
        "regularity": p.checkins_made / p.checkins_due if p.checkins_due else None,
        "quality": p.avg_rating / 5 if p.avg_rating is not None else None,
        "escalations": max(0.0, 1 - p.escalations / p.held) if p.held else None,
    }
    weights = {k: getattr(w, k) for k in p.components}
    if all(p.components[k] is None for k in ("on_time", "regularity", "quality")):
        p.components = {k: None for k in p.components}  # nothing finished, late or due yet
    present = {k: v for k, v in p.components.items() if v is not None and weights[k] > 0}
    total = sum(weights[k] for k in present)
    p.score = round(100 * sum(weights[k] * v for k, v in present.items()) / total, 1) if total else None
    p.components = {k: (round(v, 4) if v is not None else None) for k, v in p.components.items()}


def rank(people: list[Person], min_done_for_star: int = 2) -> list[Person]:
    """Order by score (then finished work, then name); rank, stars, and the bottom (末位)."""
    ordered = sorted(people, key=lambda p: (p.score is None, -(p.score or 0), -p.done, p.name))
    ranked = [p for p in ordered if p.score is not None]
    for number, p in enumerate(ranked, start=1):
        p.rank = number
    if len(ranked) >= 2:
        ranked[-1].bottom = True
    eligible = [p for p in ranked if p.done >= min_done_for_star]
    if eligible:
        eligible[0].stars.append("execution_star")
    rated = [p for p in ranked if len(p.ratings) >= min_done_for_star]
    if rated:
        max(rated, key=lambda p: (p.avg_rating, -p.rank)).stars.append("quality_star")
    steady = [p for p in ranked if p.checkins_due and p.checkins_made == p.checkins_due]
    if steady:
        max(steady, key=lambda p: (p.checkins, -p.rank)).stars.append("checkin_star")
    return ordered


def formula(w: Weights) -> str:
    return _(
        "score = 100 × (on_time × {on_time} + regularity × {regularity} + "
        "quality × {quality} + escalations × {escalations}) ÷ (the sum of the weights "
        "of the components that have data). on_time = (finished by the original deadline + "
        "{credit} × finished after an extension, by the new deadline) ÷ "
        "(finished in the period + open and late now); regularity = check-ins made ÷ check-ins "
        "due (one per cadence each task was open); quality = average rating ÷ 5; escalations = "
        "1 − escalations received ÷ tasks held (at least 0). Waived tasks (容错) count neither "
        "as late nor for their escalations. Nobody is scored on escalations alone."
    ).format(on_time=f"{w.on_time:g}", regularity=f"{w.regularity:g}", quality=f"{w.quality:g}",
             escalations=f"{w.escalations:g}", credit=f"{w.extension_credit:g}")
