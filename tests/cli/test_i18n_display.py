"""Dates, durations and tables the way each language writes them.

Every place a deadline or a time is shown — list, show, the report's table, Markdown and
HTML, the check-in walk — writes it as 11月21日 周六 18:00 / Sat 21 Nov 18:00 with 逾期2天 /
2 days late; and every table lines up when Chinese (two cells wide) and English mix.
"""

from __future__ import annotations

import os
import sys

import pexpect
import pytest
from rich.cells import cell_len

from tests.conftest import SRC

EARLIER = "2026-11-20T09:30:00+08:00"  # the Friday before "now" (Monday 23 Nov 09:30)


@pytest.fixture
def mixed(cli, monkeypatch):
    """Three tasks with Chinese, English and mixed titles and owners; #1 is two days late."""
    monkeypatch.setenv("LUOSHI_NOW", EARLIER)
    for title, owner, due in (("写材料 draft", "张三", "2026-11-21"),
                              ("Q4 budget 预算表", "Alice", "2026-11-27"),
                              ("Plan", "欧阳娜娜", "2026-12-25")):
        assert cli("assign", title, "--owner", owner, "--due", due).code == 0
    monkeypatch.delenv("LUOSHI_NOW")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:30:00+08:00")
    assert cli("escalate", "1", "--reason", "催一下").code == 0
    assert cli("--as", "Alice", "checkin", "2", "40", "一半 done").code == 0


# -- dates ----------------------------------------------------------------------------------------
def test_list_writes_deadlines_and_lateness_in_each_language(cli, mixed):
    zh, en = cli("--lang", "zh", "list").stdout, cli("--lang", "en", "list").stdout
    assert "11月21日 周六 18:00 (逾期2天)" in zh and "11月27日 周五 18:00 (4天后)" in zh
    assert "Sat 21 Nov 18:00 (2 days late)" in en and "Fri 27 Nov 18:00 (in 4 days)" in en


def test_show_writes_the_deadline_and_every_event_time_in_each_language(cli, mixed):
    zh, en = cli("--lang", "zh", "show", "1").stdout, cli("--lang", "en", "show", "1").stdout
    assert "11月21日 周六 18:00 (逾期2天)" in zh and "11月20日 周五 09:30" in zh
    assert "11月23日 周一 09:30" in zh  # the escalation
    assert "Sat 21 Nov 18:00 (2 days late)" in en and "Fri 20 Nov 09:30" in en
    assert "2026-11" not in zh and "2026-11" not in en


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
def test_every_report_format_for_people_writes_deadlines_in_each_language(cli, mixed, fmt):
    zh = cli("--lang", "zh", "report", "--week", "--format", fmt).stdout
    en = cli("--lang", "en", "report", "--week", "--format", fmt).stdout
    assert "11月21日 周六 18:00" in zh and "Sat 21 Nov 18:00" in en
    assert "2026-11-21 18:00" not in zh + en
    assert "None" not in zh + en  # a figure not computed is a dash


def test_the_markdown_report_writes_escalation_times_in_each_language(cli, mixed):
    zh = cli("--lang", "zh", "report", "--week", "--format", "md").stdout
    en = cli("--lang", "en", "report", "--week", "--format", "md").stdout
    assert "| 催办 | 催一下 | 王主任 | 11月23日 周一 09:30 |" in zh
    assert "| remind | 催一下 | 王主任 | Mon 23 Nov 09:30 |" in en


def test_csv_keeps_machine_dates_for_spreadsheets(cli, mixed):
    out = cli("--lang", "zh", "report", "--week", "--format", "csv").stdout
    assert ",2026-11-21 18:00," in out and "11月21日 周六" not in out  # a date spreadsheets read


def test_the_walk_shows_each_deadline_in_the_language_asked_for(cli, mixed):
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "LUOSHI_USER": "张三", "LUOSHI_LANG": "zh"}
    child = pexpect.spawn(sys.executable, ["-m", "luoshi", "checkin"], env=env,
                          encoding="utf-8", timeout=20)
    child.expect("#1 写材料 draft · 0% · 超期 · 11月21日 周六 18:00 \\(逾期2天\\)")
    child.sendline("q")
    child.expect(pexpect.EOF)
    env["LUOSHI_LANG"] = "en"
    child = pexpect.spawn(sys.executable, ["-m", "luoshi", "checkin"], env=env,
                          encoding="utf-8", timeout=20)
    child.expect("#1 写材料 draft · 0% · late · Sat 21 Nov 18:00 \\(2 days late\\)")
    child.sendline("q")
    child.expect(pexpect.EOF)


# -- CJK alignment --------------------------------------------------------------------------------
def columns_start_at(line: str, words: list[str]) -> list[int]:
    """The display column where each word starts on a line."""
    return [cell_len(line[:line.index(w)]) for w in words]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_list_lines_up_with_chinese_and_english_mixed(cli, mixed, lang):
    lines = cli("--lang", lang, "list").stdout.splitlines()
    assert len(lines) == 4
    assert len({cell_len(line) for line in lines}) == 1, lines
    owners = [columns_start_at(line, [w])[0] for line, w in zip(lines[1:], ("张三", "Alice", "欧阳娜娜"))]
    assert len(set(owners)) == 1, lines  # each owner starts in the same display column


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_tables_line_up_with_chinese_and_english_mixed(cli, mixed, lang):
    out = cli("--lang", lang, "report", "--week").stdout
    blocks, block = [], []
    for line in out.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    tables = [b[1:] for b in blocks if len(b) >= 3 and b[0].split(" (")[0] in (
        "超期", "Late", "人员", "People")]
    assert len(tables) == 2, out
    for table in tables:
        assert len({cell_len(line) for line in table}) == 1, table
    people = tables[1]
    starts = [columns_start_at(next(line for line in people if name in line), [name])[0]
              for name in ("张三", "Alice", "欧阳娜娜")]
    assert len(set(starts)) == 1, people
