"""倒排工期 through the command line: `plan`, the rollup in every view, `behind`, the board.

The ledger below is planned backward on Monday 2 November 2026 09:00 (Asia/Shanghai); every
number is computed by hand in the comment beside it. Time is 09:00 to 09:00, so the days are
whole: 迎检准备 runs 28 days, 2 → 30 November. Its milestones, planned at once:
  #2 调研 (李四) due 9 Nov, weight 2; #3 整改 (张三) due 23 Nov, weight 3;
  #4 验收 (张三) due 30 Nov, weight 5 — 20 % is expected by 9 Nov, 50 % by 23 Nov, 100 % by 30 Nov.
"""

from __future__ import annotations

import pytest

from tests.ledgertext import build_ledger

PLANNED = """
2026-11-02 09:00 王主任 assign 迎检准备 --owner 张三 --due "2026-11-30 09:00"
2026-11-02 09:00 王主任 plan 1 "李四: 调研 @2026-11-09 09:00 *2" "整改 @2026-11-23 09:00 *3" "验收 @2026-11-30 09:00 *5"
2026-11-06 09:00 李四   checkin 2 100 报告已交
2026-11-16 09:00 张三   checkin 3 40 方案初稿
"""
LATER = "2026-11-20 09:00 张三 checkin 4 10"  # what the tests from 24 November on add


def _ok(result):
    assert result.code == 0, result.stderr
    return result


@pytest.fixture
def planned(cli, monkeypatch):
    build_ledger(cli, monkeypatch, PLANNED)

    def at(moment: str) -> None:
        if moment >= "2026-11-24":
            build_ledger(cli, monkeypatch, LATER)
        monkeypatch.setenv("LUOSHI_NOW", moment + ":00+08:00")

    return at


def tasks(cli, *args) -> dict:
    return {t["id"]: t for t in _ok(cli("list", "--status", "all", "--json", *args)).json}


def events(cli) -> list:
    return _ok(cli("export")).stdout.splitlines()


def test_plan_records_milestones_as_child_tasks_with_the_parents_owner_by_default(cli, planned):
    planned("2026-11-02T09:00")
    t = tasks(cli)
    assert t[1]["children"] == [2, 3, 4]
    assert [(t[i]["parent"], t[i]["owner"], t[i]["lead"]) for i in (2, 3, 4)] == [
        (1, "李四", "王主任"), (1, "张三", "王主任"), (1, "张三", "王主任")]
    assert t[3]["due"] == "2026-11-23T09:00:00+08:00"
    show = _ok(cli("show", "1", "--json")).json
    assert [m["id"] for m in show["milestones"]] == [2, 3, 4] and show["children"] == [2, 3, 4]


def test_show_lists_the_milestones_with_owner_due_progress_and_health(cli, planned):
    planned("2026-11-16T09:00")
    out = _ok(cli("show", "1")).stdout
    assert "Milestones" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("#3"))
    assert "整改" in line and "张三" in line and "40%" in line and "behind" in line
    assert "32% (expected 35.0%, from its milestones)" in out


def test_the_parents_progress_is_its_milestones_weighted_and_expected_follows_their_dates(cli, planned):
    planned("2026-11-16T09:00")
    t = tasks(cli)
    # progress (2 × 100 + 3 × 40 + 5 × 0) ÷ 10 = 32; expected: half of 9 → 23 Nov,
    # 20 + 30 × 7/14 = 35.0; 3 points short: on track
    assert (t[1]["progress"], t[1]["expected"], t[1]["health"]) == (32, 35.0, "on_track")
    # 整改 on its own straight line: 2 → 23 Nov is 21 days, 14 gone: 66.7 %, at 40 % → behind
    assert (t[3]["expected"], t[3]["health"]) == (66.7, "behind")
    assert t[2]["expected"] is None  # finished work expects nothing


