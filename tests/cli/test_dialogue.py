"""The dialogue between a lead and an owner (issue #18), through the real CLI: 签收 accept,
退回 return, 延期申请 and its answer, 更正 amend, 批示 note, a helper's own check-in, and the
inbox that gathers what waits for each person.

Ledgers are built from timed lines (tests/ledgertext.py); "now" is Monday 23 Nov 2026 09:30
in Asia/Shanghai unless a test moves it. 王主任 leads; 张三 and 李四 own; 王五 is a bystander.
Times in comments are local; working days skip weekends (Sat 21 and Sun 22 Nov).
"""

from __future__ import annotations

import pytest

from tests.conftest import NOW, file_bytes
from tests.ledgertext import build_ledger as _build_ledger


def build_ledger(cli, monkeypatch, text: str) -> None:
    """The ledger of `text`, then "now" back at Monday 23 Nov 2026 09:30."""
    _build_ledger(cli, monkeypatch, text)
    monkeypatch.setenv("LUOSHI_NOW", NOW)


def _ok(result):
    assert result.code == 0, result.stderr
    return result


def _task(cli, task_id: int) -> dict:
    return _ok(cli("show", str(task_id), "--json")).json


def _inbox(cli, person: str) -> list[tuple[str, int]]:
    items = _ok(cli("--as", person, "inbox", "--json")).json["items"]
    return [(item["kind"], item["task"]) for item in items]


