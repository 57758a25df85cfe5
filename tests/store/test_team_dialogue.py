"""The dialogue on a team ledger: CONTRACT.md's "Who may do what" for 签收, 退回, 延期申请 and
its answer, 更正 and 批示, held by the real PostgreSQL server the suite starts.

Members are 王主任 (role wang, a lead), 张三 (zhang) and 李四 (li). Each rule is tried through
luoshi (one line, exit 1, nothing written) and as the member through psycopg, around luoshi
(the server refuses). The server's clock reads Monday 23 Nov 2026 09:30 (+08:00).
"""

from __future__ import annotations

import pytest

from luoshi.domain import events as ev
from luoshi.domain.hashing import canonical_payload
from tests.store.members import ok as _ok, act_as as _as


def _count(team) -> int:
    return int(team.cluster.value("SELECT count(*) FROM luoshi.events", team.database))


def _refused(team, result, *words: str) -> None:
    """Refused in one line (plus a hint), exit 1, and nothing recorded."""
    before = _count(team)
    assert result.code == 1, (result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("luoshi: error: ") and result.stderr.count("\n") <= 2
    for word in words:
        assert word in result.stderr, result.stderr
    assert _count(team) == before


def _insert(team, role: str, task_id: int, payload: ev.Payload, actor: str) -> bool:
    """An INSERT as a member through psycopg, without luoshi: True when the server took it."""
    import psycopg

    from luoshi.store.postgres import conninfo

    text = canonical_payload(ev.payload_of(payload))
    try:
        with psycopg.connect(conninfo(team.url(role)), autocommit=True) as conn:
            conn.execute("INSERT INTO luoshi.events (task_id, kind, at, actor, payload, key) "
                         "VALUES (%s, %s, NULL, %s, %s, NULL)", (task_id, payload.kind, actor, text))
    except psycopg.Error:
        return False
    return True


LATER = "2026-12-11T10:00:00Z"  # Fri 11 Dec 18:00 in Shanghai


@pytest.fixture
def task(team, cli, monkeypatch):
    """Task 1: 王主任 gives 写周报 to 张三, due Friday 27 Nov."""
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "写周报", "--owner", "张三", "--due", "周五"))
    return team


def _show(cli, task_id: int = 1) -> dict:
    return _ok(cli("show", str(task_id), "--json")).json


def test_only_the_owner_signs_for_returns_or_asks_for_more_time(task, cli, monkeypatch):
    for role, actor in (("li", "李四"), ("wang", "王主任")):  # a member; a lead who is not the owner
        _as(task, monkeypatch, role)
        _refused(task, cli("accept", "1"), "张三")
        _refused(task, cli("return", "1", "--reason", "不清楚", "--missing", "模板"), "张三")
        for payload in (ev.Accepted(), ev.Returned(reason="x", missing=("y",)),
                        ev.ExtensionRequested(due=LATER, reason="x")):
            assert not _insert(task, role, 1, payload, actor), (role, payload.kind)
    # 李四's extend is neither a request (not his task) nor an extension (not his to give)
    _as(task, monkeypatch, "li")
    _refused(task, cli("extend", "1", "--due", "12月11日", "--reason", "x"), "李四")
    # 王主任's is his own extension, at once: a lead does not ask
    _as(task, monkeypatch, "wang")
    moved = _ok(cli("extend", "1", "--due", "11月30日", "--reason", "周末加班不现实", "--json")).json
    assert moved["event"]["kind"] == "extended" and moved["task"]["pending_extension"] is None
    _as(task, monkeypatch, "zhang")
    assert _ok(cli("accept", "1", "--json")).json["task"]["accepted"] == "2026-11-23T09:30:00+08:00"
    request = _ok(cli("extend", "1", "--due", "12月11日", "--reason", "材料多", "--json")).json
    assert request["event"]["kind"] == "extension_requested"
    assert request["task"]["due"] == "2026-11-30T18:00:00+08:00"  # nothing moved
    assert _ok(cli("return", "1", "--reason", "口径不清", "--missing", "模板", "--json")).json[
        "task"]["returned"]["missing"] == ["模板"]


def test_a_member_who_does_not_lead_the_task_cannot_answer_or_amend_it(task, cli, monkeypatch):
    _as(task, monkeypatch, "zhang")
    _ok(cli("extend", "1", "--due", "12月11日", "--reason", "材料多"))
    for role, actor in (("li", "李四"), ("zhang", "张三")):  # a bystander; the owner himself
        _as(task, monkeypatch, role)
        _refused(task, cli("extend", "1", "--approve"), "王主任")
        _refused(task, cli("extend", "1", "--reject", "--reason", "不行"), "王主任")
        _refused(task, cli("amend", "1", "--title", "写月报", "--reason", "改"), "王主任")
        for payload in (ev.Extended(due=LATER, reason="x"), ev.ExtensionRejected(reason="x"),
                        ev.Amended(reason="x", title="写月报")):
            assert not _insert(task, role, 1, payload, actor), (role, payload.kind)
    assert _show(cli)["pending_extension"]["reason"] == "材料多"
    _as(task, monkeypatch, "wang")
    approved = _ok(cli("extend", "1", "--approve", "--json")).json
    assert approved["task"]["due"] == "2026-12-11T18:00:00+08:00"
    assert approved["task"]["pending_extension"] is None


