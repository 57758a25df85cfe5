"""The pure domain: the fold, health and the step rules."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from luoshi.domain import rules
from luoshi.domain.events import Event
from luoshi.domain.health import HealthRules, health as health_at
from luoshi.domain.task import fold, replay

T0 = "2026-11-23T01:30:00Z"


def ev(seq, kind, actor="王主任", at=T0, task=1, **payload):
    return Event(seq=seq, task_id=task, kind=kind, at=at, actor=actor, payload=payload)


def assigned(seq=1, task=1, due="2026-11-27T10:00:00Z", **extra):
    return ev(seq, "assigned", task=task, uid=f"u{task}", title="写材料", owner="张三",
              lead="王主任", due=due, **extra)


def utc(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# calendar days, a 7-day cadence, 3 days' warning (6 hours when urgent), 15 points behind
RULES = HealthRules(cadence=7 * 86400, due_soon=3 * 86400, urgent_due_soon=6 * 3600, behind_margin=15)


def health(state, now):
    return health_at(state, now, RULES)


def test_a_task_starts_open_with_its_deadline_as_the_original_deadline():
    state = fold(None, assigned())
    assert (state.status, state.progress, state.due, state.original_due) == (
        "open", 0, "2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z")


def test_a_history_must_start_with_an_assignment():
    with pytest.raises(ValueError):
        fold(None, ev(1, "checked_in", progress=10))


def test_checking_in_100_percent_finishes_the_task():
    state = fold(fold(None, assigned()), ev(2, "checked_in", actor="张三", progress=100))
    assert state.status == "done" and state.finished_at == T0


def test_an_extension_moves_the_deadline_but_keeps_the_original():
    state = fold(fold(None, assigned()), ev(2, "extended", due="2026-12-04T10:00:00Z", reason="r"))
    assert state.due == "2026-12-04T10:00:00Z"
    assert state.original_due == "2026-11-27T10:00:00Z"


def test_reassigning_changes_the_owner_and_counts_the_hand_over():
    state = fold(fold(None, assigned()), ev(2, "reassigned", from_owner="张三", to_owner="李四", reason="r"))
    assert (state.owner, state.reassigned) == ("李四", 1)


def test_a_waiver_lowers_the_rung_and_is_counted():
    state = fold(None, assigned())
    state = fold(state, ev(2, "escalated", rung=3, reason="late"))
    state = fold(state, ev(3, "waived", reason="flood", rung=0))
    assert (state.escalation, state.waived) == (0, 1)


@pytest.mark.parametrize("now, expected", [
    ("2026-11-23T02:00:00Z", "on_track"),
    ("2026-11-25T02:00:00Z", "due_soon"),
    ("2026-11-27T10:00:00Z", "due_soon"),  # met at the deadline itself
    ("2026-11-27T10:00:01Z", "late"),
])
def test_health_follows_the_deadline(now, expected):
    assert health(fold(None, assigned()), utc(now)) == expected


def test_a_task_nobody_touched_for_longer_than_its_cadence_is_stalled():
    state = fold(None, assigned(due="2027-01-30T10:00:00Z"))
    assert health(state, utc("2026-11-30T01:30:00Z")) == "on_track"
    assert health(state, utc("2026-11-30T01:31:00Z")) == "stalled"


def test_a_check_in_by_the_owner_restarts_the_cadence_but_one_by_someone_else_does_not():
    state = fold(None, assigned(due="2027-01-30T10:00:00Z"))
    reminded = fold(state, ev(2, "reminded", at="2026-11-29T00:00:00Z"))
    assert health(reminded, utc("2026-12-01T00:00:00Z")) == "stalled"
    checked = fold(state, ev(2, "checked_in", actor="张三", at="2026-11-29T00:00:00Z", progress=5))
    assert health(checked, utc("2026-12-01T00:00:00Z")) == "on_track"


def test_a_reported_blocker_makes_the_task_blocked_until_the_next_check_in():
    state = fold(None, assigned())
    state = fold(state, ev(2, "checked_in", actor="张三", progress=5, blocker="no budget"))
    assert health(state, utc("2026-11-23T02:00:00Z")) == "blocked"
    state = fold(state, ev(3, "checked_in", actor="张三", progress=10))
    assert health(state, utc("2026-11-23T02:00:00Z")) == "on_track"


def test_an_urgent_task_is_due_soon_only_hours_before_its_deadline():
    state = fold(None, assigned(urgent=True))
    assert health(state, utc("2026-11-26T10:00:00Z")) == "on_track"
    assert health(state, utc("2026-11-27T05:00:00Z")) == "due_soon"


def test_replay_rebuilds_every_task():
    events = [assigned(1, 1), assigned(2, 2), ev(3, "checked_in", actor="张三", task=2, progress=40)]
    states = replay(events)
    assert states[2].progress == 40 and states[1].progress == 0


@pytest.mark.parametrize("value, expected", [(60, 60), ("60", 60), ("60%", 60), (" 0 ", 0), ("100％", 100)])
def test_progress_accepts_whole_numbers_and_percentages(value, expected):
    assert rules.check_progress(value) == (expected, None)


@pytest.mark.parametrize("value", [True, False, "50.5", "150", "-1", "abc", "", "٣"])
def test_progress_refuses_booleans_fractions_and_out_of_range_values(value):
    number, problem = rules.check_progress(value)
    assert number is None and problem.bad_input


def test_only_the_owner_checks_in_and_only_the_lead_closes():
    state = fold(None, assigned())
    assert rules.may_act("checked_in", state, "张三") is None
    assert rules.may_act("checked_in", state, "李四") is not None
    assert rules.may_act("closed", state, "王主任") is None
    assert rules.may_act("closed", state, "张三") is not None


def test_escalation_never_goes_down_nor_past_the_top():
    state = fold(None, assigned())
    assert rules.next_rung(state, None) == (1, None)
    state = fold(state, ev(2, "escalated", rung=5, reason="r"))
    assert rules.next_rung(state, None)[1] is not None
    assert rules.next_rung(state, 2)[1] is not None
