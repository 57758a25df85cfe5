"""Text wrapped and shortened by terminal columns (luoshi.cli.width)."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st
from rich.cells import cell_len

from luoshi.cli.width import cells, fill, short_help, wrap


def test_a_chinese_character_takes_two_columns_and_a_combining_mark_none():
    assert cells("abc") == 3
    assert cells("反馈") == 4  # two wide characters
    assert cells("（督办），") == 10  # full-width brackets and comma are wide too
    assert cells("é") == 1  # e + combining acute accent


def test_chinese_breaks_between_characters_never_before_closing_punctuation():
    # 14 columns hold seven characters, but then "度" would end the line and "。" start the
    # next: the two move down together
    assert fill("反馈任务的进度。在终端", 14) == ["反馈任务的进", "度。在终端"]
    # nor after an opening bracket: "（督" stay together (8 columns, then "办）" does not fit)
    assert fill("报告（督办）完成", 10) == ["报告（督", "办）完成"]


def test_english_breaks_between_words_and_a_word_wider_than_the_line_is_cut():
    assert fill("see the task list", 8) == ["see the", "task", "list"]
    assert fill("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert fill("a 中文 b", 6, initial_indent="  ", subsequent_indent="  ") == ["  a 中", "  文 b"]


def test_paragraphs_stay_apart_and_a_block_marked_b_is_kept_as_written():
    text = "第一段很长很长。\n\n\b\n  keep   this\n  as is"
    assert wrap(text, 10, preserve_paragraphs=True) == "第一段很长\n很长。\n\n  keep   this\n  as is"


def test_short_help_is_the_first_sentence_when_it_fits():
    assert short_help("Report progress on a task (反馈). With no arguments: walk.", 40) == \
        "Report progress on a task (反馈)."
    assert short_help("反馈任务进度。在终端里不带参数运行时，逐项过一遍。", 40) == "反馈任务进度。"


def test_short_help_cuts_at_a_clause_outside_brackets_when_the_sentence_is_too_long():
    # 34 columns, 31 before "...": "列出任务，时限最近的在前（默认" fits; the clause before the
    # bracket is 24 columns, more than a third of 31, so the cut leaves no bracket open
    assert short_help("列出任务，时限最近的在前（默认只列在办任务）。", 34) == "列出任务，时限最近的在前..."
    # no clause late enough: as many words as fit
    assert short_help("Check every event's hash and link and more words.", 20) == "Check every..."


text_pieces = st.lists(st.sampled_from(["反馈", "任务", "，", "。", "（督办）", "luoshi", "list",
                                        " ", "  ", "a", "--status", "进度60%", "verylongwordwithoutspaces"]),
                       max_size=40).map("".join)


@given(text_pieces, st.integers(min_value=6, max_value=80))  # an indent of 4 leaves room for 2
def test_no_line_is_wider_than_asked_and_no_text_is_lost(text, width):
    lines = fill(text, width, initial_indent="  ", subsequent_indent="    ")
    assert all(cell_len(line) <= width for line in lines)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", text)


@given(text_pieces, st.integers(min_value=8, max_value=80))
def test_short_help_never_exceeds_its_limit(text, limit):
    assert cell_len(short_help(text, limit)) <= limit