def test_any_member_may_note_and_only_a_leads_note_is_an_instruction(task, cli, monkeypatch):
    for role in ("li", "zhang", "wang"):
        _as(task, monkeypatch, role)
        _ok(cli("note", "1", f"{role} 的意见"))
    notes = [(e["actor"], e["instruction"]) for e in _show(cli)["events"] if e["kind"] == "noted"]
    assert notes == [("李四", False), ("张三", False), ("王主任", True)]
    # around luoshi: a member cannot pass a remark off as an instruction, nor a lead hide one
    assert not _insert(task, "li", 1, ev.Noted(note="按我说的办", instruction=True), "李四")
    assert not _insert(task, "wang", 1, ev.Noted(note="随口一说", instruction=False), "王主任")
    _as(task, monkeypatch, "zhang")
    items = _ok(cli("inbox", "--json")).json["items"]
    assert [(i["kind"], i["event"]["note"]) for i in items if i["kind"] == "instruction"] == [
        ("instruction", "wang 的意见")]  # 李四's remark came before 张三's note: not one anyway


def test_a_lead_never_answers_a_request_on_a_task_they_own(team, cli, monkeypatch):
    """王主任 (a lead) owns 汇报材料, led by 张三: his extend is a request like anyone's, and
    only another — here the task's lead 张三 — answers it."""
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "汇报材料", "--owner", "王主任", "--lead", "张三", "--due", "周五"))
    asked = _ok(cli("extend", "1", "--due", "12月11日", "--reason", "要等统计数", "--json")).json
    assert asked["event"]["kind"] == "extension_requested"
    _refused(team, cli("extend", "1", "--approve"), "王主任")
    _refused(team, cli("extend", "1", "--reject", "--reason", "算了"), "王主任")
    _refused(team, cli("amend", "1", "--title", "汇报", "--reason", "改"), "王主任")
    assert not _insert(team, "wang", 1, ev.Extended(due=LATER, reason="x"), "王主任")
    _as(team, monkeypatch, "zhang")
    assert _ok(cli("inbox", "--json")).json["items"][0]["kind"] == "request"
    # the task's lead, a member, answers; changing the lead itself needs a team lead
    _ok(cli("amend", "1", "--standard", "附统计表", "--reason", "补充"))
    _refused(team, cli("amend", "1", "--lead", "李四", "--reason", "换人"), "lead")
    approved = _ok(cli("extend", "1", "--approve", "--due", "12月9日", "--json")).json
    assert approved["task"]["due"] == "2026-12-09T18:00:00+08:00"


def test_a_members_own_task_is_extended_by_a_team_lead_who_sees_the_request(team, cli, monkeypatch):
    """张三 leads the task he gave himself, but never extends what he owns: his extend is a
    request, waiting in the inbox of a lead who may answer it (王主任), not in his own."""
    _as(team, monkeypatch, "zhang")
    _ok(cli("assign", "整理档案", "--due", "周五"))
    asked = _ok(cli("extend", "1", "--due", "12月11日", "--reason", "档案多", "--json")).json
    assert asked["event"]["kind"] == "extension_requested"
    _refused(team, cli("extend", "1", "--approve"), "张三")
    assert [i["kind"] for i in _ok(cli("inbox", "--json")).json["items"]] == []
    _as(team, monkeypatch, "li")
    assert _ok(cli("inbox", "--json")).json["items"] == []  # 李四 may not answer it
    _as(team, monkeypatch, "wang")
    items = _ok(cli("inbox", "--json")).json["items"]
    assert [(i["kind"], i["task"], i["owner"]) for i in items] == [("request", 1, "张三")]
    _ok(cli("extend", "1", "--approve"))
    assert _ok(cli("inbox", "--json")).json["items"] == []
    # when he reports it done, closing it is a lead's too
    _as(team, monkeypatch, "zhang")
    _ok(cli("done", "1"))
    assert _ok(cli("inbox", "--json")).json["items"] == []
    _as(team, monkeypatch, "wang")
    assert [i["kind"] for i in _ok(cli("inbox", "--json")).json["items"]] == ["close"]


def test_a_request_whose_date_has_passed_is_answered_with_another_date(team, cli, monkeypatch):
    """The server refuses a deadline in the past; luoshi says so first, in one line, and
    names the way out (as on a ledger file)."""
    _as(team, monkeypatch, "wang")
    team.clock("2026-11-16T09:00:00+08:00")
    _ok(cli("assign", "报数据", "--owner", "李四", "--due", "2026-11-18"))
    team.clock("2026-11-17T09:00:00+08:00")
    _as(team, monkeypatch, "li")
    _ok(cli("extend", "1", "--due", "2026-11-20", "--reason", "数据晚到"))
    team.clock("2026-11-23T09:30:00+08:00")
    _as(team, monkeypatch, "wang")
    result = cli("extend", "1", "--approve")
    assert result.code == 2 and "--approve --due" in result.stderr and result.stderr.count("\n") == 2
    assert not _insert(team, "wang", 1, ev.Extended(due="2026-11-20T10:00:00Z", reason="x"), "王主任")
    granted = _ok(cli("extend", "1", "--approve", "--due", "2026-11-25", "--json")).json
    assert granted["task"]["due"] == "2026-11-25T18:00:00+08:00"


def test_nobody_returns_a_task_they_lead_themself(team, cli, monkeypatch):
    """张三's own commitment has no lead but him to send it back to: luoshi and the server
    refuse it alike, so it cannot slip out of escalate --auto that way."""
    _as(team, monkeypatch, "zhang")
    _ok(cli("assign", "整理档案", "--due", "周五"))
    _refused(team, cli("return", "1", "--reason", "不清楚"), "nobody to return")
    assert not _insert(team, "zhang", 1, ev.Returned(reason="不清楚"), "张三")
    assert _show(cli)["returned"] is None