def _refused(result, *words: str, code: int = 1) -> None:
    """One short line on stderr (plus at most a hint), the exit code, no traceback."""
    assert result.code == code, (result.code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _auto(cli) -> list[tuple[int, int]]:
    """What `escalate --auto` would record now: (task, rung)."""
    dry = _ok(cli("escalate", "--auto", "--dry-run", "--json")).json["escalations"]
    return sorted((e["task"], e["to"]) for e in dry)


# -- 签收 accept ------------------------------------------------------------------------------
def test_accept_records_when_the_owner_signed_and_the_task_leaves_the_to_sign_list(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-20 10:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04
""")
    assert _task(cli, 1)["accepted"] is None
    assert _inbox(cli, "张三") == [("sign", 1)]
    build_ledger(cli, monkeypatch, "2026-11-20 15:00 张三 accept 1")
    assert _task(cli, 1)["accepted"] == "2026-11-20T15:00:00+08:00"
    assert _inbox(cli, "张三") == []  # due Fri 4 Dec: 9 days away, nothing else waits
    # signing twice is refused, and the first time stands
    _refused(cli("--as", "张三", "accept", "1"), "already signed")
    assert _task(cli, 1)["accepted"] == "2026-11-20T15:00:00+08:00"


# -- 退回 return ------------------------------------------------------------------------------
RETURNED = """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-11-19
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-11-19
2026-11-16 11:00 张三   return 1 --reason 要求不清 --missing 字数要求 --missing 格式模板
2026-11-16 11:30 李四   accept 2
"""


def test_a_return_names_everything_missing_at_once_and_waits_in_the_leads_inbox(cli, monkeypatch):
    build_ledger(cli, monkeypatch, RETURNED)
    task = _task(cli, 1)
    assert task["returned"] == {"reason": "要求不清", "missing": ["字数要求", "格式模板"],
                                "at": "2026-11-16T11:00:00+08:00"}
    assert task["accepted"] is None  # a return refuses the task; it does not sign for it
    assert _task(cli, 2)["returned"] is None
    assert task["events"][-1]["kind"] == "returned"
    assert task["events"][-1]["missing"] == ["字数要求", "格式模板"]
    item = _ok(cli("inbox", "--json")).json["items"][0]
    assert (item["kind"], item["task"], item["owner"]) == ("returned", 1, "张三")
    assert (item["reason"], item["missing"]) == ("要求不清", ["字数要求", "格式模板"])
    shown = _ok(cli("inbox")).stdout
    assert "Returned to you (退回)" in shown and "字数要求; 格式模板" in shown
    # the task now waits for its lead: 张三 is not asked to sign for, nor pushed on, what he
    # sent back (though it is late)
    assert _inbox(cli, "张三") == []
    # returning it again before the lead answers is refused
    _refused(cli("--as", "张三", "return", "1", "--reason", "还是不清"), "already returned")


def test_a_returned_task_is_left_to_people_until_its_lead_amends_it(cli, monkeypatch):
    """Both were due Thu 19 Nov 18:00; on Mon 23 Nov 09:30 each is late by Fri (1 working
    day) + Thu 18:00–24:00 (0.25) + Mon 00:00–09:30 (0.3958) = 1.65 working days: rung 1 (催办).
    写方案, returned, is skipped until 王主任 amends it."""
    build_ledger(cli, monkeypatch, RETURNED)
    assert _task(cli, 1)["health"] == "late"
    assert _auto(cli) == [(2, 1)]
    amended = _ok(cli("amend", "1", "--standard", "3000字以内，按附件模板", "--reason", "补齐要求",
                      "--json")).json
    assert amended["task"]["returned"] is None and amended["task"]["standard"] == "3000字以内，按附件模板"
    assert ("returned", 1) not in _inbox(cli, "王主任")
    assert _auto(cli) == [(1, 1), (2, 1)]
    # the corrected task is 张三's to sign for again, and the correction shows him why
    assert ("sign", 1) in _inbox(cli, "张三") and ("amended", 1) in _inbox(cli, "张三")


def test_a_reassignment_or_a_cancellation_also_answers_a_return(cli, monkeypatch):
    build_ledger(cli, monkeypatch, RETURNED + """
2026-11-16 12:00 李四   return 2 --reason 不是我的职责
2026-11-17 09:00 王主任 reassign 1 --owner 王五 --reason 张三不熟悉
2026-11-17 09:00 王主任 cancel 2 --reason 已由上级统一报送
""")
    assert _task(cli, 1)["returned"] is None and _task(cli, 2)["returned"] is None
    assert _inbox(cli, "王主任") == []
    # the task came to 王五 with nothing pending: his to sign for
    assert ("sign", 1) in _inbox(cli, "王五")


# -- 延期申请 an extension request and its answer --------------------------------------------
REQUEST = """
2026-11-17 09:00 王主任 assign 报数据 --owner 李四 --due 2026-11-19
2026-11-18 16:00 李四   extend 1 --due 2026-11-27 --reason 数据晚到
"""


def test_the_owners_extend_is_a_request_that_moves_nothing_and_does_not_stop_lateness(cli, monkeypatch):
    build_ledger(cli, monkeypatch, REQUEST)
    task = _task(cli, 1)
    assert task["events"][-1]["kind"] == "extension_requested"
    assert task["pending_extension"] == {"due": "2026-11-27T18:00:00+08:00", "reason": "数据晚到",
                                         "at": "2026-11-18T16:00:00+08:00"}
    assert task["due"] == task["original_due"] == "2026-11-19T18:00:00+08:00"
    assert task["accepted"] == "2026-11-18T16:00:00+08:00"  # asking shows he has the task
    # Mon 23 Nov: still due Thu 19 Nov 18:00, late by 1.65 working days: late, and a 催办
    assert task["health"] == "late"
    assert _auto(cli) == [(1, 1)]
    request = _ok(cli("inbox", "--json")).json["items"][0]
    assert (request["kind"], request["task"], request["owner"]) == ("request", 1, "李四")
    assert (request["asked"], request["reason"]) == ("2026-11-27T18:00:00+08:00", "数据晚到")
    assert ("late", 1) in _inbox(cli, "李四")


def test_approve_applies_the_requested_deadline(cli, monkeypatch):
    build_ledger(cli, monkeypatch, REQUEST)
    out = _ok(cli("extend", "1", "--approve", "--json")).json
    assert out["event"]["kind"] == "extended" and out["event"]["actor"] == "王主任"
    assert (out["event"]["due"], out["event"]["reason"]) == ("2026-11-27T18:00:00+08:00", "数据晚到")
    task = out["task"]
    assert task["due"] == "2026-11-27T18:00:00+08:00"
    assert task["original_due"] == "2026-11-19T18:00:00+08:00"  # the original still counts in scores
    assert task["pending_extension"] is None and task["health"] != "late"
    assert ("request", 1) not in _inbox(cli, "王主任")
    assert ("answer", 1) in _inbox(cli, "李四")  # he learns his deadline moved
    assert _auto(cli) == []


def test_approve_with_a_due_grants_another_date(cli, monkeypatch):
    build_ledger(cli, monkeypatch, REQUEST)
    out = _ok(cli("extend", "1", "--approve", "--due", "2026-11-25", "--json")).json
    assert out["task"]["due"] == "2026-11-25T18:00:00+08:00"  # Wed, not the Fri he asked for
    assert out["event"]["reason"] == "数据晚到" and out["task"]["pending_extension"] is None


def test_approving_a_date_that_has_passed_meanwhile_is_refused(cli, monkeypatch, ledger_path):
    """李四 asked on Tue 17 Nov for Fri 20 Nov 18:00; on Mon 23 Nov that date is past: an
    approval as asked would set a deadline already missed. Another date may be granted."""
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-11-18
2026-11-17 09:00 李四   extend 1 --due 2026-11-20 --reason 数据晚到
""")
    before = file_bytes(ledger_path)
    _refused(cli("extend", "1", "--approve"), "Fri 20 Nov 18:00", "--approve --due", code=2)
    assert file_bytes(ledger_path) == before
    zh = cli("--lang", "zh", "extend", "1", "--approve")
    assert zh.code == 2 and "李四申请的时限（11月20日 周五 18:00）已经过去" in zh.stderr
    granted = _ok(cli("extend", "1", "--approve", "--due", "2026-11-25", "--json")).json
    assert granted["task"]["due"] == "2026-11-25T18:00:00+08:00"


def test_reject_with_a_reason_clears_the_request_and_keeps_the_deadline(cli, monkeypatch):
    build_ledger(cli, monkeypatch, REQUEST)
    _refused(cli("extend", "1", "--reject"), "reason", code=2)  # a rejection says why
    out = _ok(cli("extend", "1", "--reject", "--reason", "数据口径早已下发", "--json")).json
    assert (out["event"]["kind"], out["event"]["reason"]) == ("extension_rejected", "数据口径早已下发")
    assert out["task"]["pending_extension"] is None
    assert out["task"]["due"] == "2026-11-19T18:00:00+08:00" and out["task"]["health"] == "late"
    assert _inbox(cli, "王主任") == []
    answer = next(i for i in _ok(cli("--as", "李四", "inbox", "--json")).json["items"]
                  if i["kind"] == "answer")
    assert answer["event"]["kind"] == "extension_rejected" and answer["event"]["actor"] == "王主任"


def test_the_leads_own_extend_answers_a_pending_request(cli, monkeypatch):
    build_ledger(cli, monkeypatch, REQUEST)
    out = _ok(cli("extend", "1", "--due", "2026-11-30", "--reason", "给足时间", "--json")).json
    assert out["event"]["kind"] == "extended"
    assert out["task"]["due"] == "2026-11-30T18:00:00+08:00" and out["task"]["pending_extension"] is None


@pytest.mark.parametrize("answer", [("--approve",), ("--reject", "--reason", "不行")])
def test_an_answer_with_nothing_pending_is_refused_and_writes_nothing(cli, monkeypatch, ledger_path, answer):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-11-27
""")
    before = file_bytes(ledger_path)
    _refused(cli("extend", "1", *answer), "no extension request")
    assert file_bytes(ledger_path) == before


def test_when_the_owner_is_the_tasks_lead_the_extension_is_immediate(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 李四 assign 自查台账 --due 2026-11-24
""")
    out = _ok(cli("--as", "李四", "extend", "1", "--due", "2026-11-26", "--reason", "等盘点", "--json")).json
    assert out["event"]["kind"] == "extended"
    assert out["task"]["due"] == "2026-11-26T18:00:00+08:00" and out["task"]["pending_extension"] is None


