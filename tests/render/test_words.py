"""The totals line and the period in words, in each language."""

from __future__ import annotations

import pytest

from luoshi.render import words as w


def test_the_totals_line_of_the_county_week_in_chinese(week_zh):
    # 13 tasks: 8 assigned this week; 5 done = 2 on time + 1 after extension + 1 late + 1 waived;
    # 7 open = 1 each on track, due soon, behind, stalled, blocked + 2 late; 3 closed; 1 cancelled;
    # on-time rate (2 + 1 + 1) / 5 = 80%; done rate 5 / (5 + 7) = 41.7% → 42%
    assert w.totals_line(week_zh["totals"], "zh") == (
        "交办 8 · 办结 5 (按期 2 · 延期后按期 1 · 逾期 1 · 容错 1) · "
        "在办 7 (正常 1 · 临期 1 · 滞后 1 · 超期 2 · 停滞 1 · 受阻 1) · 销号 3 · 撤销 1 · "
        "按期办结率 80% · 办结率 42%")


def test_the_totals_line_in_english_names_the_open_late_overdue(month_en):
    assert w.totals_line(month_en["totals"], "en") == (
        "Assigned 9 · Done 4 (on time 1 · after extension 1 · late 1 · waived 1) · "
        "Open 5 (on track 1 · due soon 1 · behind 0 · overdue 1 · stalled 1 · blocked 1) · "
        "Closed 1 · On-time rate 75% · Done rate 44%")


def test_a_period_with_nothing_done_has_no_rate_and_tasks_without_deadline_are_counted():
    line = w.totals_line({"open": 2, "on_track": 1, "needs_due": 1, "on_time_rate": None}, "zh")
    assert "按期办结率 —" in line and "无时限 1" in line and "撤销" not in line


@pytest.mark.parametrize("start, end, kind, zh, en", [
    ("2026-11-16", "2026-11-23", "week", "2026年11月16日至22日，第47周", "16–22 November 2026, week 47"),
    ("2026-11-30", "2026-12-07", "week", "2026年11月30日至12月6日，第49周", "30 November – 6 December 2026, week 49"),
    ("2026-12-28", "2027-01-04", "week", "2026年12月28日至2027年1月3日，第53周",
     "28 December 2026 – 3 January 2027, week 53"),
    ("2026-11-01", "2026-12-01", "month", "2026年11月", "November 2026"),
    ("2026-10-01", "2027-01-01", "quarter", "2026年第四季度", "Q4 2026"),
    ("2026-01-01", "2027-01-01", "year", "2026年", "2026"),
    ("2026-11-16", "2026-11-21", "custom", "2026年11月16日至20日", "16–20 November 2026"),
])
def test_the_period_in_words(start, end, kind, zh, en):
    period = {"start": f"{start}T00:00:00+08:00", "end": f"{end}T00:00:00+08:00", "kind": kind}
    assert (w.period_words(period, "zh"), w.period_words(period, "en")) == (zh, en)
    del period["kind"]  # a report of the earlier shape: the kind is read from the bounds
    assert w.period_words(period, "zh") == zh


def test_an_extended_deadline_reads_original_then_current_with_the_reason(week_zh):
    task = next(t for t in week_zh["tasks"] if t["id"] == 2)
    assert w.deadline_words(task, "zh", None) == (
        "2026年11月17日 周二 18:00 → 2026年11月20日 周五 18:00（统计局数据延迟发布）")


def test_east_asian_wide_characters_count_two_columns():
    assert w.display_width("督办 ok") == 7
