"""考核: per-person figures for a period and the score that combines them, shown, never hidden.

score = 100 × Σ(weight × component) / Σ(weight of the components that have data), where
each component is a number from 0 to 1:
- on_time: (finished by the original deadline + credit × finished after an extension but by
  the extended deadline + finished late but excused, 容错) ÷ (finished in the period + open
  and late at the end of it, not excused);
- regularity: check-ins that count ÷ check-ins due. A check-in counts when its progress
  moved or it names a blocker; one is due per cadence of the time each task was open in the
  period, in proportion (a task open half a cadence owes half a check-in), so silence counts
  from the first day; each task counts at most what was due;
- quality: average rating ÷ 5, over tasks finished in the period that were rated;
- escalations: 1 − escalations received in the period ÷ tasks held, floored at 0.
A waived task (容错) counts as on time and not for its escalations. Everyone who held an open
task in the period has a check-in due and so is scored and ranked; nobody is scored on
escalations alone. Equal scores share a rank, and share 末位. Nobody flagged with a pattern
in the period earns a star.

Pure: no I/O, no clock. The formula is worded in the chosen language (`luoshi.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from luoshi.i18n import _


@dataclass(frozen=True)
class Weights:
    on_time: float
    regularity: float
    quality: float
    escalations: float
    extension_credit: float  # an on-time finish after an extension counts this much
    min_done_for_star: int


@dataclass
class Person:
    name: str
    held: int = 0  # tasks owned that were open at some time in the period
    assigned: int = 0
    done: int = 0
    done_on_time: int = 0
    done_after_extension: int = 0
    done_late: int = 0
    done_waived: int = 0
    late: int = 0
    stalled: int = 0
    behind: int = 0
    checkins: int = 0
    checkins_counted: float = 0  # Σ over tasks of min(counting check-ins, check-ins due)
    checkins_due: float = 0
    escalations: int = 0
    ratings: list[int] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # patterns seen in the period
    components: dict[str, float | None] = field(default_factory=dict)
    score: float | None = None
    rank: int | None = None
    stars: list[str] = field(default_factory=list)
    bottom: bool = False

    @property
    def avg_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None


def score(p: Person, w: Weights) -> None:
    """Fill in the person's components and score (0–100, one decimal)."""
    cases = p.done + p.late
    on_time = p.done_on_time + w.extension_credit * p.done_after_extension + p.done_waived
    components = {
        "on_time": on_time / cases if cases else None,
        "regularity": min(1.0, p.checkins_counted / p.checkins_due) if p.checkins_due > 0 else None,
        "quality": p.avg_rating / 5 if p.avg_rating is not None else None,
        "escalations": max(0.0, 1 - p.escalations / p.held) if p.held else None,
    }
    weights = {"on_time": w.on_time, "regularity": w.regularity, "quality": w.quality,
               "escalations": w.escalations}
    if all(components[k] is None for k in ("on_time", "regularity", "quality")):
        components = {k: None for k in components}  # nothing finished, late or due yet
    present = {k: v for k, v in components.items() if v is not None and weights[k] > 0}
    total = sum(weights[k] for k in present)
    p.score = round(100 * sum(weights[k] * v for k, v in present.items()) / total, 1) if total else None
    p.components = {k: (round(v, 4) if v is not None else None) for k, v in components.items()}


def rank(people: list[Person], min_done_for_star: int) -> list[Person]:
    """Order by score; equal scores share a rank (1, 1, 3); the lowest score is 末位 when
    scores differ; stars go to the best of those not flagged with a pattern."""
    ordered = sorted(people, key=lambda p: (p.score is None, -(p.score or 0), p.name))
    ranked = [p for p in ordered if p.score is not None]
    for position, p in enumerate(ranked, start=1):
        before = ranked[position - 2] if position > 1 else None
        p.rank = before.rank if before is not None and before.score == p.score else position
    if len(ranked) >= 2 and ranked[0].score != ranked[-1].score:
        for p in ranked:
            p.bottom = p.score == ranked[-1].score
    clean = [p for p in ranked if not p.flagged]
    _star(clean, "execution_star", lambda p: p.done >= min_done_for_star, lambda p: p.score)
    _star(clean, "quality_star", lambda p: len(p.ratings) >= min_done_for_star,
          lambda p: p.avg_rating)
    _star(clean, "checkin_star",
          lambda p: p.checkins_due > 0 and p.checkins_counted >= p.checkins_due - 1e-9,
          lambda p: p.checkins_counted)
    return ordered


def _star(people: list[Person], star: str, eligible, measure) -> None:
    """The star to every eligible person with the best measure (ties share it)."""
    candidates = [p for p in people if eligible(p)]
    if not candidates:
        return
    best = max(measure(p) for p in candidates)
    for p in candidates:
        if measure(p) == best:
            p.stars.append(star)


def formula(w: Weights) -> str:
    return _(
        "score = 100 × (on_time × {on_time} + regularity × {regularity} + "
        "quality × {quality} + escalations × {escalations}) ÷ (the sum of the weights "
        "of the components that have data). on_time = (finished by the original deadline + "
        "{credit} × finished after an extension, by the new deadline + finished late but "
        "excused) ÷ (finished in the period + open and late at its end); regularity = "
        "check-ins that moved the progress or named a blocker (a done report counts as one) ÷ "
        "check-ins due (one per cadence of the time the person held each task open in the "
        "period, in proportion; each task counts at most what was due); quality = average "
        "rating ÷ 5; escalations = 1 − escalations received while holding the task ÷ tasks "
        "held (at least 0). A task handed over (转办) in the period is split by who held it "
        "when; its outcome is its last owner's. Waived tasks (容错) count as on "
        "time and not for their escalations. Equal scores share a rank; nobody flagged with "
        "a pattern earns a star; nobody is scored on escalations alone."
    ).format(on_time=f"{w.on_time:g}", regularity=f"{w.regularity:g}", quality=f"{w.quality:g}",
             escalations=f"{w.escalations:g}", credit=f"{w.extension_credit:g}")
