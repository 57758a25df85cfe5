"""Hypothesis over random command sequences on a real ledger file:
the current-state table always equals a replay of the events, and history never shrinks."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.domain.task import replay
from luoshi.errors import LuoshiError
from luoshi.services import assign, dialogue, steps
from luoshi.services.context import Context
from luoshi.store.sqlite import SqliteLedger

START = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
PEOPLE = ["王主任", "张三", "李四"]

assignment = st.tuples(st.just("assign"), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE),
                       st.integers(1, 30))
command = st.one_of(
    assignment,
    st.tuples(st.just("checkin"), st.integers(1, 6), st.integers(-5, 105), st.sampled_from(PEOPLE)),
    st.tuples(st.just("done"), st.integers(1, 6), st.sampled_from(PEOPLE)),
    st.tuples(st.just("escalate"), st.integers(1, 6), st.sampled_from([None, "3", "5"])),
    st.tuples(st.just("extend"), st.integers(1, 6), st.integers(1, 40)),
    st.tuples(st.just("reassign"), st.integers(1, 6), st.sampled_from(PEOPLE)),
    st.tuples(st.just("score"), st.integers(1, 6), st.integers(0, 6)),
    st.tuples(st.just("close"), st.integers(1, 6)),
    st.tuples(st.just("reopen"), st.integers(1, 6)),
    st.tuples(st.just("cancel"), st.integers(1, 6)),
    st.tuples(st.just("waive"), st.integers(1, 6)),
    st.tuples(st.just("remind"), st.integers(1, 6)),
    st.tuples(st.just("accept"), st.integers(1, 6), st.sampled_from(PEOPLE)),
    st.tuples(st.just("return"), st.integers(1, 6), st.sampled_from(PEOPLE)),
    st.tuples(st.just("request"), st.integers(1, 6), st.sampled_from(PEOPLE), st.integers(1, 40)),
    st.tuples(st.just("answer"), st.integers(1, 6), st.booleans()),
    st.tuples(st.just("amend"), st.integers(1, 6), st.sampled_from([None, *PEOPLE])),
    st.tuples(st.just("note"), st.integers(1, 6), st.sampled_from(PEOPLE)),
)
# a few tasks first, so that the steps after them find tasks to act on
sequences = st.tuples(st.lists(assignment, min_size=2, max_size=6),
                      st.lists(command, min_size=1, max_size=25)).map(lambda p: p[0] + p[1])


def acting_as(ctx: Context, person: str) -> Context:
    """The context of `person` acting (on a ledger file: --as)."""
    return replace(ctx, actor=person)


def run(ctx: Context, cmd: tuple, acting=acting_as) -> None:
    """One random command; `acting(ctx, person)` is how another person acts."""
    name, *args = cmd
    if name == "assign":
        owner, lead, days = args
        req = assign.make_request(acting(ctx, lead), title=f"任务{days}", due=f"{days}天后",
                                  owner=owner, lead=lead)
        assign.record_assignments(acting(ctx, lead), [req])
    elif name == "checkin":
        task_id, progress, actor = args
        steps.checkin(acting(ctx, actor), task_id, progress, "进展")
    elif name == "done":
        steps.done(acting(ctx, args[1]), args[0])
    elif name == "escalate":
        steps.escalate(ctx, args[0], "滞后", args[1])
    elif name == "extend":
        dialogue.extend(ctx, args[0], f"{args[1]}天后", "原因")
    elif name == "accept":
        dialogue.accept(acting(ctx, args[1]), args[0])
    elif name == "return":
        dialogue.return_task(acting(ctx, args[1]), args[0], "缺材料", ["数据", "批文"])
    elif name == "request":
        dialogue.extend(acting(ctx, args[1]), args[0], f"{args[2]}天后", "来不及")
    elif name == "answer":
        dialogue.extend(ctx, args[0], None, "不行" if not args[1] else None,
                        approve=args[1], reject=not args[1])
    elif name == "amend":
        dialogue.amend(ctx, args[0], "更正", title="改过的标题", lead=args[1], helpers=["李四"])
    elif name == "note":
        dialogue.note(acting(ctx, args[1]), args[0], "请抓紧")
    elif name == "reassign":
        steps.reassign(ctx, args[0], args[1], "转办")
    elif name == "score":
        steps.score(ctx, args[0], args[1])
    else:
        fn = getattr(steps, name)
        fn(ctx, args[0], "原因") if name in ("reopen", "cancel", "waive") else fn(ctx, args[0])


def step_and_check(ledger_of, seen: list, ctx: Context, cmd: tuple, acting=acting_as) -> list:
    """Run one command (a refusal is fine: it must change nothing) and check the ledger after
    it — `ledger_of()` opens it: history only grew, and the current-state table equals a
    replay of the events. The events, for the next step."""
    try:
        run(ctx, cmd, acting)
    except LuoshiError:
        pass
    with ledger_of() as ledger:
        events = list(ledger.events())
        stored = {t.id: t for t in ledger.tasks()}
    assert events[: len(seen)] == seen  # never shrinks nor changes
    assert replay(events) == stored
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    return events


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commands=sequences)
def test_state_always_equals_a_replay_and_history_never_shrinks(tmp_path, commands):
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    seen: list = []
    for i, cmd in enumerate(commands):
        # everyone acts as 王主任 unless the command says otherwise; leads vary per task
        ctx = Context(db=str(path), actor="王主任", now=START + timedelta(hours=i),
                      key=uuid.uuid4().hex)
        seen = step_and_check(lambda: SqliteLedger(path), seen, ctx, cmd)