def test_an_owner_asks_only_for_a_later_deadline(cli, monkeypatch, ledger_path):
    build_ledger(cli, monkeypatch, REQUEST)
    before = file_bytes(ledger_path)
    for due in ("2026-11-18", "2026-11-20"):  # before the deadline; past (Fri 20 Nov 18:00)
        result = cli("--as", "李四", "extend", "1", "--due", due, "--reason", "x")
        assert result.code == 2 and "Traceback" not in result.stderr, result.stderr
    assert file_bytes(ledger_path) == before


# -- 更正 amend -------------------------------------------------------------------------------
def test_amend_changes_the_task_and_the_old_values_stay_in_the_timeline(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写放案 --owner 张三 --due 2026-12-04 --project 办公 --tag 周报
2026-11-17 10:00 王主任 amend 1 --title 写方案 --helper 李四 --tag 材料 --tag 年终 --reason 笔误
""")
    task = _task(cli, 1)
    assert (task["title"], task["helpers"], task["tags"], task["project"]) == (
        "写方案", ["李四"], ["材料", "年终"], "办公")
    assigned, amended = task["events"][0], task["events"][-1]
    assert (assigned["title"], assigned["tags"], assigned["helpers"]) == ("写放案", ["周报"], [])
    assert amended["kind"] == "amended" and amended["actor"] == "王主任"
    assert (amended["title"], amended["reason"], amended["standard"]) == ("写方案", "笔误", None)
    assert amended["at"] == "2026-11-17T10:00:00+08:00"


@pytest.mark.parametrize(("args", "code"), [
    (("--due", "2026-12-10"), 2),  # a deadline moves by extend
    (("--owner", "李四"), 2),  # an owner changes by reassign
    ((), 2),  # nothing to amend
])
def test_what_amend_cannot_change_is_refused_and_nothing_is_written(cli, monkeypatch, ledger_path, args, code):
    build_ledger(cli, monkeypatch, "2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04")
    before = file_bytes(ledger_path)
    _refused(cli("amend", "1", *args, "--reason", "改"), code=code)
    assert file_bytes(ledger_path) == before


def test_only_the_lead_amends_and_only_an_open_task(cli, monkeypatch, ledger_path):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-12-04
2026-11-20 09:00 李四   done 2
""")
    before = file_bytes(ledger_path)
    _refused(cli("--as", "张三", "amend", "1", "--title", "写个简单的", "--reason", "太难"), "王主任")
    _refused(cli("amend", "2", "--title", "报数据（终稿）", "--reason", "改"), "done")
    assert file_bytes(ledger_path) == before


