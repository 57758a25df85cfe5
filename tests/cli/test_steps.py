"""The step commands through the real entry point: JSON out, exit codes, state rules."""

from __future__ import annotations

import pytest


def assign(cli, title="写材料", owner="张三", due="下周五", *extra):
    result = cli("assign", title, "--owner", owner, "--due", due, *extra, "--json")
    assert result.code == 0, result.stderr
    return result.json


def test_assign_prints_the_new_task_with_the_contracts_fields(cli):
    task = assign(cli, "写材料", "张三", "下周五", "--project", "年终", "--tag", "材料",
                  "--helper", "李四", "--standard", "不少于3000字", "--source", "meeting")
    assert task["id"] == 1
    assert task["owner"] == "张三" and task["lead"] == "王主任"
    assert task["due"] == "2026-12-04T18:00:00+08:00" == task["original_due"]
    assert task["created"] == "2026-11-23T09:30:00+08:00"
    assert (task["status"], task["health"], task["progress"]) == ("open", "on_track", 0)
    assert task["helpers"] == ["李四"] and task["tags"] == ["材料"] and task["project"] == "年终"
    assert task["source"] == "meeting" and task["standard"] == "不少于3000字"
    assert task["last_checkin"] is None and task["escalation"] == 0 and task["rating"] is None
    assert len(task["uid"]) == 32


def test_assign_defaults_owner_and_lead_to_the_actor(cli):
    task = assign(cli, "自己的事", "王主任", "明天")
    assert task["owner"] == task["lead"] == "王主任" and task["source"] == "self"


def test_assign_without_a_deadline_is_refused_with_exit_2(cli, ledger_path):
    result = cli("assign", "写材料", "--owner", "张三")
    assert result.code == 2
    assert "deadline" in result.stderr and "Traceback" not in result.stderr
    assert not ledger_path.exists()


def test_ids_are_small_stable_integers(cli):
    assert [assign(cli, f"t{i}")["id"] for i in range(3)] == [1, 2, 3]
    assert cli("cancel", "2", "--reason", "不需要了").code == 0
    assert assign(cli, "t4")["id"] == 4
    listed = cli("list", "--status", "all", "--json").json
    assert sorted(t["id"] for t in listed) == [1, 2, 3, 4]
    assert next(t for t in listed if t["id"] == 2)["status"] == "cancelled"


def test_a_checkin_records_progress_note_and_blocker(cli):
    assign(cli)
    result = cli("--as", "张三", "checkin", "1", "60%", "初稿完成", "--blocker", "缺数据", "--json")
    assert result.code == 0, result.stderr
    out = result.json
    assert out["event"]["kind"] == "checked_in" and out["event"]["progress"] == 60
    assert out["event"]["note"] == "初稿完成" and out["event"]["actor"] == "张三"
    assert out["task"]["progress"] == 60 and out["task"]["health"] == "blocked"
    assert out["task"]["last_checkin"] == "2026-11-23T09:30:00+08:00"


def test_checking_in_100_finishes_the_task(cli):
    assign(cli)
    out = cli("--as", "张三", "checkin", "1", "100", "--json").json
    assert out["task"]["status"] == "done" and out["task"]["health"] == "done"


def test_only_the_owner_may_check_in(cli):
    assign(cli)
    result = cli("--as", "李四", "checkin", "1", "10")
    assert result.code == 1 and "张三" in result.stderr


def test_the_full_life_of_a_task(cli):
    assign(cli)
    assert cli("remind", "1", "请抓紧").code == 0
    out = cli("escalate", "1", "--reason", "进度滞后", "--json").json
    assert out["task"]["escalation"] == 1
    out = cli("escalate", "1", "--reason", "仍未推进", "--to", "约谈", "--json").json
    assert out["task"]["escalation"] == 3
    out = cli("extend", "1", "--due", "2026-12-15", "--reason", "数据未到", "--json").json
    assert out["task"]["due"] == "2026-12-15T18:00:00+08:00"
    assert out["task"]["original_due"] == "2026-12-04T18:00:00+08:00"
    out = cli("reassign", "1", "--owner", "李四", "--reason", "张三出差", "--json").json
    assert out["event"]["from_owner"] == "张三" and out["event"]["to_owner"] == "李四"
    assert out["task"]["owner"] == "李四"
    assert cli("--as", "李四", "done", "1", "--evidence", "文件已报送").code == 0
    out = cli("score", "1", "4", "--note", "质量较好", "--json").json
    assert out["task"]["rating"] == 4
    out = cli("close", "1", "--json").json
    assert out["task"]["status"] == "closed"
    out = cli("reopen", "1", "--reason", "数据有误", "--json").json
    assert out["task"]["status"] == "open"
    out = cli("waive", "1", "--reason", "数据源延误,非本人原因", "--json").json
    assert out["task"]["escalation"] == 0
    shown = cli("show", "1", "--json").json
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds == ["assigned", "reminded", "escalated", "escalated", "extended", "reassigned",
                     "finished", "scored", "closed", "reopened", "waived"]
    assert [e["seq"] for e in shown["events"]] == list(range(1, 12))
    assert all(set(e) >= {"seq", "kind", "at", "actor"} for e in shown["events"])


