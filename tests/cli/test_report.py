"""The review report on a scripted two-week ledger whose every number is computed by hand."""

from __future__ import annotations

import csv
import io

import pytest

from tests.ledgertext import build_ledger

TWO_WEEKS = """
2026-11-09 09:00 王主任 assign 写材料 --owner 张三 --due 2026-11-18
2026-11-09 09:00 王主任 assign 开会 --owner 李四 --due 2026-11-13
2026-11-10 09:00 王主任 assign 调研 --owner 李四 --due 2026-12-15 --every 2d
2026-11-12 10:00 张三   checkin 1 30 初稿
2026-11-13 10:00 王主任 extend 2 --due 2026-11-17 --reason 场地未定
2026-11-16 09:00 王主任 assign 报数据 --owner 张三 --due 2026-11-19
2026-11-16 09:00 王主任 assign 整改 --owner 王五 --due 2026-11-27
2026-11-17 10:00 张三   checkin 1 80 修改中
2026-11-17 11:00 张三   checkin 4 50 收集一半
2026-11-17 12:00 李四   done 2 --evidence 会议纪要
2026-11-17 15:00 王主任 reassign 5 --owner 赵六 --reason 王五出差
2026-11-18 10:00 张三   done 1
2026-11-18 11:00 王主任 reassign 5 --owner 王五 --reason 赵六不熟悉
2026-11-19 09:00 王主任 score 1 4
2026-11-19 09:05 王主任 score 2 5
"""
NOW = "2026-11-20T18:00:00+08:00"


@pytest.fixture
def ledger(cli, monkeypatch, tmp_path):
    (tmp_path / "config.toml").write_text("[score]\nmin_done_for_star = 1\n", encoding="utf-8")
    build_ledger(cli, monkeypatch, TWO_WEEKS)
    monkeypatch.setenv("LUOSHI_NOW", NOW)


def _ok(result):
    assert result.code == 0, result.stderr
    return result


def report(cli, *args):
    result = cli("report", "--week", "--format", "json", *args)
    assert result.code == 0, result.stderr
    return result.json


