"""Chinese and English: the catalogue is complete, help speaks both, and so does every refusal."""

from __future__ import annotations

import gettext
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import SRC, run_process

ROOT = SRC.parent
LOCALE = SRC / "luoshi" / "locale"
POT = LOCALE / "luoshi.pot"
PO = LOCALE / "zh" / "LC_MESSAGES" / "luoshi.po"
MO = PO.with_suffix(".mo")
TYPER_OWN = {"help", "install_completion", "show_completion"}  # declared by Typer in English; shown translated (cli/helpformat.py)
FIELD = re.compile(r"\{[^{}]*\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def read_catalog(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh)


def ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


# -- the catalogue --------------------------------------------------------------------------------
def test_every_message_in_the_template_has_a_chinese_translation_with_the_same_fields():
    po = read_catalog(PO)
    problems = []
    for msgid in sorted(ids(read_catalog(POT)), key=str):
        entry = po.get(msgid)
        strings = () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry is None or entry.fuzzy or not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {msgid!r}")
            continue
        wanted = set(FIELD.findall(msgid if isinstance(msgid, str) else msgid[-1]))
        for s in strings:
            if set(FIELD.findall(s)) != wanted:
                problems.append(f"fields differ: {msgid!r} → {s!r}")
    assert not problems, "run `make messages`, translate, then `make compile-messages`:\n" + "\n".join(problems)


def test_the_template_holds_every_message_the_source_uses():
    from babel.messages.extract import extract_from_dir

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from extract_messages import extract
    finally:
        sys.path.remove(str(ROOT / "tools"))
    found = {msg[2] for msg in extract_from_dir(str(ROOT), [("src/luoshi/**.py", extract)])}
    in_pot = ids(read_catalog(POT))
    assert found - in_pot == set(), "new messages: run `make messages` and translate them"
    assert in_pot - found == set(), "messages no longer used: run `make messages`"


def test_the_compiled_catalogue_is_the_po_file_compiled():
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    for m in read_catalog(PO):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            assert mo.ngettext(m.id[0], m.id[1], 2) == m.string[0], m.id
        else:
            assert mo.gettext(m.id) == m.string, "run `make compile-messages`: " + m.id


# -- help in both languages -----------------------------------------------------------------------
def docgen_json(lang: str) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "docgen.py"), "--json", "--lang", lang],
                          capture_output=True, timeout=60, check=True)
    return json.loads(proc.stdout)


def test_every_command_and_option_has_help_text_in_both_languages():
    en, zh = docgen_json("en"), docgen_json("zh")
    assert en.keys() == zh.keys() and "luoshi assign" in en and "luoshi config set" in en
    english_only = []
    for path in en:
        pairs = [("", en[path]["help"], zh[path]["help"])] + [
            (name, en[path]["params"][name], zh[path]["params"][name])
            for name in en[path]["params"] if name not in TYPER_OWN]
        for name, english, chinese in pairs:
            where = f"{path} {name}".strip()
            assert english and english.strip() and chinese and chinese.strip(), f"{where} has no help"
            if english == chinese or not CJK.search(chinese):
                english_only.append(where)
    assert english_only == [], "these have no Chinese help"


# Runs `luoshi --lang LANG CMD --help` through the real entry point for every command, in one
# process per language (the process's own command line says --lang, as a user's would).
EVERY_HELP = """
import contextlib, io, json, sys
from luoshi.cli import main

pages = {}
for cmd in json.loads(sys.stdin.read()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*sys.argv[1:3], *cmd, "--help"])
        except SystemExit as exc:
            pages[" ".join(cmd)] = [exc.code, out.getvalue()]
print(json.dumps(pages))
"""


