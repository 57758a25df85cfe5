"""倒排工期 and 序时进度 in the pure domain: expected progress, the rollup, a parent's health.

Every number is computed by hand in the comment beside it. Time is calendar days (no
working-day calendar) and UTC midnights, so the fractions stay readable.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from luoshi.domain.health import HealthRules, Milestone, Plan, behind, expected_progress, health
from luoshi.domain.milestones import roll_all, rolled_progress, rollup, weight_of
from luoshi.domain.task import TaskState

RULES = HealthRules(cadence=7 * 86400, due_soon=3 * 86400, urgent_due_soon=6 * 3600, behind_margin=15)
FAST = settings(max_examples=300, deadline=None)


def at(day: float) -> datetime:
    """Day `day` of November 2026, UTC (1 = 1 Nov 00:00; 4.5 = 4 Nov 12:00)."""
    return datetime(2026, 11, 1, tzinfo=timezone.utc) + timedelta(days=day - 1)


def text(day: float) -> str:
    return at(day).strftime("%Y-%m-%dT%H:%M:%SZ")


def task(id=1, created=1, due=29, parent=None, progress=0, status="open", weight=None, **extra):
    base = dict(id=id, uid=f"u{id}", title=f"t{id}", owner="张三", lead="王主任",
                created=text(created), due=text(due) if due is not None else None,
                original_due=text(due) if due is not None else None, parent=parent,
                progress=progress, status=status, weight=weight, last_touch=text(created))
    return TaskState(**(base | extra))


# The worked example of docs/model.md: 迎检准备, 1 → 29 November (28 days), planned backward
# into three milestones, all planned on 1 November:
#   #2 调研 due 8 Nov, weight 2; #3 整改 due 22 Nov, weight 3; #4 验收 due 29 Nov, weight 5.
# Total weight 10: 20 % is expected done by 8 Nov, 50 % by 22 Nov, 100 % by 29 Nov.
PARENT = task(1)
KIDS = [task(2, due=8, parent=1, weight=2), task(3, due=22, parent=1, weight=3),
        task(4, due=29, parent=1, weight=5)]
PLAN = Plan(tuple(Milestone(at(d), w, True) for d, w in ((8, 2), (22, 3), (29, 5))))


@pytest.mark.parametrize(("day", "expected"), [
    (1, 0.0), (4.5, 12.5), (15, 50.0), (22, 75.0), (29, 100.0), (30, 100.0)])
def test_expected_progress_is_a_straight_line_from_creation_to_the_deadline(day, expected):
    # 4 Nov 12:00 is 3.5 of 28 days: 12.5 %; 15 Nov is 14 of 28: 50 %; 22 Nov 21 of 28: 75 %
    assert expected_progress(PARENT, at(day)) == pytest.approx(expected)


@pytest.mark.parametrize(("day", "expected"), [
    (1, 0.0), (4.5, 10.0), (8, 20.0), (15, 35.0), (22, 50.0), (25.5, 75.0), (29, 100.0), (40, 100.0)])
def test_with_milestones_expected_progress_follows_their_dates(day, expected):
    # 4 Nov 12:00: 3.5 of the 7 days to 8 Nov, 20 × 0.5 = 10; 15 Nov: half of 8 → 22 Nov,
    # 20 + 30 × 0.5 = 35; 25 Nov 12:00: half of 22 → 29 Nov, 50 + 50 × 0.5 = 75
    assert expected_progress(PARENT, at(day), PLAN) == pytest.approx(expected)


def test_milestones_due_together_count_at_once_and_the_last_one_reaches_100():
    # weights 1 and 1 due 8 Nov, 2 due 15 Nov: 50 % by 8 Nov, 100 % by 15 Nov (not 29 Nov)
    plan = Plan((Milestone(at(8), 1, True), Milestone(at(8), 1, True), Milestone(at(15), 2, True)))
    assert expected_progress(PARENT, at(8), plan) == 50.0
    assert expected_progress(PARENT, at(11.5), plan) == 75.0
    assert expected_progress(PARENT, at(15), plan) == expected_progress(PARENT, at(20), plan) == 100.0


def test_a_milestone_weighs_its_planned_duration_unless_given_a_weight():
    # 1 → 8 Nov: 7 days; 1 → 22 Nov: 21 days; a weight given wins; an extension changes nothing
    assert weight_of(task(2, due=8, parent=1)) == 7.0
    assert weight_of(task(3, due=22, parent=1)) == 21.0
    assert weight_of(task(3, due=22, parent=1, weight=4)) == 4.0
    assert weight_of(replace(task(2, due=8, parent=1), due=text(12))) == 7.0


def test_the_rollup_is_the_mean_of_the_milestones_progress_weighted_by_planned_duration():
    # 调研 done (7 days × 100), 整改 at 50 % (21 × 50), 验收 at 0 (28 × 0):
    # (700 + 1050 + 0) ÷ 56 = 31.25 → 31
    kids = [task(2, due=8, parent=1, status="done", progress=100), task(3, due=22, parent=1, progress=50),
            task(4, due=29, parent=1)]
    assert rolled_progress(kids) == 31
    # with the weights 2, 3, 5: (200 + 150 + 0) ÷ 10 = 35
    assert rolled_progress([replace(k, weight=w) for k, w in zip(kids, (2, 3, 5))]) == 35


def test_cancelled_milestones_do_not_count_and_100_needs_every_milestone_finished():
    kids = [task(2, due=8, parent=1, weight=999, progress=100, status="done"),
            task(3, due=22, parent=1, weight=1, progress=10), task(4, due=29, parent=1, status="cancelled")]
    assert rolled_progress(kids) == 99  # (99900 + 10) ÷ 1000 = 99.91, but 调研 is open: 99
    assert rolled_progress([kids[2]]) is None


def test_a_parent_reads_its_progress_and_last_word_from_its_milestones():
    kids = [replace(KIDS[0], progress=100, status="done", last_touch=text(7), last_checkin=text(7)),
            replace(KIDS[1], progress=40, last_touch=text(12), last_checkin=text(12),
                    last_note="一半了", last_note_at=text(12)), KIDS[2]]
    r = rollup(PARENT, kids, at(15), RULES)
    # progress (2 × 100 + 3 × 40 + 0) ÷ 10 = 32; expected 35 (above): 3 points behind, on track
    assert (r.progress, r.expected, r.health, r.rolled) == (32, 35.0, "on_track", True)
    assert (r.state.last_checkin, r.state.last_note, r.children) == (text(12), "一半了", (2, 3, 4))


def test_a_missed_milestone_makes_the_parent_behind_at_once():
    # 调研 (due 8 Nov) is still open on 9 Nov: the parent is behind, though only 8 days in
    # (the grace of a first cadence does not apply to a missed milestone)
    kids = [replace(KIDS[0], progress=90, last_touch=text(8)), *KIDS[1:]]
    r = rollup(PARENT, kids, at(9), RULES)
    assert r.health == "behind"
    assert health(kids[0], at(9), RULES) == "late"


def test_a_parent_whose_own_deadline_passed_is_late_and_a_blocked_milestone_blocks_it():
    kids = [replace(k, status="done", progress=100) for k in KIDS[:2]] + [KIDS[2]]
    assert rollup(PARENT, kids, at(30), RULES).health == "late"
    blocked = [KIDS[0], replace(KIDS[1], blocker="等批复", last_touch=text(3)), KIDS[2]]
    assert rollup(PARENT, blocked, at(4), RULES).health == "blocked"


def test_a_parent_is_stalled_only_when_its_milestones_are_silent_too():
    # a 7-day cadence: on 10 Nov nobody has said anything since 1 Nov (9 days): stalled;
    # a milestone's check-in on 5 Nov is the parent's last word (5 days): not stalled
    assert rollup(PARENT, KIDS, at(10), RULES).health == "stalled"
    spoken = [KIDS[0], replace(KIDS[1], last_touch=text(5), progress=10), KIDS[2]]
    assert rollup(PARENT, spoken, at(7.5), RULES).health == "on_track"


def test_behind_on_the_straight_line_waits_for_the_first_cadence():
    # 20 Nov: expected 19 ÷ 28 = 67.9 %, progress 20 → 47.9 points behind: behind.
    # 5 Nov: expected 14.3, progress 0 → behind by more than 0 but inside the first week: not.
    assert behind(replace(PARENT, progress=20, last_touch=text(19)), at(20), RULES)
    assert not behind(PARENT, at(5), RULES)


def test_roll_all_rolls_milestones_of_milestones_first():
    # #2 has its own milestone #5 (1 → 8 Nov) at 50 %: #2 reads 50 %, then the parent
    # (weights 2, 3, 5) reads (2 × 50 + 0 + 0) ÷ 10 = 10
    deep = task(5, due=8, parent=2, progress=50)
    read = roll_all([PARENT], [*KIDS, deep], at(3), RULES)
    assert read[1].progress == 10 and read[1].children == (2, 3, 4)


def test_a_finished_parent_keeps_its_own_state_and_has_no_expected_progress():
    done = replace(PARENT, status="done", progress=100, finished_at=text(20))
    r = rollup(done, KIDS, at(21), RULES)
    assert (r.progress, r.health, r.expected, r.rolled) == (100, "done", None, False)


# -- properties ------------------------------------------------------------------------------
DAYS = st.floats(min_value=0, max_value=60, allow_nan=False)
MILESTONES = st.lists(st.tuples(st.one_of(st.none(), DAYS), st.floats(0.01, 1000), st.booleans()),
                      max_size=6)


@FAST
@given(DAYS, DAYS, MILESTONES, DAYS, DAYS)
def test_expected_progress_never_falls_as_time_goes_on(created, length, milestones, t1, t2):
    state = task(created=1 + created, due=1 + created + length)
    plan = Plan(tuple(Milestone(at(1 + d) if d is not None else None, w, o) for d, w, o in milestones))
    early, late = sorted((t1, t2))
    for p in (None, plan):
        a, b = expected_progress(state, at(1 + early), p), expected_progress(state, at(1 + late), p)
        assert 0 <= a <= b + 1e-9 <= 100 + 1e-9


STATUS = st.sampled_from(("done", "closed", "cancelled"))


@FAST
@given(STATUS, st.integers(0, 100), DAYS, MILESTONES, DAYS)
def test_behind_never_shows_for_finished_work(status, progress, length, milestones, now):
    state = task(due=1 + length, status=status, progress=progress)
    plan = Plan(tuple(Milestone(at(1 + d) if d is not None else None, w, o) for d, w, o in milestones))
    assert not behind(state, at(1 + now), RULES, plan)
    assert health(state, at(1 + now), RULES, plan) == status
    kids = [task(i + 2, due=1 + (d if d is not None else length), parent=1,
                 status="open" if o else "done", weight=max(1, int(w))) for i, (d, w, o) in enumerate(milestones)]
    assume(all(k.created <= k.due for k in kids))
    assert rollup(state, kids, at(1 + now), RULES).health == status


def test_the_docs_example_without_weights_by_hand():
    # docs/model.md: planned 2 Nov 09:00; 调研 → 9 Nov (7 days) done, 整改 → 23 Nov (21 days)
    # at 40 %, 验收 → 30 Nov (28 days) at 10 %: (700 + 840 + 280) ÷ 56 = 32.5 → 33
    made = "2026-11-02T01:00:00Z"
    kids = [TaskState(**(vars(task(i, due=d, parent=1, progress=p, status=s)) | {
        "created": made, "due": f"2026-11-{d:02d}T01:00:00Z", "original_due": f"2026-11-{d:02d}T01:00:00Z"}))
        for i, d, p, s in ((2, 9, 100, "done"), (3, 23, 40, "open"), (4, 30, 10, "open"))]
    assert [weight_of(k) for k in kids] == [7.0, 21.0, 28.0]
    assert rolled_progress(kids) == 33