def test_the_week_report_computed_by_hand(cli, ledger):
    """Friday 20 Nov 18:00 in the week of 16–22 Nov. Days are working days (weekends off); a
    7-day cadence is 5 working days, 调研's 2 days are 2 working days."""
    r = report(cli)
    assert r["period"] == {"start": "2026-11-16T00:00:00+08:00", "end": "2026-11-23T00:00:00+08:00",
                           "kind": "week"}
    assert r["as_of"] == "2026-11-20T18:00:00+08:00"  # the week has not ended: now
    assert {t["id"]: t["finished"] for t in r["done"]} == {1: "on_time", 2: "after_extension"}
    assert [t["id"] for t in r["late"]] == [4]
    assert [t["id"] for t in r["stalled"]] == [3]
    assert [t["id"] for t in r["due_next"]] == [5]
    assert r["escalations"] == [] and r["blocked"] == []
    # 5 tasks: 2 assigned this week (报数据, 整改); 2 done; 3 open: 整改 on track, 报数据 late,
    # 调研 stalled (silent since Tue 10 Nov 09:00: 8.4 working days > 2)
    t = r["totals"]
    assert (t["tasks"], t["assigned"], t["done"], t["done_on_time"], t["done_after_extension"],
            t["done_late"], t["done_waived"]) == (5, 2, 2, 1, 1, 0, 0)
    assert (t["open"], t["on_track"], t["late"], t["stalled"], t["closed"], t["cancelled"]) == (3, 1, 1, 1, 0, 0)
    assert (t["on_time_rate"], t["done_rate"]) == (1.0, 0.4)  # (1 + 1) ÷ 2; 2 ÷ (2 + 3)
    assert [x["id"] for x in r["tasks"]] == [1, 2, 3, 4, 5]
    people = {p["name"]: p for p in r["people"]}
    z = people["张三"]
    # on_time (1 + 0) ÷ (1 done + 1 late) = 0.5; quality 4 ÷ 5 = 0.8; escalations 1 − 0 ÷ 2 = 1.
    # check-ins due: 写材料 open Mon 00:00 → Wed 10:00 = 2.4167 working days ÷ 5 = 0.4833;
    # 报数据 Mon 09:00 → Fri 18:00 = 4.375 ÷ 5 = 0.875; due 1.3583, and both check-ins moved
    # the progress (30 → 80, 0 → 50): 1.3583 counted, regularity 1
    assert (z["assigned"], z["done"], z["done_on_time"], z["late"], z["stalled"]) == (1, 1, 1, 1, 0)
    assert (z["checkins"], z["checkins_due"], z["checkins_counted"]) == (2, 1.3583, 1.3583)
    assert (z["escalations"], z["avg_rating"]) == (0, 4.0)
    assert z["components"] == {"on_time": 0.5, "regularity": 1.0, "quality": 0.8, "escalations": 1.0}
    assert z["score"] == 74.0  # 100 × (0.5×40 + 1×20 + 0.8×30 + 1×10) ÷ 100
    li = people["李四"]
    # on_time 0.5 × 1 extended finish ÷ 1; due: 开会 Mon 00:00 → Tue 12:00 = 1.5 ÷ 5 = 0.3,
    # answered by its done report (a `done`, no check-in before); 调研 Mon 00:00 → Fri 18:00 =
    # 4.75 ÷ 2 = 2.375, none made: regularity 0.3 ÷ 2.675 = 0.1121; quality 1
    assert li["components"] == {"on_time": 0.5, "regularity": 0.1121, "quality": 1.0, "escalations": 1.0}
    assert li["score"] == 62.2  # 100 × (0.5×40 + 0.1121×20 + 1×30 + 1×10) ÷ 100 = 62.24
    assert (li["stalled"], li["checkins_due"], li["checkins_counted"], li["done_after_extension"]) == (
        1, 2.675, 0.3, 1)
    wang, zhao = people["王五"], people["赵六"]
    # 整改 was handed 王五 → 赵六 (Tue 15:00) → 王五 (Wed 11:00): each answers for his own time.
    # 王五: Mon 09:00 → Tue 15:00 = 1.25 days, Wed 11:00 → Fri 18:00 = 2.2917 days: 3.5417 ÷ 5 =
    # 0.7083 due; 赵六: Tue 15:00 → Wed 11:00 = 20 h = 0.8333 ÷ 5 = 0.1667 due. Neither said a
    # word: 100 × (0×20 + 1×10) ÷ 30 = 33.3 each — the silent are ranked too, and share a rank
    assert (wang["checkins_due"], wang["held"], wang["score"]) == (0.7083, 1, 33.3)
    assert (zhao["checkins_due"], zhao["held"], zhao["score"]) == (0.1667, 1, 33.3)
    assert (z["rank"], li["rank"], wang["rank"], zhao["rank"]) == (1, 2, 3, 3)
    assert (z["bottom"], li["bottom"], wang["bottom"], zhao["bottom"]) == (False, False, True, True)
    # 李四 (调研 silent) and 王五 (整改 silent and bounced) are flagged: no star for them
    assert li["flagged"] == ["silent_since_assigned"]
    assert wang["flagged"] == ["silent_since_assigned", "bounced"]
    assert z["stars"] == ["execution_star", "quality_star", "checkin_star"] and li["stars"] == []
    found = {(p["pattern"], p["task"]) for p in r["patterns"]}
    assert found == {("silent_since_assigned", 3), ("silent_since_assigned", 5), ("bounced", 5)}
    bounced = next(p for p in r["patterns"] if p["pattern"] == "bounced")
    assert bounced["evidence"] == "王五 → 赵六 → 王五"
    assert "40" in r["formula"] and "regularity" in r["formula"]


