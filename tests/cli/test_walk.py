"""The interactive check-in, driven through a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from tests.conftest import SRC


@pytest.fixture
def three_tasks(cli):
    cli("assign", "写总结", "--owner", "张三", "--due", "2027-01-15")
    cli("assign", "报数据", "--owner", "张三", "--due", "明天")
    cli("assign", "别人的事", "--owner", "李四", "--due", "明天")
    cli("assign", "开会", "--owner", "张三", "--due", "后天")


def spawn():
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "LUOSHI_USER": "张三"}
    return pexpect.spawn(sys.executable, ["-m", "luoshi", "checkin"], env=env,
                         encoding="utf-8", timeout=20)


def test_the_walk_goes_most_urgent_first_and_records_each_answer(cli, three_tasks):
    child = spawn()
    child.expect("3 open tasks")
    child.expect("#2 报数据")  # due soonest first
    child.expect(r"progress \[0%\]: ")
    child.sendline("150")
    child.expect("out of range")
    child.expect(r"progress \[0%\]: ")
    child.sendline("50%")
    child.expect("note: ")
    child.sendline("数据已收齐一半")
    child.expect("recorded")
    child.expect("#4 开会")
    child.expect(r"progress \[0%\]: ")
    child.sendline("s")
    child.expect("#1 写总结")
    child.expect(r"progress \[0%\]: ")
    child.sendline("")  # Enter keeps the progress, and with no note records nothing
    child.expect("note: ")
    child.sendline("")
    child.expect("nothing recorded")
    child.expect(r"1 check-in recorded\. \(#2 50%\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    by_id = {t["id"]: t for t in cli("list", "--json").json}
    assert by_id[2]["progress"] == 50 and by_id[2]["last_checkin"]
    assert by_id[4]["last_checkin"] is None
    assert by_id[1]["last_checkin"] is None and by_id[1]["progress"] == 0  # kept: nothing recorded
    events = cli("show", "2", "--json").json["events"]
    assert events[-1]["note"] == "数据已收齐一半" and events[-1]["actor"] == "张三"


def test_q_stops_the_walk_keeping_what_was_answered(cli, three_tasks):
    child = spawn()
    child.expect(r"progress \[0%\]: ")
    child.sendline("30")
    child.expect("note: ")
    child.sendline("")
    child.expect(r"progress \[0%\]: ")
    child.sendline("q")
    child.expect("1 check-in recorded")
    child.expect(pexpect.EOF)
    assert cli("show", "2", "--json").json["progress"] == 30
    assert cli("show", "4", "--json").json["last_checkin"] is None


def test_without_a_terminal_checkin_asks_for_arguments(cli):
    result = cli("checkin")
    assert result.code == 2 and "task ID" in result.stderr


def test_done_and_full_width_digits_are_read_and_ctrl_c_says_what_was_saved(cli, three_tasks):
    child = spawn()
    child.expect("#2 报数据")
    child.expect(r"progress \[0%\]: ")
    child.sendline("６０％")  # full-width, as a Chinese input method types it
    child.expect("note: ")
    child.sendline("")
    child.expect("recorded")
    child.expect("#4 开会")
    child.expect(r"progress \[0%\]: ")
    child.sendline("完成")
    child.expect("note: ")
    child.sendline("开完了")
    child.expect("recorded")
    child.expect(r"progress \[0%\]: ")
    child.sendintr()  # Ctrl-C
    child.expect("stopped")
    child.expect(r"2 check-ins recorded\. \(#2 60%, #4 100%\)")
    child.expect(pexpect.EOF)
    child.close()
    assert cli("show", "4", "--json").json["status"] == "done"
