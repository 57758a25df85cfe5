"""The PostgreSQL fold (store/server.py's PL/pgSQL `fold_event`) checked by the same
Hypothesis property as the Python one (test_replay_property.py), on the real server: after
every command, whether the server took it or refused it, the current-state table equals
domain/task.py's replay of the events, and history never shrinks.

Each person acts through their own login role (王主任 wang, a lead; 张三 zhang; 李四 li), so
the server's rules refuse much of what the random sequences try, as they would a member.
One team ledger serves every example; an example's task numbers count from the tasks it
found there.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings

from luoshi.domain.rules import Role
from luoshi.services.context import Context
from luoshi.services.ledger import open_ledger
from tests.store.test_replay_property import START, sequences, step_and_check

ROLES = {"王主任": "wang", "张三": "zhang", "李四": "li"}


def _shifted(cmd: tuple, base: int) -> tuple:
    """The command with its task number counted from `base`. A member who is not a lead
    assigns to themself (the only assignment the server lets them make), so that every
    example has tasks to act on."""
    if cmd[0] == "assign":
        _name, owner, lead, days = cmd
        return ("assign", owner if lead == "王主任" else lead, lead, days)
    return (cmd[0], cmd[1] + base, *cmd[2:])


def _acting(ctx: Context, person: str, team) -> Context:
    """`person` connected through their own role, as the CLI would set them up."""
    return replace(ctx, actor=person, db=team.url(ROLES[person]),
                   role=Role(person, lead=person == "王主任", recorder=False))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(commands=sequences)
def test_the_servers_fold_always_equals_a_replay_and_history_never_shrinks(team, commands):
    reader = Context(db=team.admin, actor="-", now=None, key="-")  # type: ignore[arg-type]
    with open_ledger(reader) as ledger:
        seen = list(ledger.events())
    base = max((e.task_id for e in seen), default=0)
    for i, cmd in enumerate(commands):
        ctx = _acting(Context(db="", actor="", now=START + timedelta(hours=i),
                              key=uuid.uuid4().hex), "王主任", team)
        seen = step_and_check(lambda: open_ledger(reader), seen, ctx, _shifted(cmd, base),
                              lambda c, person: _acting(c, person, team))