def test_a_missed_milestone_makes_the_parent_behind_then_its_own_deadline_late(cli, planned):
    planned("2026-11-24T09:00")  # 整改 was due yesterday 09:00 and is open
    t = tasks(cli)
    # progress (200 + 120 + 50) ÷ 10 = 37; expected 50 + 50 × 1/7 = 57.1
    assert (t[1]["progress"], t[1]["expected"], t[1]["health"]) == (37, 57.1, "behind")
    assert t[3]["health"] == "late"
    assert [x["id"] for x in _ok(cli("list", "--health", "behind", "--json")).json] == [1, 4]
    planned("2026-11-30T09:01")
    assert tasks(cli)[1]["health"] == "late"


def test_the_weeks_report_counts_the_parent_behind_with_its_rolled_up_progress(cli, planned):
    planned("2026-11-24T09:00")
    r = _ok(cli("report", "--week", "--format", "json")).json
    # in scope: #1, #3, #4 (open); #2 finished before the week. Open 3: behind #1 and #4
    # (验收 alone: 22 of 28 days, 78.6 % expected, at 10 %), late #3
    assert [x["id"] for x in r["tasks"]] == [1, 3, 4]
    assert [x["id"] for x in r["behind"]] == [1, 4] and [x["id"] for x in r["late"]] == [3]
    assert (r["totals"]["open"], r["totals"]["behind"], r["totals"]["late"]) == (3, 2, 1)
    parent = r["tasks"][0]
    assert (parent["progress"], parent["expected"], parent["children"]) == (37, 57.1, [2, 3, 4])
    html = _ok(cli("report", "--week", "--format", "html")).stdout
    assert 'class="chart timeline"' in html and "#1 迎检准备" in html


def test_the_automatic_rule_reminds_a_parent_whose_milestone_is_late(cli, planned):
    planned("2026-11-24T09:00")
    done = _ok(cli("escalate", "--auto", "--json")).json["escalations"]
    # #3 late by 1 working day → 催办; #1 behind (its milestone) and #4 behind → 催办
    assert {(e["task"], e["to"]) for e in done} == {(1, 1), (3, 1), (4, 1)}
    assert "behind" in next(e for e in done if e["task"] == 1)["rule"]


def test_a_parent_takes_no_check_ins_of_its_own(cli, planned):
    planned("2026-11-16T09:00")
    before = events(cli)
    result = cli("--as", "张三", "checkin", "1", "50")
    assert result.code == 1 and "milestones" in result.stderr and result.stdout == ""
    assert events(cli) == before


def test_a_milestone_due_after_its_parent_is_refused_with_exit_2_and_nothing_written(cli, planned):
    before = events(cli)
    result = cli("plan", "1", "复查 @2026-11-20 09:00", "总结 @2026-12-05")
    assert result.code == 2 and "line 2" in result.stderr and "line 1" not in result.stderr
    assert result.stdout == "" and events(cli) == before


@pytest.mark.parametrize(("args", "code", "words"), [
    (("--as", "张三", "plan", "1", "复查 @2026-11-20"), 1, ("王主任", "plan")),
    (("plan", "9", "复查 @2026-11-20"), 2, ("no task 9",)),
    (("plan", "1"), 2, ("milestones",)),
    (("plan", "1", "复查 @2026-11-20", "--weight", "0"), 2, ("weight",)),
    (("plan", "1", "复查 @2026-11-20 *x"), 2, ("line 1", "weight")),
    (("plan", "1", "复查"), 2, ("@WHEN",)),
])
def test_plan_refusals_have_the_contracts_exit_codes(cli, planned, args, code, words):
    planned("2026-11-16T09:00")
    before = events(cli)
    result = cli(*args)
    assert result.code == code, result.stderr
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) <= 2
    for word in words:
        assert word in result.stderr
    assert events(cli) == before


def test_a_finished_task_is_not_planned(cli, planned):
    planned("2026-11-16T09:00")
    result = cli("plan", "2", "复查 @2026-11-08")  # 调研 was finished on 6 November
    assert result.code == 1 and "already done" in result.stderr


