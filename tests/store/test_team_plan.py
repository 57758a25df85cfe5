"""倒排工期 on a team ledger (real PostgreSQL): who plans, and the rollup read from the server.

Members: 王主任 (role wang, lead), 张三 (zhang) and 李四 (li). The client refuses what the
server's check_assignment refuses, with one line and exit 1, before anything is written.
"""

from __future__ import annotations

import pytest

from tests.store.members import ok as _ok, act_as as _as


def _count(team) -> str:
    out = team.cluster.psql("SELECT count(*) FROM luoshi.events", team.database)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
def task(team, cli, monkeypatch):
    """Task 1: 王主任 gives 张三 写方案, due 31 December."""
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "写方案", "--owner", "张三", "--due", "2026-12-31"))
    return team


def test_a_lead_plans_and_the_parent_reads_through_its_milestones(task, cli, monkeypatch):
    made = _ok(cli("plan", "1", "调研 @2026-12-10", "李四: 起草 @2026-12-24 *2", "--json")).json
    assert [(m["id"], m["owner"], m["lead"], m["parent"]) for m in made["milestones"]] == [
        (2, "张三", "王主任", 1), (3, "李四", "王主任", 1)]
    _as(task, monkeypatch, "zhang")
    _ok(cli("checkin", "2", "60"))
    refused = cli("checkin", "1", "50")
    assert refused.code == 1 and "milestones" in refused.stderr
    shown = _ok(cli("show", "1", "--json")).json
    # 调研 weighs its planned duration: 23 Nov 09:30 → 10 Dec 18:00 = 17.35 days; 起草 weighs 2:
    # (17.35 × 60 + 2 × 0) ÷ 19.35 = 53.8 → 54
    assert shown["progress"] == 54 and [m["id"] for m in shown["milestones"]] == [2, 3]
    board = _ok(cli("board", "--json")).json["tasks"]
    assert [(t["id"], t["depth"], t["progress"]) for t in board] == [(1, 0, 54), (2, 1, 60), (3, 1, 0)]


@pytest.mark.parametrize("role", ["li", "zhang"])  # a member who is not its lead; its owner
def test_a_member_who_does_not_lead_the_task_is_refused(task, cli, monkeypatch, role):
    before = _count(task)
    _as(task, monkeypatch, role)
    result = cli("plan", "1", "调研 @2026-12-10")
    assert result.code == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert "王主任" in result.stderr and result.stderr.count("\n") <= 2
    assert _count(task) == before


def test_a_members_own_commitment_is_planned_by_a_team_lead_never_by_its_owner(task, cli, monkeypatch):
    """The plan decides when its owner is behind, so the owner never draws it up alone (the
    contract: plan is never on a task one owns) — not through luoshi, not through psycopg."""
    import psycopg

    from luoshi.store.postgres import conninfo

    _as(task, monkeypatch, "zhang")
    _ok(cli("assign", "自学", "--due", "2026-12-20"))  # 张三's own: owner and lead
    before = _count(task)
    result = cli("plan", "2", "第一章 @2026-12-05")
    assert result.code == 1 and "张三 owns task 2" in result.stderr, result.stderr
    payload = ('{"due":"2026-12-05T10:00:00Z","lead":"张三","owner":"张三","parent":2,'
               '"source":"self","title":"第一章","uid":"u-self-plan"}')
    with pytest.raises(psycopg.Error, match="never its owner"):
        with psycopg.connect(conninfo(task.url("zhang")), autocommit=True) as conn:
            conn.execute("INSERT INTO luoshi.events (task_id, kind, at, actor, payload, key) "
                         "VALUES (3, 'assigned', NULL, '张三', %s, NULL)", (payload,))
    assert _count(task) == before
    _as(task, monkeypatch, "wang")
    made = _ok(cli("plan", "2", "第一章 @2026-12-05", "--json")).json["milestones"]
    assert [(m["owner"], m["lead"], m["parent"]) for m in made] == [("张三", "张三", 2)]  # the parent's lead
