"""Meeting minutes as a secretary types them (luoshi.domain.minutes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain.minutes import (
    Minutes, MinutesDecodeError, MinutesLine, decode_minutes, parse_minutes,
)

FAST = settings(max_examples=200, deadline=None)


def only(text: str) -> MinutesLine:
    minutes = parse_minutes(text)
    assert minutes.problems == () and len(minutes.lines) == 1, minutes
    return minutes.lines[0]


@pytest.mark.parametrize("prefix", ["", "- ", "* ", "1. ", "1.", "1、", "1 ", "2）", "2)", "(3) ", "（3）",
                                    "一、", "十二、", "①", "⑳ ", "（一）", "- 1. "])
def test_numbering_and_bullets_are_not_part_of_the_owner(prefix):
    line = only(f"{prefix}张伟：完成年度总结 @下周五")
    assert (line.owner, line.title, line.when) == ("张伟", "完成年度总结", "下周五")


@pytest.mark.parametrize(("text", "owner", "helpers"), [
    ("张伟（配合：李娜、王强）：起草方案 @月底", "张伟", ("李娜", "王强")),
    ("张伟(配合:李娜)：起草方案 @月底", "张伟", ("李娜",)),
    ("张伟 (协办: 李娜, 王强): 起草方案 @月底", "张伟", ("李娜", "王强")),
    ("张伟+李娜: 起草方案 @月底", "张伟", ("李娜",)),
    ("李娜、赵敏：起草方案 @月底", "李娜", ("赵敏",)),
    ("李娜，赵敏，李娜：起草方案 @月底", "李娜", ("赵敏",)),  # the owner is not her own helper
    ("Zhang Wei (with: Li Na): draft @friday", "Zhang Wei", ("Li Na",)),
])
def test_a_line_may_name_helpers_after_the_owner(text, owner, helpers):
    line = only(text)
    assert (line.owner, line.helpers, line.title) == (owner, helpers, line.title)
    assert line.title in ("起草方案", "draft")


def test_project_and_tags_follow_the_deadline_and_full_width_signs_work():
    line = only("张伟：写 材料 ＠明天 下午3点 ＃办公室 +总结 ＋急")
    assert (line.title, line.when, line.project, line.tags) == ("写 材料", "明天 下午3点", "办公室", ("总结", "急"))


MINUTES = """\
# 2026年11月9日(周一)上午 主持:王主任 记录:李秘书
来源：会议决定
1. 张伟：完成年度总结 @下周五

