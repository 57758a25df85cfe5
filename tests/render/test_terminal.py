"""The review on a terminal: totals first, colour by state (none with NO_COLOR or in a pipe),
at most 20 rows a section, and nothing broken inside a word at 80 or 160 columns."""

from __future__ import annotations

import copy
import io
import re
import sys

import pytest
from rich.cells import cell_len
from rich.console import Console

from luoshi.render.report import print_report
from tests.render.conftest import NOW

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def shown(report: dict, lang: str, width: int, colour: bool = False) -> str:
    buf = io.StringIO()
    out = Console(file=buf, width=width, force_terminal=True, color_system="standard" if colour else None,
                  highlight=False, emoji=False, markup=False)
    print_report(report, lang, NOW, out)
    return buf.getvalue()


@pytest.mark.parametrize("width", [80, 160])
def test_the_totals_come_first_and_no_line_is_wider_than_the_terminal(any_report, width):
    lang, report = any_report
    lines = shown(report, lang, width).splitlines()
    assert lines[0] == ("督查报告 2026年11月16日至22日，第47周" if lang == "zh" else "Review November 2026")
    assert lines[1].startswith("交办 8 · 办结 5" if lang == "zh" else "Assigned 9 · Done 4")
    assert max(cell_len(line) for line in lines) <= width
    for task in report["tasks"]:
        assert f" {task['id']} " in "\n".join(lines)


def header_words(text: str, title: str) -> list[str]:
    """The words in a table's header: the lines after its title, before its first data row."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(title + " ("))
    head = []
    for line in lines[at + 1:]:
        if re.match(r"^\s*\d", line):  # a data row starts with a number (id or rank)
            break
        head += line.split()
    return head


@pytest.mark.parametrize("width", [80, 160])
def test_english_headers_never_break_inside_a_word(month_en, width):
    text = shown(month_en, "en", width)
    people = {"Rank", "Name", "Score", "Held", "Done", "On", "time", "Late", "Stalled", "Check-ins",
              "Escalated", "Avg", "rating", "Stars"}
    assert set(header_words(text, "People")) <= people
    assert "execution star" in " ".join(text.split())  # a cell's words are whole too
    ledger = {"ID", "Task", "Owner", "Lead", "Source", "Deadline", "Progress", "Status", "Days",
              "late", "Rung", "Latest", "note", "Blocker"}
    assert set(header_words(text, "Ledger")) <= ledger
    assert {"Lead", "Blocker"} <= set(header_words(text, "Ledger")) or width < 140


@pytest.mark.parametrize("width", [80, 160])
def test_the_formula_wraps_between_words(month_en, width):
    lines = shown(month_en, "en", width).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Formula: "))
    assert " ".join(lines[at:]).split() == ("Formula: " + month_en["formula"]).split()
    assert len(lines) - at > 1  # wrapped, not cut


def test_the_chinese_formula_is_whole_when_its_lines_are_joined(week_zh):
    lines = shown(week_zh, "zh", 80).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("计分公式："))
    joined = "".join(line.rstrip() for line in lines[at:])
    assert joined.replace(" ", "") == ("计分公式：" + week_zh["formula"]).replace(" ", "")


def row(text: str, task_id: int) -> str:
    """The first row of a task (in the 台账), escape codes kept."""
    return next(line for line in text.splitlines() if re.match(rf"\s*{task_id} ", ANSI.sub("", line)))


def test_states_are_coloured_on_a_terminal(week_zh, monkeypatch):
    monkeypatch.delenv("NO_COLOR")  # the suite runs with NO_COLOR set
    text = shown(week_zh, "zh", 160, colour=True)
    assert "\x1b[31m" in row(text, 9) and "\x1b[31m" in row(text, 12)  # late, blocked: red
    assert "\x1b[33m" in row(text, 7) and "\x1b[33m" in row(text, 8)  # due soon, behind: yellow
    assert "\x1b[32m" in row(text, 6) and "\x1b[35m" in row(text, 11)  # on track green, stalled magenta
    assert "\x1b[3" not in row(text, 13)  # cancelled: no colour


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("no_color, coloured", [("1", False), (None, True)])
def test_no_color_turns_colour_off_on_a_terminal(week_zh, monkeypatch, no_color, coloured):
    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "120")
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    print_report(week_zh, "zh", NOW)
    assert ("\x1b[31m" in tty.getvalue()) is coloured


def test_in_a_pipe_the_report_is_plain_and_paragraphs_stay_one_line(week_zh, capsys):
    print_report(week_zh, "zh", NOW)
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert any(line.startswith("计分公式：") and line.rstrip().endswith("不评星。") for line in out.splitlines())


def test_a_long_section_shows_twenty_rows_and_says_how_many_more(month_en):
    late = next(t for t in month_en["tasks"] if t["health"] == "late")
    month_en["late"] = [copy.deepcopy(late) | {"id": 100 + i, "title": f"Backlog {i}"} for i in range(25)]
    month_en["totals"]["late"] = 25
    text = shown(month_en, "en", 120)
    part = text.split("Late (25)")[1].split("Stalled (")[0]
    assert len(re.findall(r"Backlog \d+", part)) == 20
    assert "… and 5 more: --format csv or json for all" in part
