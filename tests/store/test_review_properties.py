"""Properties of the review over random ledgers: scores stay in 0–100, a report as of T
never changes when later events are appended, and `escalate --auto` twice equals once."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.errors import LuoshiError
from luoshi.services.auto_escalate import auto_escalate
from luoshi.services.context import Context
from luoshi.services.review import build_report
from luoshi.store.sqlite import SqliteLedger
from tests.store.test_replay_property import START, command, run

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def play(path, commands, first_hour=0):
    for i, cmd in enumerate(commands):
        ctx = Context(db=str(path), actor="王主任", now=START + timedelta(hours=first_hour + 7 * i),
                      key=uuid.uuid4().hex)
        try:
            run(ctx, cmd)
        except LuoshiError:
            pass


def ctx_at(path, hours, **extra):
    return Context(db=str(path), actor="王主任", now=START + timedelta(hours=hours),
                   key=uuid.uuid4().hex, **extra)


@SETTINGS
@given(st.lists(command, min_size=1, max_size=20), st.sampled_from(["week", "month"]))
def test_scores_stay_within_0_and_100(tmp_path, commands, kind):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    play(path, commands)
    report = build_report(ctx_at(path, 7 * len(commands) + 30), kind).to_json()
    for person in report["people"]:
        assert person["score"] is None or 0 <= person["score"] <= 100
        assert all(v is None or 0 <= v <= 1 for v in person["components"].values())


@SETTINGS
@given(st.lists(command, min_size=1, max_size=12), st.lists(command, min_size=1, max_size=12))
def test_a_report_as_of_t_never_changes_when_later_events_are_appended(tmp_path, early, late):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    play(path, early)
    t = 7 * len(early)
    before = build_report(ctx_at(path, t), "month").to_json()
    play(path, late, first_hour=t + 1)
    assert build_report(ctx_at(path, t), "month").to_json() == before


@SETTINGS
@given(st.lists(command, min_size=1, max_size=15), st.integers(0, 24 * 30))
def test_escalating_automatically_twice_equals_once(tmp_path, commands, later):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    play(path, commands)
    ctx = ctx_at(path, 7 * len(commands) + later)
    dry = auto_escalate(ctx, dry_run=True).escalations
    first = auto_escalate(replace(ctx, key=uuid.uuid4().hex)).escalations
    assert [(e["task"], e["to"]) for e in dry] == [(e["task"], e["to"]) for e in first]
    with SqliteLedger(path) as ledger:
        count = sum(1 for _ in ledger.events())
    assert auto_escalate(replace(ctx, key=uuid.uuid4().hex)).escalations == []
    with SqliteLedger(path) as ledger:
        assert sum(1 for _ in ledger.events()) == count
