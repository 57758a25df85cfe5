"""Fuzzing the command line: whatever argv or import file arrives, luoshi answers with an
exit code of 0, 1 or 2 and never a traceback, and the ledger still verifies afterwards.

The vocabulary (commands, their options and whether an option takes a value) is read from
docs/commands.md, which a test keeps equal to the real help, so the fuzzer follows the CLI
as it changes. Arguments mix that vocabulary with hostile text: control characters, NUL,
Rich markup, ANSI escapes, very long strings, right-to-left marks, lone surrogates (what
Python makes of non-UTF-8 bytes in argv) and, through a real subprocess, real non-UTF-8
bytes. Most examples run in-process through the public entry point `luoshi.cli.main` for
speed. Paths stay inside the test's folder: free text never holds '/' nor starts with '~'.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import SRC

DOCS = Path(__file__).resolve().parents[2] / "docs" / "commands.md"
NEVER = {"--install-completion", "--show-completion"}  # they write to the user's shell files
FUZZ = settings(max_examples=120, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class Command(NamedTuple):
    arguments: list[str]  # positional, in order
    options: list[tuple[str, bool]]  # (name, takes a value)


def vocabulary() -> tuple[list[tuple[str, bool]], dict[tuple[str, ...], Command]]:
    """(global options, {command path: its arguments and options}) from docs/commands.md."""
    sections: dict[tuple[str, ...], Command] = {}
    current: tuple[str, ...] | None = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"## luoshi(?: (.+))?", line)
        if heading:
            current = tuple((heading.group(1) or "").split())
            sections[current] = Command([], [])
            continue
        row = re.match(r"\| `([^`]+)` \|", line)
        if not row or current is None:
            continue
        option = re.fullmatch(r"(-{1,2}[\w-]+(?:, -{1,2}[\w-]+)*)( .+)?", row.group(1))
        if option is None:
            sections[current].arguments.append(row.group(1).split()[0])
            continue
        for name in option.group(1).split(", "):
            if name not in NEVER:
                sections[current].options.append((name, option.group(2) is not None))
    return sections.pop(()).options, sections


GLOBALS, COMMANDS = vocabulary()
HOSTILE = [
    "", " ", "-", "--", "1", "2", "3", "0", "-1", "100", "101", "60%", "9" * 40, "1e3", "nan",
    "明天", "下周五", "月底", "tomorrow 5pm", "2026-12-01", "2026-02-30", "3天后", "1w", "0d",
    "[bold]粗体[/bold]", "[red]x", "[/]", "[link=file:x]y[/link]", "\x1b[31mred\x1b[0m",
    "\x00", "a\x00b", "\r\n", "\t", "\x7f", "\u202eevil", "\ufeff", "\udcff\udcfe",
    "張三", "王主任", "x" * 5000, "长" * 3000, "#", "a#b", "@", "+tag", "en", "zh", "xx",
    "meeting", "self", "open", "all", "late", "json", "md", "csv", "html", "xlsx", "luoshi",
    "taskwarrior", "user.name", "report.cadence", "true",
]
free_text = st.text(max_size=40).filter(lambda s: "/" not in s and not s.startswith("~"))
value = st.one_of(st.sampled_from(HOSTILE), free_text)
# what a command's positional arguments and options often are: task ids, progress, dates
TAME = st.sampled_from(["1", "2", "3", "40", "100", "明天", "2026-12-31", "reason", "张三",
                        "[bold]粗体[/bold]", "x" * 300, "work", "--json"])
plausible = st.one_of(TAME, value)


@st.composite
def argv(draw) -> list[str]:
    """Half of them tame (mostly valid, so they reach the services), half hostile."""
    tame = draw(st.booleans())
    value, plausible = (TAME, TAME) if tame else (globals()["value"], globals()["plausible"])
    args: list[str] = []
    for name, takes in draw(st.lists(st.sampled_from(GLOBALS), max_size=2)):
        given = st.sampled_from(["en", "zh"]) if name == "--lang" else value
        args += [name, draw(st.one_of(given, value))] if takes else [name]
    if draw(st.integers(0, 19)) == 0:
        args.append(draw(value))  # not a command at all
    else:
        path = draw(st.sampled_from(sorted(COMMANDS)))
        args += list(path)
        options = COMMANDS[path].options
        if tame:
            args += [draw(TAME) for _ in COMMANDS[path].arguments]
        for _ in range(draw(st.integers(0, 4))):
            if options and draw(st.booleans()):
                name, takes = draw(st.sampled_from(options))
                args += [name, draw(plausible)] if takes else [name]
            else:
                args.append(draw(plausible))
    return args


@pytest.fixture
def seeded(cli, tmp_path, monkeypatch):
    """A ledger with a few tasks to act on; the working folder is the test's own."""
    monkeypatch.chdir(tmp_path)
    for title, owner in (("写材料", "王主任"), ("Call the plumber", "张三"), ("[bold]x", "李四")):
        assert cli("assign", title, "--owner", owner, "--due", "2026-12-31").code == 0
    assert cli("checkin", "1", "40").code == 0
    return tmp_path


