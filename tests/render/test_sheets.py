"""CSV and xlsx in the chosen language, read back the way a spreadsheet would."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from luoshi.render.report import render_document
from tests.render.conftest import NOW, hostile

openpyxl = pytest.importorskip("openpyxl")


def csv_rows(report: dict, lang: str) -> list[list[str]]:
    data = render_document(report, "csv", lang, NOW)
    assert data.startswith("\ufeff".encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8").lstrip("\ufeff"))))


def block(rows: list[list[str]], title: str) -> list[list[str]]:
    """The header row and rows under the block titled `title (N)`."""
    at = next(i for i, r in enumerate(rows) if r and r[0].split(" (")[0] == title)
    end = next((i for i in range(at + 1, len(rows)) if not rows[i]), len(rows))
    return rows[at + 1:end]


def test_csv_opens_with_the_totals_and_speaks_chinese_in_headers_and_values(week_zh):
    rows = csv_rows(week_zh, "zh")
    assert rows[0] == ["督查报告 2026年11月16日至22日，第47周"]
    assert rows[1][0].startswith("交办 8 · 办结 5 (按期 2")
    ledger = block(rows, "督查台账")
    assert ledger[0] == ["编号", "工作事项", "承办人", "牵头领导", "任务来源", "原定时限", "时限",
                         "延期理由", "进度", "办理状态", "逾期天数", "督办层级", "最新进展", "存在困难"]
    by_id = {r[0]: dict(zip(ledger[0], r)) for r in ledger[1:]}
    assert len(by_id) == 13
    assert by_id["2"]["原定时限"] == "2026-11-17 18:00" and by_id["2"]["时限"] == "2026-11-20 18:00"
    assert by_id["2"]["延期理由"] == "统计局数据延迟发布" and by_id["2"]["任务来源"] == "领导批示"
    assert (by_id["9"]["办理状态"], by_id["9"]["逾期天数"], by_id["9"]["督办层级"]) == ("超期", "2", "约谈")
    assert by_id["12"]["存在困难"].startswith("需市自然资源局") and by_id["1"]["任务来源"] == "会议决定"
    assert by_id["10"]["督办层级"] == "催办" and by_id["4"]["办理状态"] == "容错办结 · 已销号"
    for title in ("已办结", "超期", "停滞", "受阻", "滞后", "下期到期", "督办记录", "延期", "转办",
                  "容错", "销号", "人员", "值得注意的问题"):
        assert len(block(rows, title)) > 1, title


def test_csv_in_english_has_english_headers_and_values(month_en):
    rows = csv_rows(month_en, "en")
    ledger = block(rows, "Ledger")
    assert ledger[0][:5] == ["ID", "Task", "Owner", "Lead", "Source"]
    assert dict(zip(ledger[0], ledger[5]))["Status"] == "late"
    assert dict(zip(ledger[0], ledger[2]))["Source"] == "leader's instruction"
    assert not any("超期" in cell for row in rows for cell in row)


def test_csv_text_never_starts_a_formula(week_zh):
    rows = csv_rows(hostile(week_zh), "zh")
    cells = [c for r in rows for c in r]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
    assert not any("\x1b" in c for c in cells)  # control characters shown as escapes


def xlsx(report: dict, lang: str, tmp_path):
    path = tmp_path / "review.xlsx"
    path.write_bytes(render_document(report, "xlsx", lang, NOW))
    return openpyxl.load_workbook(path)


def test_xlsx_has_the_totals_sheet_first_then_the_ledger_and_each_section(week_zh, tmp_path):
    book = xlsx(week_zh, "zh", tmp_path)
    assert book.sheetnames == ["总体情况", "督查台账", "已办结", "超期", "停滞", "受阻", "滞后",
                               "下期到期", "督办记录", "延期", "转办", "容错", "销号", "人员",
                               "值得注意的问题", "计分公式"]
    totals = book["总体情况"]
    assert totals["A1"].value == "督查报告 2026年11月16日至22日，第47周"
    assert totals["A2"].value.startswith("交办 8 · 办结 5")
    pairs = {r[0].value: r[1].value for r in totals.iter_rows(min_row=6) if r[0].value}
    assert pairs["交办"] == 8 and pairs["超期"] == 2 and pairs["按期办结率"] == 0.8
    assert totals["B" + str(6 + 16)].number_format == "0%"


def test_xlsx_rows_are_filled_by_state_with_a_frozen_header_and_typed_cells(week_zh, tmp_path):
    ws = xlsx(week_zh, "zh", tmp_path)["督查台账"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    fill = lambda task: rows[task][0].fill.fgColor.rgb[-6:]  # noqa: E731
    assert fill(9) == "FFC7CE" and fill(12) == "FFC7CE"  # late, blocked: red
    assert fill(7) == "FFEB9C" and fill(8) == "FFEB9C"  # due soon, behind: yellow
    assert fill(6) == "C6EFCE" and fill(11) == "E4DFEC"  # on track green, stalled purple
    assert rows[13][0].fill.fill_type is None  # cancelled: no colour
    assert rows[9][header.index("进度")].value == 30  # numbers stay numbers
    assert rows[2][header.index("原定时限")].value == datetime(2026, 11, 17, 18, 0)
    assert all(c.data_type != "f" for ws in [ws] for row in ws.iter_rows() for c in row)


def test_xlsx_columns_fit_chinese_text_counting_wide_characters_twice(week_zh, tmp_path):
    ws = xlsx(week_zh, "zh", tmp_path)["督查台账"]
    header = [c.value for c in ws[1]]
    title = ws.column_dimensions["B"].width
    longest = max(len(r[1].value) for r in ws.iter_rows(min_row=2))  # 14 characters, 28 columns
    assert header[1] == "工作事项" and title >= 2 * longest
    assert ws.column_dimensions["A"].width < 10


def test_xlsx_in_english_and_hostile_text_stays_text(month_en, tmp_path):
    book = xlsx(hostile(month_en), "en", tmp_path)
    assert book.sheetnames[:3] == ["Totals", "Ledger", "Done"]
    values = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    assert not any("\x1b" in v for v in values)
