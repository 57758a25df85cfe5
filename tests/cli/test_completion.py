"""Shell completion, exercised the way the installed bash, zsh and fish scripts call luoshi.

Each test runs the real entry point in a subprocess with the environment Typer's completion
scripts set (`_LUOSHI_COMPLETE=complete_bash` with COMP_WORDS/COMP_CWORD; `complete_zsh` and
`complete_fish` with _TYPER_COMPLETE_ARGS), against a real ledger file.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.test_startup import imported
from tests.conftest import SRC, run_process


@pytest.fixture
def ledger(cli, ledger_path):
    for args in (
        ("assign", "写材料", "--owner", "张三", "--due", "下周五", "--helper", "王五"),
        ("assign", "Fix the pump", "--owner", "Li Si", "--due", "2026-12-01", "--lead", "赵主任"),
        ("assign", "[urgent] call the vendor", "--owner", "张三", "--due", "2026-12-02"),
    ):
        assert cli(*args).code == 0
    assert cli("--as", "Li Si", "done", "2").code == 0
    for n in range(4, 13):
        assert cli("assign", f"task {n}", "--owner", "张三", "--due", "2026-12-03").code == 0
    return ledger_path


def bash(line: str, **env: str) -> subprocess.CompletedProcess:
    words = line.split(" ")
    return run_process(env={"_LUOSHI_COMPLETE": "complete_bash", "COMP_WORDS": line,
                            "COMP_CWORD": str(len(words) - 1)} | env)


def zsh_or_fish(shell: str, line: str) -> subprocess.CompletedProcess:
    env = {"_LUOSHI_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return run_process(env=env)


def candidates(proc: subprocess.CompletedProcess) -> list[str]:
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    return [line for line in proc.stdout.decode("utf-8").splitlines() if line]


def test_bash_completes_command_names(ledger):
    assert candidates(bash("luoshi che")) == ["checkin"]
    assert {"assign", "checkin", "config", "show"} <= set(candidates(bash("luoshi ")))


def test_checkin_offers_the_ids_of_open_tasks_only(ledger):
    ids = candidates(bash("luoshi checkin "))
    assert "2" not in ids  # done: nothing to check in on
    assert ids[:2] == ["1", "3"] and "12" in ids


def test_ids_complete_from_what_is_typed(ledger):
    assert candidates(bash("luoshi checkin 1")) == ["1", "10", "11", "12"]
    assert candidates(bash("luoshi show 2")) == ["2"]  # show offers any task, done ones too
    assert candidates(bash("luoshi close ")) == ["2"]  # only a finished task can be closed
    assert candidates(bash("luoshi checkin x")) == []


def test_zsh_shows_each_id_with_its_title(ledger):
    out = zsh_or_fish("zsh", "luoshi done 1").stdout.decode("utf-8")
    assert out.startswith("_arguments")
    assert '"1":"写材料"' in out and '"10":"task 10"' in out


def test_fish_shows_each_id_with_its_title_and_keeps_brackets_in_titles(ledger):
    lines = zsh_or_fish("fish", "luoshi remind 3").stdout.decode("utf-8").splitlines()
    assert lines == ["3\t[urgent] call the vendor"]


@pytest.mark.parametrize("line, expected", [
    ("luoshi list --owner 张", ["张三"]),
    ("luoshi assign x --lead 赵", ["赵主任"]),
    ("luoshi assign x --helper 王", ["王主任", "王五"]),  # the lead by default, a helper
    ("luoshi reassign 1 --owner L", ["Li Si"]),
    ("luoshi --as L", ["Li Si"]),
])
def test_people_complete_from_owners_leads_and_helpers(ledger, line, expected):
    assert candidates(bash(line)) == expected


def test_completion_reads_the_ledger_named_by_db(ledger, tmp_path):
    other = tmp_path / "other.db"
    assert candidates(bash(f"luoshi --db {other} checkin ")) == []
    assert not other.exists()  # completion never creates a ledger
    assert candidates(bash(f"luoshi --db {ledger} checkin 1")) == ["1", "10", "11", "12"]
    assert candidates(bash("luoshi checkin 1", LUOSHI_DB=f"sqlite:///{ledger}")) == ["1", "10", "11", "12"]


@pytest.mark.parametrize("content", [
    None,  # missing
    b"this is not a database at all" * 10,
    b"SQLite format 3\x00" + b"\xff" * 2000,  # a damaged SQLite file
    b"",  # empty
])
def test_completion_prints_nothing_when_the_ledger_is_missing_or_damaged(ledger_path, content):
    if content is not None:
        ledger_path.write_bytes(content)
    for line in ("luoshi checkin ", "luoshi list --owner "):
        proc = bash(line)
        assert (proc.returncode, proc.stdout.strip(), proc.stderr) == (0, b"", b""), line
    for shell in ("zsh", "fish"):
        proc = zsh_or_fish(shell, "luoshi show 1")
        assert b"Traceback" not in proc.stdout + proc.stderr and proc.stderr == b""
    assert ledger_path.exists() == (content is not None)
    if content is not None:
        assert ledger_path.read_bytes() == content  # never written to


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_imports_nothing_heavy(ledger, shell):
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "_LUOSHI_COMPLETE": f"complete_{shell}",
                              "COMP_WORDS": "luoshi show ", "COMP_CWORD": "2",
                              "_TYPER_COMPLETE_ARGS": "luoshi show 1",
                              "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "luoshi"], env=env,
                          capture_output=True, timeout=60)
    assert proc.returncode == 0 and b"1" in proc.stdout
    names = imported(proc.stderr)
    assert "luoshi" in names
    assert not names & {"pydantic", "rich", "sqlalchemy", "sqlmodel", "alembic", "dateparser"}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(shell):
    proc = run_process("--show-completion", shell,
                       env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert proc.returncode == 0
    assert f"_LUOSHI_COMPLETE=complete_{shell}".encode() in proc.stdout


def test_install_completion_writes_a_script_that_real_bash_completes_with(ledger, tmp_path):
    """--install-completion bash, then bash itself sources the script and presses Tab."""
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    shim = bin_dir / "luoshi"  # `luoshi` on PATH, as after `pip install luoshi`
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m luoshi "$@"\n')
    shim.chmod(0o755)
    env = {"HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    proc = run_process("--install-completion", "bash", env=env)
    assert proc.returncode == 0, proc.stderr
    script = home / ".bash_completions" / "luoshi.sh"
    assert script.exists() and str(script) in (home / ".bashrc").read_text()
    press_tab = (f"source {script}; COMP_WORDS=(luoshi checkin 1); COMP_CWORD=2; "
                 '_luoshi_completion luoshi; printf "%s\\n" "${COMPREPLY[@]}"')
    bash_proc = subprocess.run(["bash", "--norc", "-c", press_tab], capture_output=True,
                               timeout=60, env=dict(os.environ) | env | {"PYTHONPATH": str(SRC)})
    assert bash_proc.stdout.decode().split() == ["1", "10", "11", "12"], bash_proc.stderr


@pytest.mark.parametrize("shell, path", [("zsh", ".zfunc/_luoshi"),
                                         ("fish", ".config/fish/completions/luoshi.fish")])
def test_install_completion_for_zsh_and_fish_writes_their_scripts(tmp_path, shell, path):
    env = {"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = run_process("--install-completion", shell, env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"_LUOSHI_COMPLETE=complete_{shell}" in (tmp_path / path).read_text()


@pytest.mark.parametrize("line, expected", [
    ("luoshi report --format ", ["table", "json", "md", "csv", "html", "xlsx", "docx"]),
    ("luoshi report --week -f x", ["xlsx"]),
    ("luoshi import dump.jsonl --format ", ["luoshi", "taskwarrior"]),
    ("luoshi list --status ", ["open", "done", "closed", "cancelled", "all"]),
    ("luoshi list --status c", ["closed", "cancelled"]),
    ("luoshi list --health ", ["on_track", "due_soon", "behind", "late", "stalled", "blocked",
                               "needs_due", "open", "done", "closed", "cancelled"]),
    ("luoshi list -s open --health s", ["stalled"]),
    ("luoshi --lang ", ["en", "zh"]),
    ("luoshi --lang z", ["zh"]),
])
def test_options_that_take_one_of_a_few_words_offer_them(line, expected):
    assert candidates(bash(line)) == expected


def test_the_values_offered_are_the_ones_each_command_accepts():
    from luoshi.cli import complete, importing, report
    from luoshi.domain.states import HEALTHS, STATUSES
    from luoshi.i18n import LANGUAGES

    assert complete.STATUSES == (*STATUSES, "all")  # services/browse.py: a status or all
    assert complete.HEALTHS == (*HEALTHS, *STATUSES)  # a health or a status
    assert complete.choices(report.FORMATS)() == list(report.FORMATS)
    assert complete.choices(importing.FORMATS)() == list(importing.FORMATS)
    assert complete.languages() == list(LANGUAGES)


def test_completing_a_health_imports_nothing_heavy(ledger):
    env = dict(os.environ) | {"PYTHONPATH": str(SRC), "_LUOSHI_COMPLETE": "complete_bash",
                              "COMP_WORDS": "luoshi list --health ", "COMP_CWORD": "3"}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "luoshi"], env=env,
                          capture_output=True, timeout=60)
    assert proc.returncode == 0 and b"on_track" in proc.stdout
    assert not imported(proc.stderr) & {"pydantic", "rich", "sqlalchemy", "sqlmodel", "dateparser"}


def test_a_team_ledger_completes_ids_and_names_from_the_server(team, cli, monkeypatch):
    """On a team ledger a Tab asks the server (read-only) for what a file would give."""
    monkeypatch.delenv("LUOSHI_USER", raising=False)
    for title, owner in (("写周报", "张三"), ("修水泵", "李四"), ("报材料", "张三")):
        assert cli("assign", title, "--owner", owner, "--due", "周五").code == 0, title
    monkeypatch.setenv("LUOSHI_DB", team.url("li"))
    assert cli("done", "2").code == 0  # only its owner, 李四, reports it done
    url = team.url("wang")
    assert candidates(bash("luoshi checkin ", LUOSHI_DB=url)) == ["1", "3"]
    assert candidates(bash("luoshi close ", LUOSHI_DB=url)) == ["2"]
    assert candidates(bash("luoshi show 3", LUOSHI_DB=url)) == ["3"]
    assert candidates(bash("luoshi assign x --owner 张", LUOSHI_DB=url)) == ["张三"]
    assert set(candidates(bash("luoshi assign x --owner ", LUOSHI_DB=url))) >= {"张三", "李四"}


def test_a_team_server_that_does_not_answer_offers_nothing_quickly(team):
    down = team.url("wang").replace(str(team.cluster.port), "1")  # nothing listens on port 1
    assert candidates(bash("luoshi checkin ", LUOSHI_DB=down)) == []