def test_an_ended_week_reads_the_same_whichever_later_day_it_is_printed(cli, ledger, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-23 09:00 张三 done 4
2026-11-24 10:00 李四 checkin 3 20
2026-11-25 11:00 王主任 escalate 5 --reason 滞后
""")
    prints = []
    for moment in ("2026-11-23T08:00:00+08:00", "2026-11-26T18:00:00+08:00", "2026-12-07T09:00:00+08:00"):
        monkeypatch.setenv("LUOSHI_NOW", moment)
        prints.append(_ok(cli("report", "--since", "2026-11-16", "--until", "2026-11-22",
                              "--format", "json")).json)
    assert prints[0] == prints[1] == prints[2]
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-24T09:00:00+08:00")
    assert _ok(cli("report", "--last-week", "--format", "json")).json["people"] == prints[0]["people"]
    assert prints[0]["as_of"] == "2026-11-22T23:59:59+08:00"  # the end of the week
    assert [t["id"] for t in prints[0]["late"]] == [4]  # still late at the week's end


def test_on_the_review_day_week_means_the_week_just_ended(cli, ledger, monkeypatch, tmp_path):
    (tmp_path / "config.toml").write_text('[report]\nreview_day = "mon"\n', encoding="utf-8")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:30:00+08:00")  # Monday
    r = report(cli)
    assert r["period"]["start"] == "2026-11-16T00:00:00+08:00"
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-24T09:30:00+08:00")  # Tuesday: this week
    assert report(cli)["period"]["start"] == "2026-11-23T00:00:00+08:00"


def test_owner_shows_the_office_wide_rank(cli, ledger):
    alone = report(cli, "--owner", "王五")
    assert [(p["name"], p["rank"], p["bottom"]) for p in alone["people"]] == [("王五", 3, True)]
    assert {t["id"] for t in alone["tasks"]} == {5} and alone["totals"]["tasks"] == 1


def test_a_report_as_of_a_past_moment_ignores_later_events(cli, ledger, monkeypatch):
    before = report(cli)
    build_ledger(cli, monkeypatch, """
2026-11-21 09:00 张三 done 4
2026-11-21 10:00 李四 checkin 3 20
2026-11-21 11:00 王主任 escalate 3 --reason 滞后
""")
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    assert report(cli) == before
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-21T12:00:00+08:00")
    after = report(cli)
    assert [t["id"] for t in after["late"]] == [] and len(after["escalations"]) == 1


def test_filters_narrow_the_report(cli, ledger):
    r = report(cli, "--owner", "李四")
    assert [p["name"] for p in r["people"]] == ["李四"]
    assert {t["id"] for t in r["done"]} == {2}
    assert report(cli, "--project", "none")["people"] == []


def test_escalate_auto_applies_the_rules_once_and_dry_run_writes_nothing(cli, ledger):
    dry = cli("escalate", "--auto", "--dry-run", "--json").json
    # 报数据 late a working day or more, 调研 stalled, 整改 given to 王五 and not signed for
    # (签收) after a working day: each a 催办
    assert {(e["task"], e["to"]) for e in dry["escalations"]} == {(4, 1), (3, 1), (5, 1)}
    assert cli("show", "4", "--json").json["escalation"] == 0
    first = cli("escalate", "--auto", "--json").json["escalations"]
    assert len(first) == 3
    assert cli("escalate", "--auto", "--json").json["escalations"] == []
    event = cli("show", "4", "--json").json["events"][-1]
    assert event["kind"] == "escalated" and event["actor"] == "luoshi" and "逾期" in event["reason"]


def test_late_by_seven_working_days_goes_straight_to_the_third_rung_and_a_waiver_stops_the_rules(
        cli, ledger, monkeypatch):
    # 报数据 was due Thu 19 Nov 18:00. By Fri 27 Nov 09:00 it is 0.25 (Thu) + 1 (Fri) + 4 (Mon–Thu)
    # + 0.375 (Fri) = 5.625 working days late: 督办 (3 days), not yet 约谈 (7 days)
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-27T09:00:00+08:00")
    out = cli("escalate", "--auto", "--json").json["escalations"]
    assert {e["task"]: e["to"] for e in out}[4] == 2
    # Tue 1 Dec 09:00: 0.25 (Thu 19) + 1 (Fri 20) + 5 (23–27 Nov) + 1 (Mon 30) + 0.375 (Tue)
    # = 7.625 working days late: 约谈
    monkeypatch.setenv("LUOSHI_NOW", "2026-12-01T09:00:00+08:00")
    out = cli("escalate", "--auto", "--json").json["escalations"]
    assert {e["task"]: e["to"] for e in out}[4] == 3
    assert cli("waive", "4", "--reason", "数据源系统故障", "--json").json["task"]["escalation"] == 0
    again = cli("escalate", "--auto", "--json").json["escalations"]
    assert 4 not in {e["task"] for e in again}
    z = next(p for p in report(cli)["people"] if p["name"] == "张三")
    assert z["late"] == 0  # the waived case is not held against them


def test_markdown_escapes_pipes_and_newlines(cli, ledger, monkeypatch):
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-20T17:00:00+08:00")
    cli("assign", "a | b\nc", "--owner", "张三", "--due", "2026-11-20 17:30")
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    md = cli("report", "--week", "--format", "md").stdout
    assert "a \\| b c" in md


def test_csv_has_a_bom_and_neutralises_formulas(cli, ledger, monkeypatch):
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-20T17:00:00+08:00")
    cli("assign", "=HYPERLINK(\"http://x\")", "--owner", "张三", "--due", "2026-11-20 17:30")
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    out = cli("report", "--week", "--format", "csv").stdout
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    at = next(i for i, r in enumerate(rows) if r and r[0].startswith("Late ("))
    assert rows[at + 1][:2] == ["ID", "Task"]
    end = rows.index([], at)  # a block ends at an empty row
    titles = [r[1] for r in rows[at + 2:end]]
    assert "'=HYPERLINK(\"http://x\")" in titles


def test_output_is_written_atomically_and_a_directory_is_refused(cli, ledger, tmp_path):
    target = tmp_path / "week.md"
    assert cli("report", "--format", "md", "--output", str(target)).code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    result = cli("report", "--format", "md", "--output", str(tmp_path))
    assert result.code == 2 and "folder" in result.stderr
    result = cli("report", "--format", "md", "--output", str(tmp_path / "no" / "x.md"))
    assert result.code == 2 and "does not exist" in result.stderr


def test_the_table_report_names_stars_and_the_bottom(cli, ledger):
    out = cli("report").stdout
    assert "execution star" in out and "bottom" in out and "bounced" in out


def test_bad_report_options_are_refused(cli, ledger):
    assert cli("report", "--week", "--month").code == 2
    assert cli("report", "--format", "pdf").code == 2
    assert cli("report", "--since", "2026-11-01").code == 2


def test_an_invalid_config_is_refused_naming_the_key(cli, ledger, tmp_path):
    (tmp_path / "config.toml").write_text("[score]\nquality = -3\n", encoding="utf-8")
    result = cli("report")
    assert result.code == 2 and "score.quality" in result.stderr


def test_the_table_caps_long_sections_and_the_files_keep_every_row(cli, ledger, monkeypatch):
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-20T17:00:00+08:00")
    lines = "\n".join(f"张三: 积压{i} @2026-11-20 17:30" for i in range(25))
    assert cli("assign", "--from", "-", input=lines).code == 0
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    out = cli("report").stdout
    assert "… and 6 more: --format csv or json for all" in out  # 26 late, 20 shown
    late = out.split("Late (26)")[1].split("Stalled")[0]
    assert "报数据" in late and "积压18" in late and "积压19" not in late  # most overdue first
    assert len(report(cli)["late"]) == 26


def test_xlsx_has_a_sheet_per_section_keeps_chinese_and_neutralises_formulas(cli, ledger, monkeypatch, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-20T17:00:00+08:00")
    cli("assign", "=HYPERLINK(\"http://x\")", "--owner", "张三", "--due", "2026-11-20 17:30")
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    target = tmp_path / "week.xlsx"
    result = cli("report", "--week", "--format", "xlsx", "--output", str(target))
    assert result.code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Totals", "Ledger", "Done", "Late", "Stalled", "Blocked", "Behind",
                               "Due next", "Escalations", "Extensions", "Hand-overs", "Waivers",
                               "Closures", "People", "Patterns", "Formula"]
    late = [[c.value for c in row] for row in book["Late"].iter_rows()]
    assert late[0] == ["ID", "Task", "Owner", "Original due", "Due", "Extension reason", "Progress",
                       "Days late", "Rung", "Latest note"]
    assert [4, "报数据", "张三"] == late[1][:3] and late[1][6] == 50  # numbers stay numbers
    assert "'=HYPERLINK(\"http://x\")" in [row[1] for row in late]
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    people = {row[1].value: row for row in book["People"].iter_rows(min_row=2)}
    score = next(p["score"] for p in report(cli)["people"] if p["name"] == "张三")
    assert people["张三"][2].value == score and people["王五"][12].value == "bottom"  # 末位 now
    assert [r[3].value for r in book["Patterns"].iter_rows(min_row=2)].count("bounced") == 1
    # check-ins made, then the rate in per cent in a column of its own: 张三 made 2, and owed
    # 1.3583 + 1 h ÷ 5 days (the formula task, held from 17:00 without a word) = 1.3667:
    # 1.3583 ÷ 1.3667 = 99 %
    head = [c.value for c in next(book["People"].iter_rows())]
    assert head[8:10] == ["Check-ins", "Check-in rate (%)"]
    assert (people["张三"][8].value, people["张三"][9].value) == (2, 99)


def test_xlsx_is_refused_without_an_output_file(cli, ledger):
    result = cli("report", "--format", "xlsx")
    assert result.code == 2 and result.stdout == "" and "--output" in result.stderr


def test_a_done_row_finished_late_reads_finished_late_not_late(cli, ledger):
    from luoshi.render.report import to_markdown

    data = report(cli)
    data["done"][0]["finished"] = "late"  # as a task finished after its deadline shows
    md = to_markdown(data, "en", None)
    sections = {part.split(" (")[0]: part for part in md.split("\n## ")[1:]}
    assert "finished late" in sections["Done"] and "finished late" not in sections["Late"]
    late_row = next(line for line in sections["Ledger"].splitlines() if line.startswith("| 4 |"))
    assert "| late |" in late_row  # the open task that is late now


def test_the_formula_is_one_paragraph_in_either_language(cli, ledger):
    lines = cli("report", "--week").stdout.splitlines()
    formula = next(line for line in lines if line.startswith("Formula: "))
    assert formula.rstrip().endswith("nobody is scored on escalations alone.")  # not cut at 120
    zh = cli("--lang", "zh", "report", "--week").stdout
    assert "计分公式：" in zh and "计分公式: " not in zh


# -- the file's format follows its name ------------------------------------------------------------
def test_the_output_files_extension_chooses_the_format(cli, ledger, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    sheet = tmp_path / "周报.xlsx"
    assert cli("report", "--week", "--output", str(sheet)).code == 0
    assert openpyxl.load_workbook(sheet).sheetnames[0] == "Totals"
    page = tmp_path / "week.HTM"
    assert cli("report", "--week", "--output", str(page)).code == 0
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    bulletin = tmp_path / "通报.docx"
    assert cli("--lang", "zh", "report", "--week", "--output", str(bulletin), "--issue", "12").code == 0
    assert docx.Document(str(bulletin)).paragraphs[0].text.startswith("督查通报  第12期")
    table = tmp_path / "week.csv"
    assert cli("report", "--week", "--output", str(table)).code == 0
    assert table.read_bytes().startswith("\ufeff".encode("utf-8"))


def test_a_format_that_contradicts_the_file_name_is_refused_and_nothing_is_written(cli, ledger, tmp_path):
    target = tmp_path / "week.csv"
    result = cli("report", "--format", "md", "--output", str(target))
    assert result.code == 2 and not target.exists()
    assert result.stderr.splitlines()[0] == f"luoshi: error: --format md does not match the file name {target}"
    assert cli("report", "--format", "docx").code == 2  # a Word file needs --output
    assert cli("report", "--format", "md", "--output", str(tmp_path / "week.txt")).code == 0


def test_the_notice_of_a_task_in_each_format(cli, ledger, tmp_path):
    docx = pytest.importorskip("docx")
    out = cli("--lang", "zh", "notice", "4")
    assert out.code == 0, out.stderr
    assert "# 督办通知单" in out.stdout and "#4 报数据" in out.stdout and "请于" in out.stdout
    assert cli("notice", "4", "--format", "html").stdout.startswith("<!doctype html>")
    paper = tmp_path / "notice.docx"
    assert cli("notice", "4", "--output", str(paper)).code == 0
    assert "Supervision notice" in [p.text for p in docx.Document(str(paper)).paragraphs]
    assert cli("notice", "4", "--format", "docx").code == 2
    assert cli("notice", "4", "--format", "html", "--output", str(tmp_path / "n.md")).code == 2
    assert cli("notice", "99").code == 2
    assert cli("notice", "4", "--json").json["id"] == 4


def test_a_new_owner_repeating_the_last_figure_moved_nothing(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 用地指标 --owner 周涛 --due 2026-12-31 --every 1d
2026-11-16 10:00 周涛   checkin 1 10 已与企业对接
2026-11-17 09:00 王主任 reassign 1 --owner 吴刚 --reason 指标统筹属发改局
2026-11-17 10:00 吴刚   checkin 1 10 该由自然资源局牵头
2026-11-18 10:00 吴刚   checkin 1 10 --blocker 等省厅指标
""")
    monkeypatch.setenv("LUOSHI_NOW", NOW)  # Friday 20 Nov 18:00
    people = {p["name"]: p for p in report(cli)["people"]}
    # 周涛 held it Mon 09:00 → Tue 09:00: 1 working day of a 1-day cadence, 1 due; his 0 → 10
    # moved it. 吴刚 held it Tue 09:00 → Fri 18:00: 3.375 due; his first 10 repeats 周涛's 10
    # (nothing moved), his second names a blocker: 1 counted
    zhou, wu = people["周涛"], people["吴刚"]
    assert (zhou["checkins"], zhou["checkins_counted"], zhou["checkins_due"]) == (1, 1, 1)
    assert (wu["checkins"], wu["checkins_counted"], wu["checkins_due"]) == (2, 1, 3.375)


def test_a_helpers_figure_is_not_the_tasks_check_in_before(cli, monkeypatch):
    build_ledger(cli, monkeypatch, """
2026-11-16 09:00 王主任 assign 写方案 --owner 张三 --helper 李四 --due 2026-12-31 --every 1d
2026-11-17 09:00 张三   checkin 1 30 初稿
2026-11-18 09:00 李四   checkin 1 50 我的部分过半
2026-11-19 09:00 张三   checkin 1 50 修改稿
""")
    monkeypatch.setenv("LUOSHI_NOW", NOW)  # Friday 20 Nov 18:00
    zhang = next(p for p in report(cli)["people"] if p["name"] == "张三")
    # 4.375 check-ins due (Mon 09:00 → Fri 18:00, a 1-day cadence); 张三's 30 moved it from 0
    # and his 50 from his own 30 — 李四's 50 was his part, not the task's figure: 2 counted
    assert (zhang["checkins"], zhang["checkins_counted"], zhang["checkins_due"]) == (2, 2, 4.375)