def assert_answered(result, args) -> None:
    event(f"exit {result.code}")  # shown by --hypothesis-show-statistics
    assert result.code in (0, 1, 2), (args, result.code, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, (args, result.stderr[-2000:])


def assert_verifies(cli) -> None:
    verified = cli("verify", "--json")
    assert verified.code == 0, verified.stderr
    assert verified.json["intact"] is True


@FUZZ
@given(args=argv())
def test_random_command_lines_never_crash_and_leave_the_ledger_verifiable(cli, seeded, args):
    assert_answered(cli(*args), args)
    assert_verifies(cli)


def test_a_file_name_too_long_for_the_system_is_refused_in_one_line(cli, seeded):
    for args in (["backup", "x" * 300], ["export", "--output", "长" * 200], ["--db", "y" * 300,
                                                                            "list"]):
        result = cli(*args)
        assert result.code == 2 and "Traceback" not in result.stderr, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and "too long" in result.stderr


# -- import files ---------------------------------------------------------------------------
def mutated_lines(draw, lines: list[str]) -> list[str]:
    """The lines of a real file with a few random edits: a line dropped, doubled, swapped,
    cut short, a value replaced, junk inserted."""
    lines = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines.append(draw(st.text(max_size=50)))
            continue
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["drop", "double", "swap", "cut", "replace", "junk"]))
        if edit == "drop":
            del lines[i]
        elif edit == "double":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        elif edit == "replace":
            found = list(re.finditer(r'"[^"]*"|-?\d+|null|true|false', lines[i]))
            if found:
                m = draw(st.sampled_from(found))
                new = draw(st.one_of(
                    st.sampled_from(['""', "null", "0", "-1", "1e309", "[]", "{}", "true",
                                     '"[bold]x"', '"\\u0000"', '"\\ud800"', '"2026-13-45"']),
                    st.integers(-2**70, 2**70).map(str),
                    free_text.map(json.dumps)))
                lines[i] = lines[i][: m.start()] + new + lines[i][m.end():]
        else:
            lines.insert(i, draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=50))))
    return lines


@pytest.fixture
def exported(cli, seeded, tmp_path) -> list[str]:
    """A real export of the seeded ledger, as lines."""
    out = tmp_path / "real-export.jsonl"
    assert cli("export", "--output", str(out)).code == 0
    return out.read_text(encoding="utf-8").splitlines()


TW_TASKS = [
    {"id": 1, "description": "Write the report", "entry": "20261120T013000Z", "project": "work",
     "status": "pending", "tags": ["report"], "uuid": "6b2a5c7e-3f0c-4e1a-9a8a-1d2e3f4a5b6c",
     "due": "20261201T100000Z",
     "annotations": [{"entry": "20261121T020000Z", "description": "outline done"}]},
    {"id": 0, "description": "Renew passport", "entry": "20261001T080000Z",
     "end": "20261015T090000Z", "status": "completed",
     "uuid": "8d4c7e9a-5b2e-4a3c-9cac-3f4a5b6c7d8e"},
    {"id": 2, "description": "Call the plumber", "entry": "20261118T080000Z",
     "status": "waiting", "uuid": "7c3b6d8f-4a1d-4f2b-8b9b-2e3f4a5b6c7d"},
]


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_random_import_files_never_crash_and_leave_the_ledger_verifiable(cli, exported,
                                                                        tmp_path, data):
    kind = data.draw(st.sampled_from(["luoshi", "taskwarrior"]))
    if kind == "luoshi":
        lines = mutated_lines(data.draw, exported)
        target = data.draw(st.sampled_from(["empty", "this"]))  # an empty ledger, or ours
    else:
        lines = mutated_lines(data.draw, json.dumps(TW_TASKS, indent=1).splitlines())
        target = "this"
    path = tmp_path / "fuzzed-import.json"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    fresh = tmp_path / f"fresh-{data.draw(st.uuids()).hex}.db"
    db = ["--db", str(fresh)] if target == "empty" else []
    args = [*db, "import", str(path), "--format", kind]
    assert_answered(cli(*args), args)
    assert_verifies(cli)
    if db and Path(db[1]).exists():  # the fresh ledger, when the import made one
        result = cli(*db, "verify")
        assert result.code == 0, result.stderr


# -- real processes: real non-UTF-8 bytes in argv --------------------------------------------
raw_value = st.one_of(
    st.binary(max_size=20).filter(lambda b: b"\0" not in b and b"/" not in b
                                  and not b.startswith(b"~")),
    st.sampled_from([b"\xff\xfe", b"\xc3\x28", b"\xe2\x82", b"caf\xe9", b"\xed\xa0\x80"]),
)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_non_utf8_bytes_in_a_real_argv_are_refused_in_one_line(seeded, data):
    path = data.draw(st.sampled_from(sorted(COMMANDS)))
    args = [p.encode() for p in path]
    for _ in range(data.draw(st.integers(1, 3))):
        args.append(data.draw(raw_value))
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable.encode(), b"-m", b"luoshi", *args], env=env,
                          capture_output=True, timeout=60, cwd=seeded)
    err = done.stderr.decode("utf-8", "replace")
    event(f"exit {done.returncode}")
    assert done.returncode in (0, 1, 2), (args, err)
    assert "Traceback" not in err, (args, err)
    verified = subprocess.run([sys.executable, "-m", "luoshi", "verify"], env=env,
                              capture_output=True, timeout=60, cwd=seeded)
    assert verified.returncode == 0, verified.stderr
