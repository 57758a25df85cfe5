"""Bad input: one clear line on stderr, the right exit code, the ledger byte-for-byte as it was."""

from __future__ import annotations

import os

import pytest

from tests.conftest import file_bytes, run_process


@pytest.fixture
def ledger(cli, ledger_path):
    assert cli("assign", "写材料", "--owner", "张三", "--due", "下周五").code == 0
    assert cli("--as", "张三", "checkin", "1", "20").code == 0
    return ledger_path


def refused(cli, ledger, *args, code=2, input=None):
    before = file_bytes(ledger)
    result = cli(*args, input=input)
    assert result.code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("luoshi: error: ") and len(lines) <= 2, result.stderr
    assert "Traceback" not in result.stderr
    assert file_bytes(ledger) == before
    return result


@pytest.mark.parametrize("progress", ["True", "true", "50.5", "150", "-1", "", "sixty", "1e2"])
def test_progress_that_is_not_a_whole_number_from_0_to_100_is_refused(cli, ledger, progress):
    refused(cli, ledger, "--as", "张三", "checkin", "1", progress)


def test_a_nul_character_in_a_title_is_refused(cli, ledger):
    result = refused(cli, ledger, "assign", "写\x00材料", "--due", "明天")
    assert "NUL" in result.stderr


def test_a_nul_character_in_a_bulk_file_is_refused(cli, ledger):
    refused(cli, ledger, "assign", "--from", "-", input="张三: 写\x00材料 @明天\n")


def test_a_note_over_the_limit_is_refused(cli, ledger):
    result = refused(cli, ledger, "--as", "张三", "checkin", "1", "30", "x" * 4001)
    assert "4000" in result.stderr


def test_a_title_over_the_limit_is_refused(cli, ledger):
    refused(cli, ledger, "assign", "长" * 501, "--due", "明天")


def test_an_unreadable_deadline_is_refused_with_an_example_that_works(cli, ledger):
    result = refused(cli, ledger, "assign", "写材料", "--due", "whenever")
    assert "下周五" in result.stderr or "2026-12-01" in result.stderr


def test_a_name_with_control_characters_is_refused(cli, ledger):
    refused(cli, ledger, "assign", "写材料", "--owner", "张\x1b[31m三", "--due", "明天")


def test_an_unknown_language_is_refused(cli, ledger):
    refused(cli, ledger, "--lang", "fr", "list")


def test_a_malformed_luoshi_now_is_refused(cli, ledger, monkeypatch):
    monkeypatch.setenv("LUOSHI_NOW", "yesterday-ish")
    refused(cli, ledger, "list")


def test_argv_bytes_that_are_not_utf8_are_refused_in_a_real_process(ledger):
    before = file_bytes(ledger)
    proc = run_process("assign", os.fsdecode(b"\xff\xfe report"), "--due", "明天")
    assert proc.returncode == 2
    assert b"UTF-8" in proc.stderr and b"Traceback" not in proc.stderr
    assert file_bytes(ledger) == before


def test_escape_sequences_and_markup_are_stored_as_given_and_printed_inert(cli, ledger):
    title = "[bold]粗体[/bold] [link=http://evil]点我[/link] \x1b[2J清屏"
    task = cli("assign", title, "--due", "明天", "--json").json
    assert task["title"] == title  # stored as given
    for args in (("list",), ("show", str(task["id"]))):
        out = cli(*args).stdout
        assert "\x1b" not in out
        assert "[bold]粗体[/bold]" in out and "[link=http://evil]" in out
        assert "\\x1b[2J" in out


def test_json_output_escapes_control_characters(cli, ledger):
    cli("assign", "a\x1bb", "--due", "明天")
    out = cli("list", "--json").stdout
    assert "\x1b" not in out and "\\u001b" in out


def test_a_foreign_file_as_ledger_is_refused_with_exit_1_and_left_untouched(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a ledger")
    result = cli("--db", str(path), "list")
    assert result.code == 1 and "not a luoshi ledger" in result.stderr
    assert path.read_text() == "not a ledger"
