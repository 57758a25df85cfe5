"""The patterns that stall work, found in one task's events and state (DOMAIN.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from luoshi.domain.events import Event
from luoshi.domain.patterns import Thresholds, find
from luoshi.domain.task import replay

DAY = 86400
T0 = datetime.fromisoformat("2026-11-02T01:00:00Z")


def at(days: float) -> str:
    return (T0 + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def history(*steps: tuple) -> list[Event]:
    """Events of task 1 from (day, kind, actor, payload) steps, after its assignment at day 0."""
    events = [Event(seq=1, task_id=1, kind="assigned", at=at(0), actor="王主任",
                    payload=dict(uid="u1", title="写材料", owner="张三", lead="王主任", due=at(60)))]
    for seq, (day, kind, actor, payload) in enumerate(steps, start=2):
        events.append(Event(seq=seq, task_id=1, kind=kind, at=at(day), actor=actor, payload=payload))
    return events


TH = Thresholds(silent_days=3, bounce_count=2, pushed_min=2, push_window_days=2, strong_start=50,
                idle_checkins=3)


def found(events: list[Event], day: float, th: Thresholds = TH) -> dict[str, str]:
    state = replay(events)[1]
    return dict(find(state, events, T0 + timedelta(days=day), 7 * DAY, th))


def checkin(day, progress):
    return (day, "checked_in", "张三", {"progress": progress})


def remind(day):
    return (day, "reminded", "王主任", {})


def test_progress_that_only_ever_follows_a_reminder_moves_only_when_pushed():
    events = history(remind(1), checkin(2, 20), remind(5), checkin(6, 50))
    assert found(events, 7)["moves_only_when_pushed"] == (
        "2 of 2 advances came within 2 days of a reminder or escalation")


def test_one_advance_without_a_push_clears_moves_only_when_pushed():
    events = history(checkin(1, 10), remind(3), checkin(4, 20), remind(5), checkin(6, 50))
    assert "moves_only_when_pushed" not in found(events, 7)
    late = history(remind(1), checkin(4, 20), remind(5), checkin(6, 50))  # 3 days after
    assert "moves_only_when_pushed" not in found(late, 7)


def test_the_same_progress_reported_three_times_is_reports_without_progress():
    events = history(checkin(1, 30), checkin(2, 40), checkin(3, 40), checkin(4, 40))
    assert found(events, 5)["reports_without_progress"] == "the last 3 check-ins all report 40%"
    assert "reports_without_progress" not in found(events[:-1], 5)  # only two alike
    finished = Event(seq=6, task_id=1, kind="finished", at=at(5), actor="张三", payload={})
    assert "reports_without_progress" not in found(events + [finished], 6)  # no longer open


def test_a_strong_start_then_silence_is_named_with_the_day_it_stopped():
    events = history(checkin(1, 60))
    assert "strong_start_then_silence" not in found(events, 10)  # quiet for 9 days < 2 × 7
    assert found(events, 16)["strong_start_then_silence"] == (
        "reached 60% by 2026-11-03, silent for 15 days since")


def test_patterns_come_in_their_fixed_order_and_only_state_ones_without_events():
    events = history(remind(1), checkin(2, 60), remind(3), checkin(4, 70),
                     checkin(5, 70), checkin(6, 70))
    names = [name for name, _ in find(replay(events)[1], events, T0 + timedelta(days=30), 7 * DAY, TH)]
    assert names == ["moves_only_when_pushed", "strong_start_then_silence",
                     "reports_without_progress"]
    state_only = [name for name, _ in find(replay(events)[1], [], T0 + timedelta(days=30), 7 * DAY, TH)]
    assert state_only == ["strong_start_then_silence"]
