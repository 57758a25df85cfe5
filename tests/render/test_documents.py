"""HTML, Markdown and Word: each opens with the totals, holds every task, escapes user text and
reaches nothing outside the file."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from luoshi.render.report import format_of, render_document
from tests.render.conftest import HOSTILE, NOW, hostile


class Page(HTMLParser):
    """The text a reader sees, the tags used, and every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self.tags, self.attrs, self._skip = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [v or "" for _, v in attrs]
        self._skip += tag in ("style", "title")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "title") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def page(data: bytes) -> Page:
    p = Page()
    p.feed(data.decode("utf-8"))
    return p


def test_html_opens_with_the_totals_and_has_three_charts_and_every_task(any_report):
    lang, report = any_report
    p = page(render_document(report, "html", lang, NOW))
    text = " ".join(p.text)
    first = "交办 8 · 办结 5" if lang == "zh" else "Assigned 9 · Done 4"
    assert first in text and text.index(first) < text.index(report["tasks"][0]["title"])
    assert ("按期办结率 80%" if lang == "zh" else "On-time rate 75%") in text
    assert p.tags.count("svg") == 3  # health, people, trend (no milestones: no timeline)
    for task in report["tasks"]:
        assert task["title"] in text


def test_html_is_self_contained_and_escapes_hostile_text(week_zh):
    assert not re.search(r"https?://|url\(", render_document(week_zh, "html", "zh", NOW).decode("utf-8"))
    data = render_document(hostile(week_zh), "html", "zh", NOW)
    body = data.decode("utf-8")
    assert "<script" not in body.lower() and "url(" not in body
    assert not re.search(r"<(link|img|iframe|object|embed)\b", body, re.I)
    assert "\x1b" not in body and "\x07" not in body
    p = page(data)
    assert "script" not in p.tags and "img" not in p.tags
    assert not any(re.search(r"https?://", value) for value in p.attrs)  # user text's links stay text
    text = "".join(p.text)
    assert HOSTILE.replace("\x1b", "\\x1b").replace("\x07", "\\x07") in text  # shown, not run
    assert "<b>张伟</b>" in text  # a name with markup is the name as typed


def test_html_prints_on_a4_with_page_breaks_and_repeated_headers_and_a_cjk_font(week_zh):
    css = render_document(week_zh, "html", "zh", NOW).decode("utf-8")
    assert "size: A4" in css and "break-before: page" in css
    assert "thead { display: table-header-group; }" in css
    for font in ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC"):
        assert font in css
    assert 'class="tone-red"' in css.split("</style>")[1]


def test_a_task_with_milestones_adds_a_timeline(week_zh):
    week_zh["tasks"][7]["children"] = [6, 7]  # #8 planned backward: #6 and #7 its milestones
    p = page(render_document(week_zh, "html", "zh", NOW))
    assert p.tags.count("svg") == 4 and "进度时间轴" in "".join(p.text)


def test_markdown_opens_with_the_totals_and_escapes_pipes_and_newlines(week_zh):
    week_zh["tasks"][0]["title"] = "a | b\nc"
    md = render_document(week_zh, "md", "zh", NOW).decode("utf-8").splitlines()
    assert md[0] == "# 督查报告 2026年11月16日至22日，第47周"
    assert md[2].startswith("交办 8 · 办结 5 (按期 2")
    assert "## 督查台账 (13)" in md and "## 值得注意的问题 (3)" in md and "## 计分公式" in md
    assert any("a \\| b c" in line for line in md)


@pytest.mark.parametrize("name, fmt", [("周报.xlsx", "xlsx"), ("a.MD", "md"), ("x.markdown", "md"),
                                       ("r.htm", "html"), ("r.html", "html"), ("r.csv", "csv"),
                                       ("r.docx", "docx"), ("r.json", "json"), ("r.txt", None)])
def test_the_file_name_names_the_format(name, fmt):
    assert format_of(name) == fmt


docx = pytest.importorskip("docx")


def read_docx(data: bytes, tmp_path):
    path = tmp_path / "通报.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    return document, [p.text for p in document.paragraphs]


def test_the_bulletin_carries_office_issue_period_totals_lists_tables_and_formula(week_zh, tmp_path):
    data = render_document(week_zh, "docx", "zh", NOW, office="某某县委督查室", issue=47)
    document, paragraphs = read_docx(data, tmp_path)
    assert paragraphs[0] == "某某县委督查室"
    assert paragraphs[1].startswith("督查通报  第47期") and "2026年11月22日" in paragraphs[1]
    assert "关于2026年11月16日至22日，第47周重点工作落实情况的通报" in paragraphs
    assert any(p.startswith("交办 8 · 办结 5") for p in paragraphs)
    red = paragraphs[paragraphs.index("红榜") + 1]
    black = paragraphs[paragraphs.index("黑榜") + 1]
    assert red == "张伟（执行之星、质量之星）、刘洋（反馈之星）"
    assert "王强（末位）" in black and "赵磊（末位、只报不干）" in black and "陈静（虎头蛇尾）" in black
    ledger = document.tables[0]
    assert [c.text for c in ledger.rows[0].cells][:3] == ["编号", "工作事项", "承办人"]
    assert len(ledger.rows) == 14  # a header and 13 tasks
    assert paragraphs[-1] == week_zh["formula"]
    assert render_document(week_zh, "docx", "zh", NOW, office="某某县委督查室", issue=47) != b""


def test_a_reprint_of_the_bulletin_reads_the_same(week_zh, tmp_path):
    first = read_docx(render_document(week_zh, "docx", "zh", NOW, issue=47), tmp_path)[1]
    later = read_docx(render_document(week_zh, "docx", "zh", NOW.replace(day=30), issue=47), tmp_path)[1]
    assert first == later


def test_the_bulletin_in_english(month_en, tmp_path):
    _, paragraphs = read_docx(render_document(hostile(month_en), "docx", "en", NOW, issue=3), tmp_path)
    assert paragraphs[0].startswith("Supervision bulletin  No. 3")
    assert "Review of November 2026" in paragraphs
    red = paragraphs[paragraphs.index("Red list") + 1]
    assert red == "<b>张伟</b> (execution star, quality star, check-in star)"  # the name as typed
    assert "Carol (bottom); Erin (bottom, strong start, then silence)" in paragraphs


def test_the_timeline_places_each_task_from_creation_to_deadline_with_its_expected_progress():
    from luoshi.render.svg import timeline

    tasks = [{"id": 1, "created": "2026-11-02T09:00:00+08:00", "due": "2026-11-12T09:00:00+08:00",
              "progress": 50, "health": "behind"},
             {"id": 2, "created": "2026-11-07T09:00:00+08:00", "due": "2026-11-22T09:00:00+08:00",
              "progress": 10, "health": "on_track"}]
    spans, now_at = timeline(tasks, datetime.fromisoformat("2026-11-10T09:00:00+08:00"))
    # the axis runs 20 days, 2 Nov → 22 Nov; now (10 Nov) is 8 days in
    assert now_at == 0.4
    assert (spans[0].start, spans[0].end, spans[0].done, spans[0].tone) == (0.0, 0.5, 0.5, "yellow")
    assert spans[0].expected == 0.8  # 8 of its 10 days gone
    assert (spans[1].start, spans[1].expected) == (0.25, 0.2)  # 3 of its 15 days gone
