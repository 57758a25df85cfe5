"""A report reads the current-state table for the tasks unchanged since its moment and
replays the others: on random ledgers, read both ways (nothing recorded after its moment,
and later events appended), it is the same report — and it adds up: every task in scope
once, the totals equal to what `tasks` holds, each section a filter of `tasks`."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from luoshi.config import Config, PatternsSection
from luoshi.services.context import Context
from luoshi.services.review import build_report
from tests.store.test_replay_property import PEOPLE, START, command
from tests.store.test_review_properties import play

# mostly 张三's tasks led by 王主任 (the actor of every other step), so most steps are allowed
assign = st.tuples(st.just("assign"), st.sampled_from(["张三", "张三", "李四"]),
                   st.sampled_from(["王主任", "王主任", "李四"]), st.integers(1, 30))
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
OPEN = ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due")
DONE = ("on_time", "after_extension", "late", "waived")


def adds_up(report: dict) -> None:
    tasks, totals = report["tasks"], report["totals"]
    ids = [t["id"] for t in tasks]
    assert len(ids) == len(set(ids)) == totals["tasks"]
    places = [t["in_period"] for t in tasks]
    assert totals["done"] == places.count("done") == sum(totals[f"done_{k}"] for k in DONE)
    assert totals["open"] == places.count("open") == sum(totals[h] for h in OPEN)
    assert totals["cancelled"] == places.count("cancelled")
    assert totals["tasks"] == totals["done"] + totals["open"] + totals["cancelled"] + totals["closed_only"]
    for section in ("done", "late", "stalled", "blocked", "behind", "due_soon", "due_next"):
        assert {t["id"] for t in report[section]} <= set(ids)
    for h in ("late", "stalled", "blocked", "behind", "due_soon"):
        assert len(report[h]) == totals[h]
    assert len(report["done"]) == totals["done"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers, ledgers, st.integers(0, 24 * 40), st.sampled_from(["week", "month", "quarter"]),
       st.sampled_from([Config(), EAGER]), st.sampled_from([None, *PEOPLE]),
       st.sampled_from([None, *PEOPLE]))
def test_both_read_paths_give_one_report_and_it_adds_up(tmp_path, early, late, later, kind, config,
                                                         owner, lead):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    play(path, early)
    ctx = Context(db=str(path), actor="王主任", key=uuid.uuid4().hex, config=config,
                  now=START + timedelta(hours=7 * len(early) + later % 7))
    read = lambda **kw: build_report(ctx, kind, owner=owner, lead=lead, **kw).to_json()  # noqa: E731
    fast = read()
    adds_up(fast)
    for found in fast["patterns"]:
        event(found["pattern"])  # shows in --hypothesis-show-statistics that each one occurs
    play(path, late, first_hour=7 * len(early) + 7)  # later events: now the tasks are replayed
    assert read() == fast
    capped = read(shown=2)
    assert capped["totals"] == fast["totals"] and capped["people"] == fast["people"]
    for key in ("done", "late", "stalled", "blocked", "due_next"):  # the two due first
        first = sorted(fast[key], key=lambda t: (t["due"] or "~", t["id"]))
        assert [t["id"] for t in capped[key]] == [t["id"] for t in first[:2]]
