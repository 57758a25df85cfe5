"""签收: when a task counts as signed for, and when `escalate --auto` follows an unsigned one
up. Worked on working days (Asia/Shanghai); `health.sign_within` is 1 working day."""

from __future__ import annotations

from tests.ledgertext import build_ledger

WEEK = """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-31
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-12-31
2026-11-16 10:00 张三   checkin 1 10 已着手
2026-11-17 14:00 王主任 assign 走访 --owner 王五 --due 2026-12-31
2026-11-16 09:00 王主任 assign 排查 --owner 赵六 --due 2026-12-31
2026-11-16 10:00 赵六   accept 4
2026-11-17 14:00 王主任 reassign 4 --owner 孙七 --reason 赵六借调
2026-11-16 09:00 王主任 assign 自查 --owner 王主任 --due 2026-12-31
"""


def test_a_check_in_signs_and_a_hand_over_starts_the_clock_again(cli, monkeypatch):
    build_ledger(cli, monkeypatch, WEEK)
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-18T12:00:00+08:00")  # Wednesday noon
    # 1 写方案: 张三's check-in on Monday 10:00 shows he has it: signed then.
    assert cli("show", "1", "--json").json["accepted"] == "2026-11-16T10:00:00+08:00"
    # 2 报数据: not a word from 李四 since Monday 09:00, 2.125 working days: a 催办.
    # 3 走访: given to 王五 Tuesday 14:00, 0.9167 working days ago: not yet.
    # 4 排查: 赵六 signed, but it went to 孙七 on Tuesday 14:00 — he has had it 0.9167 days.
    # 5 自查: 王主任's own task: nobody to sign for it.
    dry = cli("escalate", "--auto", "--dry-run", "--json").json["escalations"]
    assert [(e["task"], e["to"]) for e in dry] == [(2, 1)]
    assert cli("show", "4", "--json").json["accepted"] is None
    # Thursday 15:00: 王五 and 孙七 have had theirs 2.0417 working days: a 催办 each.
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-19T15:00:00+08:00")
    dry = cli("escalate", "--auto", "--dry-run", "--json").json["escalations"]
    assert sorted((e["task"], e["to"]) for e in dry) == [(2, 1), (3, 1), (4, 1)]


def test_a_return_does_not_sign_and_a_note_does(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --due 2026-12-31
2026-11-16 09:00 王主任 assign 报数据 --owner 李四 --due 2026-12-31
2026-11-16 11:00 张三   return 1 --reason 要求不清 --missing 字数要求
2026-11-16 11:30 李四   note 2 数据口径待确认
""")
    assert cli("show", "1", "--json").json["accepted"] is None
    assert cli("show", "2", "--json").json["accepted"] == "2026-11-16T11:30:00+08:00"