# -- 批示 note --------------------------------------------------------------------------------
def test_a_leads_note_is_an_instruction_until_the_owners_next_step_on_that_task(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-17 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04
2026-11-17 09:00 王主任 assign 写总结 --owner 张三 --due 2026-12-04
2026-11-17 09:30 张三   accept 1
2026-11-17 09:30 张三   accept 2
2026-11-17 10:00 王主任 note 1 重点写安全生产
2026-11-17 11:00 李四   note 1 我这里有去年的材料
2026-11-17 12:00 王主任 note 2 参考去年格式
""")
    events = _task(cli, 1)["events"]
    assert [(e["actor"], e["instruction"]) for e in events if e["kind"] == "noted"] == [
        ("王主任", True), ("李四", False)]
    items = _ok(cli("--as", "张三", "inbox", "--json")).json["items"]
    assert [(i["kind"], i["task"], i["event"]["note"]) for i in items] == [
        ("instruction", 1, "重点写安全生产"), ("instruction", 2, "参考去年格式")]  # 李四's remark is not one
    # his check-in on 写方案 answers the instruction there, not the one on 写总结
    build_ledger(cli, monkeypatch, "2026-11-18 09:00 张三 checkin 1 30 按要求写安全生产部分")
    assert _inbox(cli, "张三") == [("instruction", 2)]


def test_an_owners_note_is_a_remark_and_signs_for_the_task(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-17 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04
2026-11-17 10:00 张三   note 1 已收到，周三前出提纲
""")
    task = _task(cli, 1)
    assert task["events"][-1]["instruction"] is False
    assert task["accepted"] == "2026-11-17T10:00:00+08:00"
    assert _inbox(cli, "张三") == [] and _inbox(cli, "王主任") == []


