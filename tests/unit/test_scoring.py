"""考核 by hand: the score, shared ranks, 末位, stars, and the review's tally of check-ins due.

Every expected number is worked out in the comment above its assertion.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain import review as rv
from luoshi.domain.health import HealthRules
from luoshi.domain.periods import Period
from luoshi.domain.scoring import Person, Weights, rank, score
from luoshi.domain.task import TaskState

W = Weights(on_time=40, regularity=20, quality=30, escalations=10, extension_credit=0.5,
            min_done_for_star=2)
RULES = HealthRules(cadence=7 * 86400, due_soon=3 * 86400, urgent_due_soon=6 * 3600, behind_margin=15)
UTC = timezone.utc
WEEK = Period(datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC), "week")
FRIDAY_NOON = datetime(2026, 11, 20, 12, tzinfo=UTC)


def scored(**figures) -> Person:
    p = Person("张三", **figures)
    score(p, W)
    return p


def test_the_score_combines_the_four_components_by_their_weights():
    p = scored(done=2, done_on_time=1, done_after_extension=1, late=1, checkins_due=4,
               checkins_counted=3, ratings=[4, 5], held=3, escalations=1)
    # on_time (1 + 0.5 × 1) ÷ (2 done + 1 late) = 0.5; regularity 3 ÷ 4 = 0.75;
    # quality 4.5 ÷ 5 = 0.9; escalations 1 − 1 ÷ 3 = 0.6667
    assert p.components == {"on_time": 0.5, "regularity": 0.75, "quality": 0.9,
                             "escalations": 0.6667}
    # 100 × (0.5×40 + 0.75×20 + 0.9×30 + 0.6667×10) ÷ 100 = 20 + 15 + 27 + 6.67 = 68.7
    assert p.score == 68.7


def test_a_waived_late_finish_counts_as_on_time_and_beats_an_unwaived_one():
    waived = scored(done=1, done_waived=1, held=1)
    late = scored(done=1, done_late=1, held=1)
    # waived: on_time 1 ÷ 1, escalations 1 → 100 × (40 + 10) ÷ 50 = 100
    # late:   on_time 0 ÷ 1, escalations 1 → 100 × (0 + 10) ÷ 50 = 20
    assert (waived.score, late.score) == (100.0, 20.0)


def test_nobody_is_scored_on_escalations_alone():
    assert scored(held=2).score is None


def test_equal_scores_share_a_rank_and_share_the_bottom():
    people = [Person("甲", score=80.0), Person("乙", score=60.0), Person("丙", score=80.0),
              Person("丁", score=60.0)]
    ordered = rank(people, 2)
    # 80, 80, 60, 60 → ranks 1, 1, 3, 3; both 60s are 末位
    assert [(p.name, p.rank, p.bottom) for p in ordered] == [
        ("丙", 1, False), ("甲", 1, False), ("丁", 3, True), ("乙", 3, True)]


def test_when_everyone_scores_the_same_nobody_is_the_bottom():
    ordered = rank([Person("甲", score=70.0), Person("乙", score=70.0)], 2)
    assert [p.rank for p in ordered] == [1, 1] and not any(p.bottom for p in ordered)


def test_nobody_flagged_with_a_pattern_earns_a_star():
    best = Person("甲", score=95.0, done=3, ratings=[5, 5], checkins_due=2, checkins_counted=2,
                  flagged=["reports_without_progress"])
    next_ = Person("乙", score=90.0, done=2, ratings=[4, 4], checkins_due=2, checkins_counted=2)
    rank([best, next_], 2)
    assert best.stars == [] and best.rank == 1
    assert next_.stars == ["execution_star", "quality_star", "checkin_star"]


def task(task_id, owner, created, cadence=None, **fields) -> TaskState:
    return TaskState(id=task_id, uid=f"u{task_id}", title="t", owner=owner, lead="王主任",
                     created=created, due="2026-12-31T10:00:00Z", original_due="2026-12-31T10:00:00Z",
                     cadence=cadence, **fields)


def test_mid_week_the_silent_owner_is_scored_and_ranked_below_the_one_reporting():
    silent = task(1, "刘洋", "2026-11-10T00:00:00Z")  # 7-day cadence, never a word
    busy = task(2, "李娜", "2026-11-16T00:00:00Z", cadence=2 * 86400, progress=80)
    activity = rv.Activity({(2, "李娜"): (2, 2)})
    people = rv.tally([silent, busy], {1: "open", 2: "open"}, {1: "on_track", 2: "on_track"},
                      activity, WEEK, FRIDAY_NOON, RULES, {})
    for p in people.values():
        score(p, W)
    # 刘洋: open Mon 00:00 → Fri 12:00 = 4.5 days of a 7-day cadence: 0.6429 due, 0 made;
    #   100 × (0 × 20 + 1 × 10) ÷ 30 = 33.3
    # 李娜: 4.5 days ÷ 2 = 2.25 due, 2 made: 2 ÷ 2.25 = 0.8889; 100 × (0.8889×20 + 10) ÷ 30 = 92.6
    assert (people["刘洋"].checkins_due, people["刘洋"].score) == (0.6429, 33.3)
    assert (people["李娜"].checkins_due, people["李娜"].score) == (2.25, 92.6)
    ordered = rank(list(people.values()), 2)
    assert [(p.name, p.rank, p.bottom) for p in ordered] == [("李娜", 1, False), ("刘洋", 2, True)]


def test_a_check_in_counts_at_most_what_was_due_on_its_task():
    eager = task(1, "张三", "2026-11-16T00:00:00Z")
    people = rv.tally([eager], {1: "open"}, {1: "on_track"}, rv.Activity({(1, "张三"): (9, 9)}),
                      WEEK, FRIDAY_NOON, RULES, {})
    # 4.5 days of a 7-day cadence: 0.6429 due; 9 counting check-ins count as 0.6429
    assert (people["张三"].checkins, people["张三"].checkins_counted) == (9, 0.6429)


def test_a_weekday_cadence_owes_one_check_in_per_such_day_ended_in_the_period():
    weekly = task(1, "张三", "2026-11-02T00:00:00Z", cadence_day=4)  # every Friday
    people = rv.tally([weekly], {1: "open"}, {1: "on_track"}, rv.Activity(), WEEK, FRIDAY_NOON, RULES, {})
    # Friday 20th ends at 24:00, after Friday noon: none due yet
    assert people["张三"].checkins_due == 0
    saturday = datetime(2026, 11, 21, 1, tzinfo=UTC)
    people = rv.tally([weekly], {1: "open"}, {1: "on_track"}, rv.Activity(), WEEK, saturday, RULES, {})
    assert people["张三"].checkins_due == 1


moments = st.integers(min_value=0, max_value=30 * 86400).map(
    lambda s: datetime(2026, 11, 1, tzinfo=UTC) + timedelta(seconds=s))


@settings(max_examples=200, deadline=None)
@given(moments, moments, st.integers(1, 14 * 86400))
def test_check_ins_due_grow_with_the_time_a_task_was_open(created, later, cadence):
    """More time open never means fewer check-ins due (and none before it was created)."""
    t = task(1, "张三", created.strftime("%Y-%m-%dT%H:%M:%SZ"), cadence=max(60, cadence))
    first, second = sorted((created, later))
    period = Period(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    due = [rv.tally([t], {1: "open"}, {1: "on_track"}, rv.Activity(), period, moment, RULES, {})["张三"].checkins_due
           for moment in (first, second)]
    assert due[0] <= due[1]
    assert rv.tally([t], {1: "open"}, {1: "on_track"}, rv.Activity(), period, created, RULES, {})["张三"].held == 0


def test_a_hand_over_in_the_period_splits_check_ins_due_and_escalations_by_who_held_it():
    # 周涛 held the task from Monday 00:00; 王主任 handed it to 吴刚 on Wednesday 00:00; the
    # review is read on Friday noon. It was escalated on Tuesday (周涛's time) and Thursday
    # (吴刚's). 周涛 checked in once (moving it), 吴刚 never.
    t = task(1, "吴刚", "2026-11-09T00:00:00Z", cadence=86400, reassigned=1)
    activity = rv.Activity({(1, "周涛"): (1, 1)},
                           escalated={1: ["2026-11-17T09:00:00Z", "2026-11-19T09:00:00Z"]},
                           handovers={1: [("2026-11-18T00:00:00Z", "周涛", "吴刚")]})
    people = rv.tally([t], {1: "open"}, {1: "on_track"}, activity, WEEK, FRIDAY_NOON, RULES, {})
    for p in people.values():
        score(p, W)
    # 周涛: Mon 00:00 → Wed 00:00 = 2 days of a 1-day cadence: 2 due, 1 made; 1 escalation
    #   of 1 task held: 100 × (0.5 × 20 + 0 × 10) ÷ 30 = 33.3
    # 吴刚: Wed 00:00 → Fri 12:00 = 2.5 due, 0 made; 1 escalation: 100 × 0 ÷ 30 = 0
    zhou, wu = people["周涛"], people["吴刚"]
    assert (zhou.held, zhou.checkins_due, zhou.checkins_counted, zhou.escalations) == (1, 2, 1, 1)
    assert (wu.held, wu.checkins_due, wu.checkins_counted, wu.escalations) == (1, 2.5, 0, 1)
    assert (zhou.score, wu.score) == (33.3, 0)


def test_a_done_report_counts_as_a_check_in_that_moved_the_task():
    # 黄敏 was given the task on Monday 00:00 and reported it done (luoshi done, no check-in
    # before) on Tuesday 12:00: 1.5 days of a 7-day cadence = 0.2143 due, and the report
    # answers it: regularity 1. 张三 finished his by a check-in at 100% instead: that
    # check-in is the one counted, not twice.
    done = dict(status="done", progress=100, finished_at="2026-11-17T12:00:00Z")
    huang = task(1, "黄敏", "2026-11-16T00:00:00Z", **done)
    zhang = task(2, "张三", "2026-11-16T00:00:00Z", last_checkin="2026-11-17T12:00:00Z", **done)
    activity = rv.Activity({(2, "张三"): (1, 1)})
    people = rv.tally([huang, zhang], {1: "done", 2: "done"}, {1: "on_track", 2: "on_track"},
                      activity, WEEK, FRIDAY_NOON, RULES, {})
    assert (people["黄敏"].checkins_due, people["黄敏"].checkins_counted) == (0.2143, 0.2143)
    assert (people["张三"].checkins_due, people["张三"].checkins_counted) == (0.2143, 0.2143)
    score(people["黄敏"], W)
    assert people["黄敏"].components["regularity"] == 1