lead: 刘局长
source: instruction
2. 李娜：走访企业 @月底
"""


def test_headers_set_the_lead_and_source_of_the_lines_below_them():
    first, second = parse_minutes(MINUTES).lines
    # line 1 is a comment that names the chair, line 2 the source: line 3 is their first task
    assert (first.number, first.lead, first.source) == (3, "王主任", "meeting")
    assert (second.number, second.lead, second.source) == (7, "刘局长", "instruction")


@pytest.mark.parametrize(("header", "lead"), [("主持: 王主任", "王主任"), ("主持：王主任", "王主任"),
                                              ("主持人：王主任", "王主任"), ("Lead: Wang", "Wang")])
def test_a_lead_header_is_read_with_either_colon(header, lead):
    assert parse_minutes(f"{header}\n张伟：写材料 @明天").lines[0].lead == lead


def test_without_headers_lead_and_source_are_left_to_the_caller():
    line = only("张伟：写材料 @明天")
    assert (line.lead, line.source) == (None, None)


def test_every_bad_line_is_reported_with_its_number_and_reason():
    text = ("张伟：写材料 @明天\n"
            "没有冒号的一行\n"  # 2: no colon
            "李娜：没有时限\n"  # 3: no @WHEN
            "\n"
            "：写材料 @明天\n"  # 5: no owner
            "张伟：@明天\n"  # 6: no title
            "张伟：两个项目 @明天 #a #b\n"  # 7
            "来源: 随便\n")  # 8: an unknown source
    minutes = parse_minutes(text)
    assert [line.number for line in minutes.lines] == [1]
    numbers = [number for number, _reason in minutes.problems]
    assert numbers == [2, 3, 5, 6, 7, 8]
    reasons = dict(minutes.problems)
    assert "OWNER: TITLE @WHEN" in reasons[2] and "@WHEN" in reasons[3] and "owner" in reasons[5]
    assert "title" in reasons[6] and "#project" in reasons[7] and "随便" in reasons[8]


@pytest.mark.parametrize("end", ["\r\n", "\r", "\n"])
def test_crlf_cr_and_lf_all_end_a_line_and_line_numbers_count_them(end):
    text = end.join(["# 会议", "张伟：写材料 @明天", "", "坏行", "李娜：走访 @月底"]) + end
    minutes = parse_minutes(text)
    assert [(line.number, line.when) for line in minutes.lines] == [(2, "明天"), (5, "月底")]
    assert [number for number, _ in minutes.problems] == [4]


def test_utf8_with_or_without_a_bom_is_read_without_a_note():
    text = "张伟：写材料 @明天\n"
    assert decode_minutes(text.encode("utf-8")) == (text, None)
    assert decode_minutes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, None)
    assert parse_minutes("\ufeff" + text).lines[0].owner == "张伟"


def test_minutes_saved_as_gbk_are_read_as_gb18030_with_a_note():
    text = "1. 张伟：完成年度总结 @下周五\r\n2. 李娜：走访企业 @月底\r\n"
    decoded, note = decode_minutes(text.encode("gbk"))
    assert decoded == text and "GB18030" in note
    assert [line.owner for line in parse_minutes(decoded).lines] == ["张伟", "李娜"]


def test_utf16_with_a_bom_is_read():
    text = "张伟：写材料 @明天\n"
    assert decode_minutes(text.encode("utf-16")) == (text, None)


def test_bytes_that_are_neither_utf8_nor_gb18030_name_their_first_bad_line():
    data = "张伟：写材料 @明天\n李娜：走访 @月底\n".encode("utf-8") + b"\xff\xff\n"
    with pytest.raises(MinutesDecodeError) as caught:
        decode_minutes(data)
    assert caught.value.line == 3 and "3" in str(caught.value)
    assert isinstance(caught.value, ValueError)


LINES = st.text(alphabet=st.sampled_from(list("张伟李娜：:@#+、（）()1.一 \t明天月底\r\nx-①配合")), max_size=80)


@FAST
@given(LINES)
def test_any_text_gives_minutes_where_every_written_line_is_a_commitment_or_a_problem(text):
    minutes = parse_minutes(text)
    assert isinstance(minutes, Minutes)
    numbers = sorted([line.number for line in minutes.lines] + [n for n, _ in minutes.problems])
    assert len(numbers) == len(set(numbers))  # no line is both, none counted twice
    for line in minutes.lines:
        assert line.owner and line.title and line.when and line.owner not in line.helpers


@FAST
@given(st.binary(max_size=60))
def test_any_bytes_decode_or_raise_a_decode_error_naming_a_line(data):
    try:
        text, note = decode_minutes(data)
    except MinutesDecodeError as exc:
        assert exc.line >= 1
        return
    assert isinstance(text, str) and (note is None or note)


# -- the plan form (`luoshi plan`): the owner optional, a weight allowed ----------------------
def milestone(text: str) -> MinutesLine:
    minutes = parse_minutes(text, milestones=True)
    assert minutes.problems == () and len(minutes.lines) == 1, minutes
    return minutes.lines[0]


@pytest.mark.parametrize(("text", "owner", "title", "when"), [
    ("完成调研 @11月30日", None, "完成调研", "11月30日"),
    ("1. 完成调研 @下周五", None, "完成调研", "下周五"),
    ("张伟：完成调研 @下周五", "张伟", "完成调研", "下周五"),
    ("Zhang Wei: survey @friday", "Zhang Wei", "survey", "friday"),
    ("调研 @明天 15:00", None, "调研", "明天 15:00"),  # a colon after the @ is the time's
    ("张伟：阶段一：调研 @月底", "张伟", "阶段一：调研", "月底"),  # the first colon ends the owner
])
def test_a_milestone_line_may_leave_out_its_owner(text, owner, title, when):
    line = milestone(text)
    assert (line.owner, line.title, line.when, line.weight) == (owner, title, when, None)


@pytest.mark.parametrize(("text", "weight"), [
    ("起草 @下周五 *3", 3), ("起草 @下周五 ＊3 #迎检", 3), ("张伟: 起草 @下周五 +急 *12", 12),
    ("起草 @下周五 *３", 3),
])
def test_a_star_and_a_number_at_the_end_give_the_weight(text, weight):
    assert milestone(text).weight == weight


@pytest.mark.parametrize("tail", ["*0", "*-1", "*2.5", "*x", "*100001", "*1 *2"])
def test_a_bad_weight_is_a_bad_line(tail):
    minutes = parse_minutes(f"起草 @下周五 {tail}", milestones=True)
    assert minutes.lines == () and len(minutes.problems) == 1
    assert "weight" in minutes.problems[0][1]


def test_the_minutes_form_still_needs_an_owner_and_reads_no_weight():
    assert parse_minutes("完成调研 @下周五").problems[0][0] == 1
    assert only("张伟：起草 @下周五 *3").when == "下周五 *3"  # left to the date grammar (which refuses it)


def test_headers_work_in_the_plan_form_too():
    first, second = parse_minutes("主持：王主任\n调研 @下周五\n来源: 会议\n李娜: 起草 @月底 *2",
                                  milestones=True).lines
    assert (first.owner, first.lead, first.source) == (None, "王主任", None)
    assert (second.owner, second.lead, second.source, second.weight) == ("李娜", "王主任", "meeting", 2)


@FAST
@given(LINES)
def test_any_text_in_the_plan_form_gives_lines_or_problems(text):
    minutes = parse_minutes(text, milestones=True)
    numbers = sorted([line.number for line in minutes.lines] + [n for n, _ in minutes.problems])
    assert len(numbers) == len(set(numbers))
    for line in minutes.lines:
        assert line.title and line.when and (line.owner is None or line.owner not in line.helpers)
