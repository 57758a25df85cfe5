"""Scoring's per-person figures: the time a task was held in a period, and check-ins due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.periods import Period
from luoshi.domain.scoring import tally
from luoshi.domain.task import TaskState
from luoshi.domain.times import utc_text

BASE = datetime(2026, 11, 1, tzinfo=timezone.utc)
CADENCE = 86400

moments = st.integers(min_value=0, max_value=40 * 86400).map(lambda s: BASE + timedelta(seconds=s))


@st.composite
def tasks(draw, task_id):
    created = draw(moments)
    status = draw(st.sampled_from(["open", "done", "closed", "cancelled"]))
    finished = None
    if status in ("done", "closed") or (status == "cancelled" and draw(st.booleans())):
        finished = utc_text(created + timedelta(seconds=draw(st.integers(0, 20 * 86400))))
    return TaskState(id=task_id, uid=f"u{task_id}", title="t", owner=draw(st.sampled_from("AB")),
                     lead="L", created=utc_text(created), due=utc_text(created + timedelta(days=5)),
                     original_due=utc_text(created + timedelta(days=5)), status=status,
                     finished_at=finished,
                     cadence=draw(st.sampled_from([None, 3600, 7 * 86400, 12345])))


def reference(states, counts, period, now):
    """held and check-ins due as the plain formula says: the overlap of [created, finished or
    now) with the period, divided by the cadence."""
    held, due, made = {}, {}, {}
    until = min(period.end, now)
    for t in states:
        if t.status == "cancelled":
            continue
        opened = datetime.fromisoformat(t.created)
        closed = datetime.fromisoformat(t.finished_at) if t.finished_at else until
        overlap = (min(until, closed) - max(period.start, opened)).total_seconds()
        if overlap > 0:
            n = int(overlap // (t.cadence or CADENCE))
            held[t.owner] = held.get(t.owner, 0) + 1
            due[t.owner] = due.get(t.owner, 0) + n
            made[t.owner] = made.get(t.owner, 0) + min(n, counts.get(t.id, (0, 0))[0])
    return held, due, made


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=12).flatmap(
           lambda ids: st.tuples(*(tasks(i) for i in range(1, len(ids) + 1)))),
       moments, st.integers(1, 14), st.integers(-3 * 86400, 20 * 86400), st.integers(0, 5))
def test_held_and_check_ins_due_follow_the_overlap_of_each_task_with_the_period(
        states, start, days, now_offset, checkins):
    period = Period(start, start + timedelta(days=days))
    now = start + timedelta(seconds=now_offset, microseconds=now_offset % 7 * 100000)
    counts = {t.id: (checkins, 0) for t in states}
    healths = {t.id: "on_track" for t in states}
    people = tally(states, counts, healths, period, now, CADENCE)
    held, due, made = reference(states, counts, period, now)
    for name, p in people.items():
        assert (p.held, p.checkins_due, p.checkins_made) == (
            held.get(name, 0), due.get(name, 0), made.get(name, 0))