# -- 协办 a helper's own check-in -------------------------------------------------------------
def test_a_helpers_check_in_is_recorded_and_leaves_the_tasks_progress_to_its_owner(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --helper 李四 --due 2026-12-04
2026-11-17 10:00 张三   checkin 1 30 提纲
2026-11-18 10:00 李四   checkin 1 80 数据部分基本完成
""")
    task = _task(cli, 1)
    assert (task["progress"], task["last_checkin"]) == (30, "2026-11-17T10:00:00+08:00")
    last = task["events"][-1]
    assert (last["kind"], last["actor"], last["progress"], last["note"]) == (
        "checked_in", "李四", 80, "数据部分基本完成")
    # a helper's 100 is his part done, not the task
    build_ledger(cli, monkeypatch, "2026-11-19 10:00 李四 checkin 1 100 我的部分完成")
    assert (_task(cli, 1)["status"], _task(cli, 1)["progress"]) == ("open", 30)
    # someone who is neither owner nor helper may not check in
    _refused(cli("--as", "王五", "checkin", "1", "50"), "张三")


def test_a_helpers_check_ins_do_not_make_the_owner_report_without_progress(cli, monkeypatch):
    """张三 went 30 → 50; his helper 李四 reported his own part at 40 three times. 只报不干 is
    about the task's progress, which only 张三 reports: nobody is flagged."""
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --helper 李四 --due 2026-12-18
2026-11-17 09:00 张三   checkin 1 30
2026-11-18 09:00 张三   checkin 1 50
2026-11-18 15:00 李四   checkin 1 40 我的部分
2026-11-19 15:00 李四   checkin 1 40 我的部分
2026-11-20 15:00 李四   checkin 1 40 我的部分
""")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-20T18:00:00+08:00")
    report = _ok(cli("report", "--week", "--json")).json
    assert report["patterns"] == []


# -- the inbox -------------------------------------------------------------------------------
INBOX = """
2026-11-09 09:00 王主任 assign 写方案 --owner 张三 --due 2026-11-19
2026-11-09 09:00 王主任 assign 报数据 --owner 张三 --due 2026-12-31
2026-11-09 09:00 王主任 assign 调研 --owner 张三 --due 2026-11-25
2026-11-09 09:00 王主任 assign 整改 --owner 张三 --due 2026-12-31
2026-11-09 09:00 王主任 assign 走访 --owner 李四 --due 2026-12-31
2026-11-09 09:00 王主任 assign 开会 --owner 李四 --due 2026-12-31
2026-11-09 09:00 王主任 assign 汇报 --owner 李四 --due 2026-12-31
2026-11-20 09:00 王主任 assign 新任务 --owner 张三 --due 2026-12-31
2026-11-20 10:00 张三   checkin 1 50
2026-11-20 10:00 张三   checkin 2 20
2026-11-20 10:00 张三   checkin 3 80
2026-11-20 10:00 张三   checkin 4 20
2026-11-20 11:00 王主任 escalate 1 --reason 超期
2026-11-20 11:00 王主任 remind 3 抓紧
2026-11-20 11:00 王主任 note 2 注意口径
2026-11-20 11:00 王主任 amend 4 --title 整改落实 --reason 名称不准
2026-11-20 12:00 李四   return 5 --reason 不是我的职责 --missing 授权书
2026-11-20 12:00 李四   extend 6 --due 2027-01-15 --reason 人手不够
2026-11-20 12:00 李四   done 7
"""


def test_the_inbox_gathers_what_waits_for_an_owner_and_for_a_lead(cli, monkeypatch):
    """Mon 23 Nov 09:30. 张三: 新任务 unsigned; 写方案 late (due Thu 19 Nov) and escalated;
    报数据 holds an instruction; 调研 a reminder, and it is due Wed 25 Nov 18:00, 2.35 days
    away (within 3: due soon; at 80 % against the expected 85.6 %, 9 Nov 09:00 → 25 Nov
    18:00, it is within the 15-point margin, not behind); 整改 was corrected. 王主任: 走访
    returned, 开会's request, 汇报 done to close."""
    build_ledger(cli, monkeypatch, INBOX)
    assert _inbox(cli, "张三") == [("sign", 8), ("late", 1), ("escalated", 1), ("instruction", 2),
                                  ("reminded", 3), ("due_soon", 3), ("amended", 4)]
    assert _inbox(cli, "王主任") == [("returned", 5), ("request", 6), ("close", 7)]
    # 李四 returned 走访: his turn again only once it is corrected; his request on 开会 does not
    # stop the clock: expected 26.8 % (9 Nov 09:00 → 31 Dec 18:00, 14 of 52.4 days), has 0
    assert _inbox(cli, "李四") == [("behind", 6)]
    text = _ok(cli("--as", "张三", "inbox")).stdout
    for heading in ("To sign for (签收)", "Late (超期)", "Escalated (督办)", "Instructions (批示)",
                    "Reminders (催办)", "Due soon (临期)", "Corrected by the lead (更正)"):
        assert heading in text
    assert "注意口径" in text and "抓紧" in text


def test_the_inbox_headings_in_chinese(cli, monkeypatch):
    build_ledger(cli, monkeypatch, INBOX)
    lead = _ok(cli("--lang", "zh", "inbox")).stdout
    assert lead.splitlines()[0] == "王主任 的待办："
    assert "退回给你的任务" in lead and "待答复的延期申请" in lead and "已办结：请验收销号" in lead
    assert "缺少: 授权书" in lead and "申请延期至" in lead
    owner = _ok(cli("--lang", "zh", "--as", "张三", "inbox")).stdout
    for heading in ("待签收", "超期", "被督办", "领导批示", "催办", "临期", "牵头领导已更正"):
        assert heading in owner.splitlines(), heading  # each heading a line of its own
    assert _ok(cli("--lang", "zh", "--as", "王五", "inbox")).stdout.strip() == "王五 眼下没有待办。"


def test_an_inbox_item_leaves_at_the_owners_next_step_on_that_task(cli, monkeypatch):
    build_ledger(cli, monkeypatch, INBOX + """
2026-11-23 09:00 张三 accept 8
2026-11-23 09:00 张三 checkin 1 60 加班赶
2026-11-23 09:00 张三 note 2 已按口径调整
2026-11-23 09:00 张三 checkin 3 85
2026-11-23 09:00 张三 checkin 4 30
""")
    # what others said is answered; 写方案 is still late and 调研 still due soon
    assert _inbox(cli, "张三") == [("late", 1), ("due_soon", 3)]


def test_a_request_or_return_on_a_task_finished_since_leaves_the_leads_inbox(cli, monkeypatch):
    """A request or a return can no longer be answered once the owner reports the task done
    (an answer needs an open task): the close is what waits."""
    build_ledger(cli, monkeypatch, INBOX + """
2026-11-21 10:00 李四 done 6
2026-11-21 10:00 李四 done 5
2026-11-22 10:00 王主任 close 7
""")
    assert _inbox(cli, "王主任") == [("close", 5), ("close", 6)]
    build_ledger(cli, monkeypatch, """
2026-11-22 11:00 王主任 close 5
2026-11-22 11:00 王主任 close 6
""")
    assert _inbox(cli, "王主任") == []


# -- bare luoshi -----------------------------------------------------------------------------
def test_bare_luoshi_welcomes_on_an_empty_ledger_and_shows_the_inbox_once_there_is_work(
        cli, monkeypatch, ledger_path):
    first = _ok(cli())
    assert "Five commands to try" in first.stdout and "What waits" not in first.stdout
    assert not ledger_path.exists()  # the welcome only reads
    build_ledger(cli, monkeypatch, INBOX)
    assert _ok(cli()).stdout == _ok(cli("inbox")).stdout
    assert _ok(cli("--as", "张三")).stdout == _ok(cli("--as", "张三", "inbox")).stdout
    assert "Returned to you (退回)" in _ok(cli()).stdout


# -- refusals --------------------------------------------------------------------------------
REFUSALS = {
    "signing for someone else's task": (("--as", "李四", "accept", "1"), 1, "张三"),
    "returning someone else's task": (("--as", "李四", "return", "1", "--reason", "x"), 1, "张三"),
    "asking for time on someone else's task": (
        ("--as", "李四", "extend", "1", "--due", "2026-12-31", "--reason", "x"), 1, "王主任"),
    "a request on a finished task": (
        ("--as", "张三", "extend", "2", "--due", "2026-12-31", "--reason", "x"), 1, "done"),
    "a request on a closed task": (
        ("--as", "张三", "extend", "3", "--due", "2026-12-31", "--reason", "x"), 1, "closed"),
    "signing for a cancelled task": (("--as", "张三", "accept", "4"), 1, "cancelled"),
    "a return without a reason": (("--as", "张三", "return", "1", "--missing", "字数"), 2, "--reason"),
    "a request without a reason": (("--as", "张三", "extend", "1", "--due", "2026-12-31"), 2, "reason"),
    "a note without text": (("note", "1", " "), 2, "note"),
    "approving as the owner": (("--as", "张三", "extend", "5", "--approve"), 1, "王主任"),
    "approving as a bystander": (("--as", "李四", "extend", "5", "--approve"), 1, "王主任"),
    "approve and reject at once": (("extend", "5", "--approve", "--reject", "--reason", "x"), 2, "--approve"),
    "returning a task one leads oneself": (("return", "6", "--reason", "x"), 1, "nobody to return"),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_a_refused_dialogue_step_is_one_line_and_writes_nothing(cli, monkeypatch, ledger_path, name):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-04
2026-11-16 09:00 王主任 assign 写总结 --owner 张三 --due 2026-12-04
2026-11-16 09:00 王主任 assign 报数据 --owner 张三 --due 2026-12-04
2026-11-16 09:00 王主任 assign 走访 --owner 张三 --due 2026-12-04
2026-11-16 09:00 王主任 assign 开会 --owner 张三 --due 2026-12-04
2026-11-17 09:00 张三   done 2
2026-11-17 09:00 张三   done 3
2026-11-17 10:00 王主任 close 3
2026-11-17 10:00 王主任 cancel 4 --reason 取消
2026-11-17 11:00 张三   extend 5 --due 2026-12-11 --reason 人手不够
2026-11-17 12:00 王主任 assign 自查 --due 2026-12-04
""")
    args, code, word = REFUSALS[name]
    before = file_bytes(ledger_path)
    _refused(cli(*args), word, code=code)
    assert file_bytes(ledger_path) == before