@pytest.mark.parametrize("args, code, words", [
    (("checkin", "1", "10"), 1, "closed"),
    (("score", "1", "6"), 2, "1 to 5"),
    (("escalate", "1", "--reason", "x", "--to", "9"), 2, "rung"),
    (("extend", "1", "--due", "someday maybe", "--reason", "x"), 2, "date"),
    (("show", "abc"), 2, "task id"),
    (("reopen", "77", "--reason", "x"), 2, "no task 77"),
])
def test_refusals_have_the_contracts_exit_codes(cli, args, code, words):
    assign(cli, "已完成的事", "王主任", "明天")
    cli("done", "1")
    cli("close", "1")
    result = cli(*args)
    assert result.code == code, (result.stdout, result.stderr)
    assert words in result.stderr
    assert result.stderr.startswith("luoshi: error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_scoring_an_unfinished_task_is_refused(cli):
    assign(cli)
    result = cli("score", "1", "5")
    assert result.code == 1 and "not finished" in result.stderr


def test_only_the_lead_closes_a_task(cli):
    assign(cli)
    cli("--as", "张三", "done", "1")
    result = cli("--as", "张三", "close", "1")
    assert result.code == 1 and "王主任" in result.stderr


def test_an_unknown_command_or_option_exits_2_with_one_line(cli):
    for args in (("frobnicate",), ("list", "--colour")):
        result = cli(*args)
        assert result.code == 2
        assert result.stderr.startswith("luoshi: error:")
        assert "Traceback" not in result.stderr


def test_a_retried_command_with_the_same_key_is_recorded_once(cli):
    assign(cli)
    first = cli("--key", "k-1", "--as", "张三", "checkin", "1", "30", "--json").json
    again = cli("--key", "k-1", "--as", "张三", "checkin", "1", "30", "--json").json
    assert again["replayed"] is True and again["event"]["seq"] == first["event"]["seq"]
    assert len(cli("show", "1", "--json").json["events"]) == 2


def test_list_filters_by_owner_status_health_project_and_tag(cli):
    assign(cli, "a", "张三", "明天", "--project", "P", "--tag", "x")
    assign(cli, "b", "李四", "2027-03-01", "--tag", "y")
    assign(cli, "c", "张三", "2027-03-01")
    cli("--as", "张三", "done", "3")
    ids = lambda *a: [t["id"] for t in cli("list", *a, "--json").json]
    assert ids() == [1, 2]
    assert ids("--owner", "张三") == [1]
    assert ids("--status", "done") == [3]
    assert sorted(ids("--status", "all")) == [1, 2, 3]
    assert ids("--health", "due_soon") == [1]
    assert ids("--project", "P") == [1]
    assert ids("--tag", "y") == [2]
    assert cli("list", "--status", "finished").code == 2


def test_idempotency_keys_are_exact_not_case_insensitive_prefixes(cli):
    assert cli("--key", "Meeting-0923", "assign", "--from", "-", input="张三: a @明天\n张三: b @明天\n").code == 0
    out = cli("--key", "meeting-0923", "--as", "张三", "checkin", "1", "50", "--json").json
    assert out["replayed"] is False and out["event"]["kind"] == "checked_in"


def test_a_key_with_a_hash_sign_is_refused(cli):
    assert cli("--key", "a#b", "list").code == 2


def test_an_extension_reads_in_local_time_in_its_line_and_its_json(cli):
    """The new deadline is kept in UTC (10:00Z); people read it at 18:00 in Shanghai."""
    assign(cli, "写材料", "张三", "2026-11-27")
    result = cli("--lang", "zh", "extend", "1", "--due", "12月4日", "--reason", "材料晚到")
    assert result.code == 0, result.stderr
    assert "时限延至 2026年12月4日 周五 18:00" in result.stdout
    event = cli("extend", "1", "--due", "2026-12-11", "--reason", "再等一周", "--json").json["event"]
    assert event["due"] == "2026-12-11T18:00:00+08:00"
