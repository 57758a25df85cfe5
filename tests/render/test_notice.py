"""The 督办通知单: the task, its history, its rung in colour, and what is required by when."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from luoshi.render.notice import render_notice, required_by
from tests.render.conftest import NOW
from tests.render.test_documents import page


def test_the_notice_names_task_people_source_standard_deadline_and_history(notice_detail):
    md = render_notice(notice_detail, "md", "zh", NOW, office="某某县委督查室").decode("utf-8")
    assert md.startswith("**某某县委督查室**\n\n# 督办通知单")
    for line in ("- **工作事项**: #9 报送农村人居环境整治材料", "- **承办人**: 李娜", "- **协办人**: 刘洋",
                 "- **牵头领导**: 王主任", "- **任务来源**: 会议决定",
                 "- **工作要求**: 按市里模板报送全部18个乡镇的数据，附照片",
                 "- **时限**: 11月20日 周五 18:00", "- **督办层级**: 约谈（红色）"):
        assert line in md.splitlines(), line
    history = [line for line in md.splitlines() if line.startswith("| 11月")]
    assert len(history) == 7
    assert "| 11月17日 周二 15:00 | 王主任 | 转办 李娜 → 刘洋 — 刘洋分管人居环境 |" in history
    assert "| 11月22日 周日 10:00 | 王主任 | 升级为约谈 — 两次转办仍无进展，约谈承办人 |" in history
    # late since Friday; now is Monday 09:30: finish by the next working day, Tuesday 18:00
    assert md.rstrip().endswith("**请于11月24日18:00前办结并反馈。**")


@pytest.mark.parametrize("rung, colour, zh", [(1, "#1a73e8", "催办（蓝色）"), (2, "#f2a600", "督办（黄色）"),
                                              (3, "#d93025", "约谈（红色）"), (5, "#d93025", "通报（红色）")])
def test_the_rung_is_shown_in_its_colour(notice_detail, rung, colour, zh):
    notice_detail["escalation"] = rung
    body = render_notice(notice_detail, "html", "zh", NOW).decode("utf-8")
    assert f'<span class="rung" style="background:{colour}">{zh}</span>' in body


def test_a_task_not_escalated_is_plain(notice_detail):
    notice_detail["escalation"] = 0
    body = render_notice(notice_detail, "html", "en", NOW).decode("utf-8")
    assert 'class="rung"' not in body and "not escalated" in body


def test_a_deadline_still_ahead_is_the_time_required():
    detail = {"due": "2026-11-27T18:00:00+08:00"}
    assert required_by(detail, NOW) == datetime.fromisoformat("2026-11-27T18:00:00+08:00")
    friday = datetime.fromisoformat("2026-11-27T19:00:00+08:00")  # late on a Friday evening → Monday
    assert required_by(detail, friday) == datetime.fromisoformat("2026-11-30T18:00:00+08:00")


def test_the_html_notice_is_self_contained_and_escapes_user_text(notice_detail):
    notice_detail["title"] = "<script>alert(1)</script>"
    notice_detail["events"][4]["note"] = "<img src=http://x/y.png>"
    body = render_notice(notice_detail, "html", "en", NOW).decode("utf-8")
    p = page(body.encode("utf-8"))
    assert "script" not in p.tags and "img" not in p.tags and "<script" not in body
    assert not any(re.search(r"https?://", v) for v in p.attrs)
    assert "Finish and report by Tue 24 Nov 18:00." in "".join(p.text)


def test_the_word_notice_reads_back_with_its_rung_in_red(notice_detail, tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "notice.docx"
    path.write_bytes(render_notice(notice_detail, "docx", "zh", NOW, office="某某县委督查室"))
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["某某县委督查室", "督办通知单"] and texts[-1] == "请于11月24日18:00前办结并反馈。"
    facts = {row.cells[0].text: row.cells[1] for row in document.tables[0].rows}
    assert facts["督办层级"].text == "约谈（红色）"
    assert str(facts["督办层级"].paragraphs[0].runs[0].font.color.rgb) == "D93025"
    assert len(document.tables[1].rows) == 1 + 7  # header and seven events