def help_pages(lang: str, commands: list[list[str]], columns: int = 120) -> dict:
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "COLUMNS": str(columns)}
    proc = subprocess.run([sys.executable, "-c", EVERY_HELP, "--lang", lang], env=env,
                          input=json.dumps(commands).encode(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_each_commands_help_prints_in_the_language_asked_for():
    zh_help = docgen_json("zh")
    commands = [path.split()[1:] for path in zh_help]
    en, zh = help_pages("en", commands), help_pages("zh", commands)
    squash = lambda text: re.sub(r"\s+", "", text)
    for cmd in commands:
        key = " ".join(cmd)
        assert en[key][0] == zh[key][0] == 0, key
        assert en[key][1].startswith("Usage: ") and zh[key][1].startswith("用法: "), key
        assert en[key][1] != zh[key][1], key
        assert squash(zh_help[" ".join(["luoshi", *cmd])]["help"]) in squash(zh[key][1]), key


# -- behaviour in Chinese -------------------------------------------------------------------------
@pytest.fixture
def task(cli):
    assert cli("assign", "写材料", "--owner", "张三", "--due", "本周五").code == 0


def test_an_unknown_task_is_refused_in_chinese(cli, task):
    result = cli("--lang", "zh", "show", "99")
    assert result.code == 2
    assert result.stderr.splitlines() == ["luoshi: 错误: 没有任务 99", "  提示: 用 luoshi list 查看任务编号"]


def test_a_refused_step_and_a_bad_date_explain_themselves_in_chinese(cli, task):
    result = cli("--lang", "zh", "checkin", "1", "30")
    assert result.code == 1 and "任务 1 由张三承办，王主任不能反馈" in result.stderr
    result = cli("--lang", "zh", "--as", "张三", "checkin", "1", "150")
    assert result.code == 2 and "进度 150 超出范围" in result.stderr
    result = cli("--lang", "zh", "assign", "x", "--due", "whenever")
    assert result.code == 2 and "看不懂日期 'whenever'" in result.stderr and "下周五" in result.stderr
    result = cli("--lang", "zh", "frobnicate")
    assert result.code == 2 and result.stderr.startswith("luoshi: 错误: ")


def test_the_list_speaks_chinese_headers_health_and_dates(cli, task):
    out = cli("--lang", "zh", "list").stdout
    for word in ("编号", "工作事项", "承办人", "时限", "进度", "状态", "正常"):
        assert word in out
    assert "11月27日 周五 18:00" in out and "4天后" in out
    english = cli("list").stdout
    assert "Fri 27 Nov 18:00" in english and "Owner" in english and "on track" in english


def test_the_report_names_sections_stars_and_the_formula_in_chinese(cli, task):
    out = cli("--lang", "zh", "report", "--week").stdout
    assert "督查报告 2026年11月23日至29日，第48周" in out
    assert "超期" in out and "人员" in out and "按期率" in out


@pytest.mark.parametrize("env", [{"LUOSHI_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}])
def test_luoshi_lang_or_lang_choose_chinese(cli, task, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert "没有任务 99" in cli("show", "99").stderr
    assert "there is no task 99" in cli("--lang", "en", "show", "99").stderr


def test_lang_or_luoshi_lang_choose_the_language_of_help_in_a_real_process(task):
    for args, env in ((("--lang", "zh", "assign", "--help"), {}), (("assign", "--help"), {"LUOSHI_LANG": "zh"})):
        proc = run_process(*args, env=env)
        assert proc.returncode == 0 and "交办一项工作" in proc.stdout.decode("utf-8")
    assert "Record a commitment" in run_process("assign", "--help").stdout.decode("utf-8")


def test_no_arguments_print_an_orientation_not_the_full_help(cli, isolated):
    out = cli().stdout
    assert "Usage" not in out and "ledger of commitments" in out
    assert str(isolated / "ledger.db") in out and "not created yet" in out
    assert "王主任" in out
    for command in ("luoshi assign", "luoshi checkin", "luoshi list", "luoshi report --week", "luoshi demo"):
        assert command in out
    assert not (isolated / "ledger.db").exists()  # orientation only reads


def test_the_orientation_in_chinese(cli, isolated, monkeypatch):
    monkeypatch.delenv("LUOSHI_USER")
    out = cli("--lang", "zh").stdout
    assert "工作落实台账" in out and "先试试这五条命令" in out and "尚未设置" in out
    assert 'luoshi assign "起草安全生产检查方案" --due 下周五' in out and str(isolated / "ledger.db") in out


def test_runtime_never_imports_babel(task):
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "luoshi", "--lang", "zh", "list"],
                          env=env, capture_output=True, timeout=60)
    assert proc.returncode == 0 and b"| luoshi" in proc.stderr
    assert b" babel" not in proc.stderr


# -- who am I -------------------------------------------------------------------------------------
def test_without_a_name_a_terminal_asks_once_and_saves_it_as_user_name(cli, isolated):
    env = {k: v for k, v in os.environ.items() if k != "LUOSHI_USER"} | {"PYTHONPATH": str(SRC)}
    child = pexpect.spawn(sys.executable, ["-m", "luoshi", "assign", "写材料", "--due", "明天"],
                          env=env, encoding="utf-8", timeout=20)
    child.expect(r"Who are you\? \(your name as colleagues write it\)")
    child.sendline("李雷")
    child.expect("user.name")
    child.expect("#1 写材料 — 李雷")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "李雷" in (isolated / "config.toml").read_text(encoding="utf-8")
    assert cli("config", "show", "--json").json["settings"]["user"]["name"] == "李雷"
    assert cli("show", "1", "--json").json["events"][0]["actor"] == "李雷"
    again = pexpect.spawn(sys.executable, ["-m", "luoshi", "--as", "李雷", "checkin", "1", "10"],
                          env=env, encoding="utf-8", timeout=20)
    again.expect(pexpect.EOF)  # asked once: a name given or saved is never asked for again
    assert "Who are you" not in again.before


def test_without_a_name_or_terminal_the_login_name_acts_with_a_hint(cli, monkeypatch):
    monkeypatch.delenv("LUOSHI_USER")
    result = cli("assign", "写材料", "--due", "明天", "--json")
    assert result.code == 0 and result.json["owner"]
    hint, created = result.stderr.splitlines()  # the name to set, and the ledger just made
    assert "luoshi config set user.name" in hint and "created a new ledger" in created
    assert cli("list").stderr == ""  # reading commands need no name


# -- docs -----------------------------------------------------------------------------------------
def test_docs_commands_md_is_generated_from_the_current_help():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "docgen.py")],
                          capture_output=True, timeout=60, check=True)
    committed = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert proc.stdout.decode("utf-8") == committed, "docs/commands.md is out of date: run `make docs`"
