"""Start-up is part of the design: quick SQLite commands never import the heavy stack."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import SRC, run_process

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "dateparser")


def imported(stderr: bytes) -> set[str]:
    names = set()
    for line in stderr.decode("utf-8", "replace").splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", line.strip())
        if m:
            names.add(m.group(1).split(".")[0])
    return names


@pytest.fixture
def ledger(cli):
    assert cli("assign", "写材料", "--owner", "张三", "--due", "下周五").code == 0


@pytest.mark.parametrize("args", [
    ("--as", "张三", "checkin", "1", "30", "半成"),
    ("assign", "另一件事", "--due", "2026-12-01"),
    ("--as", "张三", "done", "1"),
    ("list",),
    ("show", "1"),
    ("--help",),
])
def test_quick_sqlite_commands_never_import_sqlalchemy_sqlmodel_alembic_or_dateparser(ledger, args):
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "luoshi", *args],
                          env=env, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = imported(proc.stderr)
    assert "luoshi" in names  # the probe works
    assert not names & set(HEAVY), names & set(HEAVY)


PROBE = (  # run the entry point, then list on stderr every module the process imported
    "import atexit, sys; atexit.register(lambda: sys.stderr.write('MODULES ' + "
    "' '.join(sorted(sys.modules)) + '\\n')); from luoshi.cli import main; main()"
)


def modules_of(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Every module `luoshi ARGS` imports (importlib.import_module too, which -X importtime
    does not report)."""
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True,
                          timeout=60)
    line = proc.stderr.decode("utf-8", "replace").rpartition("MODULES ")[2]
    return proc, set(line.split())


CLI_PLUMBING = {"luoshi.cli", "luoshi.cli.common", "luoshi.cli.options", "luoshi.cli.registry",
                "luoshi.cli.lazy", "luoshi.cli.complete", "luoshi.cli.words", "luoshi.cli.who",
                "luoshi.cli.clicktext", "luoshi.cli.helpformat", "luoshi.cli.width"}
STEP_PATH_FORBIDDEN = {"pydantic", "pydantic_core", "rich", "sqlalchemy", "sqlmodel", "alembic",
                       "dateparser", "typer._adapters"}


@pytest.mark.parametrize("args, command", [
    (("--as", "张三", "checkin", "1", "30", "半成"), "checkin"),
    (("assign", "另一件事", "--due", "下周五"), "assign"),
    (("--as", "张三", "done", "1"), "done"),
    (("remind", "1"), "remind"),
    (("escalate", "1", "--reason", "慢"), "escalate"),
    (("extend", "1", "--due", "下下周五", "--reason", "延"), "extend"),
    (("reassign", "1", "--owner", "李四", "--reason", "换人"), "reassign"),
    (("--as", "张三", "accept", "1"), "accept"),
    (("note", "1", "抓紧"), "note"),
    (("amend", "1", "--title", "新标题", "--reason", "笔误"), "amend"),
    (("show", "1"), "show"),
])
def test_a_step_command_imports_only_its_own_module_and_no_pydantic_rich_or_sqlalchemy(
        ledger, args, command):
    proc, modules = modules_of(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert not {m for m in modules if m.split(".")[0] in STEP_PATH_FORBIDDEN
                or m in STEP_PATH_FORBIDDEN}
    commands = {m for m in modules if m.startswith("luoshi.cli")} - CLI_PLUMBING
    assert commands == {f"luoshi.cli.{command}"}


def test_help_lists_every_command_without_importing_any(ledger):
    from luoshi.cli.registry import COMMANDS

    proc, modules = modules_of("--help")
    shown = proc.stdout.decode("utf-8")
    assert all(f"  {entry.name} " in shown for entry in COMMANDS)
    assert {m for m in modules if m.startswith("luoshi.cli")} <= CLI_PLUMBING - {"luoshi.cli.options"}
    assert not {m.split(".")[0] for m in modules} & {"pydantic", "rich", *HEAVY}


def test_every_command_has_help_text(cli):
    from luoshi.cli import app
    import typer

    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="luoshi")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command.help and command.help.strip(), name
        for param in command.params:
            assert getattr(param, "help", None), f"{name} {param.name} has no help text"
        result = cli(name, "--help")
        assert result.code == 0 and "Usage" in result.stdout


def test_python_dash_m_luoshi_works_like_the_console_script():
    proc = run_process("--help")
    assert proc.returncode == 0 and b"assign" in proc.stdout
