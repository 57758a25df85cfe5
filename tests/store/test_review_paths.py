"""The two ways a report reads the ledger must never drift apart: from the current-state
table with counts in SQL (nothing recorded after "now"), and by replaying the events (a
report as of a past moment). On random ledgers, both give the same report, field for field."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from luoshi.config import Config, PatternsSection
from luoshi.domain import patterns as pat
from luoshi.services.context import Context
from luoshi.services.review import _assemble, _read_events, _read_state, build_report, choose_period
from luoshi.store.sqlite import SqliteLedger
from tests.store.test_replay_property import PEOPLE, START, command
from tests.store.test_review_properties import play

# mostly 张三's tasks led by 王主任 (the actor of every other step), so most steps are allowed
assign = st.tuples(st.just("assign"), st.sampled_from(["张三", "张三", "李四"]),
                   st.sampled_from(["王主任", "王主任", "李四"]), st.integers(1, 30))
# a few tasks first, then steps that mostly land on them: patterns need several steps per task
busy = st.one_of(
    st.tuples(st.just("checkin"), st.integers(1, 3), st.sampled_from([0, 20, 20, 50, 70, 100]),
              st.sampled_from(["张三", "张三", "李四"])),
    st.tuples(st.just("remind"), st.integers(1, 3)),
    st.tuples(st.just("reassign"), st.integers(1, 3), st.sampled_from(PEOPLE)),
    command,
)
ledgers = st.tuples(st.lists(assign, min_size=1, max_size=3), st.lists(busy, min_size=3, max_size=30)).map(
    lambda parts: parts[0] + parts[1])

EAGER = Config(patterns=PatternsSection(silent_days=0.5, pushed_min=1, push_window_days=3,
                                        idle_checkins=2, strong_start=20))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers, st.integers(0, 24 * 40),
       st.sampled_from(["week", "month", "quarter"]), st.sampled_from([Config(), EAGER]),
       st.sampled_from([None, *PEOPLE]), st.sampled_from([None, *PEOPLE]))
def test_the_state_path_and_the_replay_path_give_the_same_report(
        tmp_path, commands, later, kind, config, owner, lead):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    play(path, commands)
    ctx = Context(db=str(path), actor="王主任", key=uuid.uuid4().hex, config=config,
                  now=START + timedelta(hours=7 * len(commands) + later))
    period = choose_period(ctx, kind, None, None)
    th = pat.Thresholds(**config.patterns.model_dump())
    with SqliteLedger(path) as ledger:
        from_state = _read_state(ledger, ctx, period, th, owner, lead, None)
        from_events = _read_events(ledger, ctx, period, th, owner, lead, None)
    report = _assemble(ctx, period, from_state, th).model_dump()
    assert report == _assemble(ctx, period, from_events, th).model_dump()
    for found in report["patterns"]:
        event(found["pattern"])  # shows in --hypothesis-show-statistics that each one occurs
    assert build_report(ctx, kind, owner=owner, lead=lead).model_dump() == report
    capped = _assemble(ctx, period, from_state, th, shown=2).model_dump()
    assert capped["totals"] == report["totals"] and capped["people"] == report["people"]
    for key in ("done", "late", "stalled", "blocked", "due_next"):  # the two due first
        first = sorted(report[key], key=lambda t: (datetime.fromisoformat(t["due"]), t["id"]))
        assert capped[key] == first[:2] and report["totals"][key] == len(report[key])