def test_milestones_come_from_a_minutes_file_or_stdin_with_headers_and_weights(cli, tmp_path):
    _ok(cli("assign", "年度总结", "--owner", "张三", "--due", "2026-12-31"))
    path = tmp_path / "plan.txt"
    path.write_text("# 倒排工期\n主持：刘局长\n1. 收集材料 @2026-12-04 *1\n2、李四：起草 @2026-12-18\n",
                    encoding="utf-8")
    made = _ok(cli("plan", "1", "--from", str(path), "--weight", "4", "--json")).json
    assert [(m["owner"], m["lead"]) for m in made["milestones"]] == [("张三", "刘局长"), ("李四", "刘局长")]
    assert made["task"]["children"] == [2, 3]
    again = _ok(cli("plan", "1", "--from", "-", "--json", input="定稿 @2026-12-25\n")).json
    assert again["milestones"][0]["id"] == 4
    show = _ok(cli("export")).stdout
    assert '"weight":1' in show and '"weight":4' in show  # *1 on its line, --weight for the other


def test_the_walk_leaves_out_a_task_with_milestones(cli, planned):
    import os
    import sys

    import pexpect

    from tests.conftest import SRC

    planned("2026-11-16T09:00")
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "LUOSHI_USER": "张三"}
    child = pexpect.spawn(sys.executable, ["-m", "luoshi", "checkin"], env=env, encoding="utf-8",
                          timeout=20)
    child.expect("2 open tasks")  # 整改 and 验收; 迎检准备 reads its progress from them
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert "迎检准备" not in child.before


# -- the board ---------------------------------------------------------------------------------
def _width(text: str) -> int:
    from luoshi.render.words import display_width

    return display_width(text)


def _at_column(line: str, column: int) -> str:
    """The character of `line` that starts at display column `column`."""
    used = 0
    for ch in line:
        if used == column:
            return ch
        used += _width(ch)
    return " "


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_board_draws_one_line_per_task_under_today_within_the_terminal(
        cli, planned, monkeypatch, columns, lang):
    planned("2026-11-16T09:00")
    monkeypatch.setenv("COLUMNS", str(columns))
    _ok(cli("assign", "一个标题很长很长很长很长很长很长很长很长很长很长很长的任务", "--due", "2026-12-10"))
    out = _ok(cli("--lang", lang, "board")).stdout.rstrip("\n").splitlines()
    header, rows, legend = out[0], out[1:-1], out[-1]
    assert [r.split()[0 if not r.startswith("└") else 1] for r in rows] == ["#1", "#2", "#3", "#4", "#5"]
    assert rows[1].startswith("└ #2") and rows[0].startswith("#1")  # milestones under their parent
    assert all(_width(line) <= columns for line in out)
    assert "…" in rows[4]  # the long title is cut
    today = _width(header[:header.index("v")])
    assert header.count("v") == 1 and all(_at_column(r, today) in "#|:" for r in rows)
    assert ":" in legend and ("today" in legend or "今天" in legend)
    assert ("behind" in rows[2]) if lang == "en" else ("滞后" in rows[2])  # 整改


def test_the_board_as_json_gives_each_task_its_depth(cli, planned):
    planned("2026-11-16T09:00")
    board = _ok(cli("board", "--json")).json
    assert [(t["id"], t["depth"]) for t in board["tasks"]] == [(1, 0), (2, 1), (3, 1), (4, 1)]
    assert board["tasks"][0]["expected"] == 35.0
    assert _ok(cli("board", "--owner", "李四", "--json")).json["tasks"] == []  # 调研 is done
    assert [t["id"] for t in _ok(cli("board", "--owner", "张三", "--json")).json["tasks"]] == [1, 2, 3, 4]


def test_the_owners_inbox_names_the_parent_behind_when_a_milestone_is_missed(cli, planned):
    planned("2026-11-24T09:00")
    items = _ok(cli("--as", "张三", "inbox", "--json")).json["items"]
    kinds = {(i["kind"], i["task"]) for i in items}
    assert ("behind", 1) in kinds and ("late", 3) in kinds and ("behind", 4) in kinds


def test_a_milestone_is_not_extended_past_its_parent(cli, planned):
    planned("2026-11-16T09:00")
    before = events(cli)
    result = cli("extend", "3", "--due", "2026-12-02", "--reason", "材料未齐")
    assert result.code == 2 and "task 1" in result.stderr and events(cli) == before
    _ok(cli("extend", "3", "--due", "2026-11-27", "--reason", "材料未齐"))
