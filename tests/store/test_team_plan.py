"""倒排工期 on a team ledger (real PostgreSQL): who plans, and the rollup read from the server.

Members: 王主任 (role wang, lead), 张三 (zhang) and 李四 (li). The client refuses what the
server's check_assignment refuses, with one line and exit 1, before anything is written.
"""

from __future__ import annotations

import pytest


def _ok(result):
    assert result.code == 0, result.stderr
    return result


def _as(team, monkeypatch, role: str) -> None:
    monkeypatch.delenv("LUOSHI_USER", raising=False)
    monkeypatch.setenv("LUOSHI_DB", team.url(role))


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


def test_a_member_plans_their_own_commitment_for_themself_only(task, cli, monkeypatch):
    _as(task, monkeypatch, "zhang")
    _ok(cli("assign", "自学", "--due", "2026-12-20"))  # 张三's own: owner and lead
    _ok(cli("plan", "2", "第一章 @2026-12-05"))
    before = _count(task)
    result = cli("plan", "2", "李四: 第二章 @2026-12-12")
    assert result.code == 1 and "李四" in result.stderr
    assert _count(task) == before
