"""Every error a user easily runs into speaks the language asked for, on one line (and a hint).

Each case runs twice: with `--lang zh` every line on stderr must be Chinese, with no English
sentence left untranslated (ids, paths, quoted input, commands to type and the literal
values to choose from are not sentences); with `--lang en` the error line is English.
Click's own usage errors (an unknown command or option, a missing argument…) are among them.
"""

from __future__ import annotations

import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
NAMES = re.compile(r"张三|王主任|写材料|下周五|明天下午\d点|上周一|\d+月\d+日|\d+天前")  # input and examples a user types
NOT_SENTENCES = [
    re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`"),  # quoted input and code
    re.compile(r"(?:可选|可用的设置)：.*"),  # the literal values to choose from
    re.compile(r"luoshi(?:\s+(?:[-\w.=/]+|--\w[-\w]*))*"),  # a command to type
    re.compile(r"\S*/\S*"),  # a path
    re.compile(r"--[\w-]+"),  # an option
    re.compile(r"\w+(?:\.\w+)+"),  # a dotted name
]
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,}){2,}")  # a list "a, b, c" is names

# (what goes wrong, command line after --lang, exit code); {tmp} is the test's folder
CASES = [
    ("unknown task id", ["show", "99"], 2),
    ("unknown task id for a step", ["done", "99"], 2),
    ("a task id that is not a number", ["checkin", "abc", "50"], 2),
    ("progress out of range", ["--as", "张三", "checkin", "1", "150"], 2),
    ("progress that is not a number", ["--as", "张三", "checkin", "1", "abc"], 2),
    ("progress missing", ["--as", "张三", "checkin", "1"], 2),
    ("checking in on someone else's task", ["checkin", "1", "30"], 1),
    ("a date nobody can read", ["assign", "x", "--due", "whenever"], 2),
    ("no deadline", ["assign", "x", "--owner", "张三"], 2),
    ("a new deadline nobody can read", ["extend", "1", "--due", "whenever", "--reason", "r"], 2),
    ("reassigning without being the lead", ["--as", "张三", "reassign", "1", "--owner", "李四", "--reason", "r"], 1),
    ("scoring unfinished work", ["score", "1", "3"], 1),
    ("a rating out of range", ["score", "1", "9"], 2),
    ("closing unfinished work", ["close", "1"], 1),
    ("reopening an open task", ["reopen", "1", "--reason", "r"], 1),
    ("a rung that does not exist", ["escalate", "1", "--to", "9", "--reason", "r"], 2),
    ("an unknown status", ["list", "--status", "bogus"], 2),
    ("an unknown report format", ["report", "--format", "bogus"], 2),
    ("a report period nobody can read", ["report", "--since", "whenever", "--until", "明天"], 2),
    ("an unknown setting", ["config", "set", "bogus.key", "x"], 2),
    ("verify a ledger file that is missing", ["--db", "{tmp}/none.db", "verify"], 1),
    ("restore a backup file that is missing", ["restore", "{tmp}/missing.db"], 2),
    ("restore a file that is not a backup", ["restore", "{tmp}/notes.txt"], 1),
    ("a ledger that is a foreign file", ["--db", "{tmp}/notes.txt", "list"], 1),
    ("a backup into a folder that is missing", ["backup", "{tmp}/nope/b.db"], 2),
    ("an export into a folder that is missing", ["export", "--output", "{tmp}/nope/e.jsonl"], 2),
    ("an import file that is missing", ["import", "{tmp}/missing.jsonl"], 2),
    ("an import into a ledger that holds events", ["import", "{tmp}/bad.jsonl"], 1),
    ("a malformed import line", ["--db", "{tmp}/new.db", "import", "{tmp}/bad.jsonl"], 2),
    ("an import line with a missing key", ["--db", "{tmp}/new.db", "import", "{tmp}/keys.jsonl"], 2),
    ("a malformed Taskwarrior export", ["--db", "{tmp}/new.db", "import", "--format", "taskwarrior", "{tmp}/tw.json"], 2),
    ("an unknown import format", ["import", "--format", "bogus", "{tmp}/bad.jsonl"], 2),
    ("an unknown health", ["list", "--health", "bogus"], 2),
    # Click's own usage errors (cli/clicktext.py)
    ("an unknown command", ["frobnicate"], 2),
    ("a mistyped command", ["chekin", "1", "30"], 2),
    ("a mistyped subcommand", ["config", "sett", "user.name", "张三"], 2),
    ("an unknown option", ["list", "--bogus"], 2),
    ("a mistyped option", ["list", "--jsn"], 2),
    ("a required option missing", ["extend", "1", "--reason", "r"], 2),
    ("a required argument missing", ["done"], 2),
    ("an extra argument", ["show", "1", "2"], 2),
    ("an option without its value", ["assign", "x", "--due"], 2),
    ("a flag given a value", ["list", "--json=yes"], 2),
    ("a global option after the command", ["checkin", "--as", "张三", "1", "70"], 2),
]


@pytest.fixture
def ledger(cli, isolated):
    assert cli("assign", "写材料", "--owner", "张三", "--due", "本周五").code == 0
    (isolated / "notes.txt").write_text("meeting notes, not a ledger\n", encoding="utf-8")
    (isolated / "bad.jsonl").write_text('{"seq": 1, "task": \n', encoding="utf-8")
    (isolated / "keys.jsonl").write_text('{"seq": 1}\n', encoding="utf-8")
    (isolated / "tw.json").write_text("this is not json\n", encoding="utf-8")
    return isolated


def run_case(cli, tmp, lang, args):
    return cli("--lang", lang, *(a.format(tmp=tmp) for a in args))


def sentences_left(line: str) -> list[str]:
    for pattern in NOT_SENTENCES:
        line = pattern.sub(" ", line)
    return ENGLISH_SENTENCE.findall(line)


@pytest.mark.parametrize("what, args, code", CASES, ids=[c[0] for c in CASES])
def test_an_easy_mistake_is_refused_in_chinese_with_nothing_left_in_english(cli, ledger, what, args, code):
    result = run_case(cli, ledger, "zh", args)
    assert result.code == code and result.stdout == "", result.stderr
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2 and lines[0].startswith("luoshi: 错误: "), result.stderr
    assert len(lines) == 1 or lines[1].startswith("  提示: ")
    for line in lines:
        text = line.split(": ", 1)[1]
        assert CJK.search(NAMES.sub("", text)), f"not Chinese: {line!r}"
        assert sentences_left(text) == [], f"English left in {line!r}"


@pytest.mark.parametrize("what, args, code", CASES, ids=[c[0] for c in CASES])
def test_the_same_mistake_is_refused_in_english(cli, ledger, what, args, code):
    result = run_case(cli, ledger, "en", args)
    assert result.code == code and result.stdout == "", result.stderr
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 2 and lines[0].startswith("luoshi: error: "), result.stderr
    assert len(lines) == 1 or lines[1].startswith("  hint: ")
    assert not CJK.search(NAMES.sub("", lines[0])), f"not English: {lines[0]!r}"
    assert re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", NOT_SENTENCES[0].sub(" ", lines[0])), lines[0]


def test_the_sentence_check_would_catch_an_untranslated_message():
    assert sentences_left("第 1 行：not valid JSON (Expecting value)") != []
    assert sentences_left("请用 luoshi --db NEW.db import FILE 导入；可选：open, done, closed") == []


def test_an_unknown_language_is_refused_in_the_language_of_the_environment(cli, monkeypatch):
    assert cli("--lang", "xx", "list").stderr.startswith("luoshi: error: unknown language 'xx'")
    monkeypatch.setenv("LUOSHI_LANG", "zh")
    assert cli("--lang", "xx", "list").stderr.splitlines() == [
        "luoshi: 错误: 未知语言 'xx'", "  提示: 请用 --lang en 或 --lang zh"]


def test_a_tampered_ledger_is_named_in_chinese_by_verify(cli, ledger):
    from tests.cli.test_keeping import tamper

    tamper(ledger / "ledger.db", "UPDATE events SET actor = '李四' WHERE seq = 1")
    result = cli("--lang", "zh", "verify")
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "luoshi: 错误: 第 1 条记录：哈希与内容不符",
        "  提示: 台账在 luoshi 之外被改动过；请用校验过的备份恢复：luoshi restore FILE"]
    assert cli("--lang", "en", "verify").stderr.startswith(
        "luoshi: error: event 1: hash does not match its content")
