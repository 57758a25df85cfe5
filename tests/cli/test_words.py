"""Command-line words reach the commands as typed, without pydantic (cli/words.py)."""

from __future__ import annotations

import pytest
import typer

from luoshi.cli import words
from tests.cli.test_startup import modules_of
from tests.cli.test_completion import bash, candidates


def parsed(options: list[str], args: list[str]):
    """The root group and the command after Click has parsed `luoshi OPTIONS ARGS` (nothing
    runs): (group, its context), (command, its context)."""
    from luoshi.cli import app

    group = typer.main.get_command(app)
    ctx = group.make_context("luoshi", options + args, resilient_parsing=True)
    name, command, rest = group.resolve_command(ctx, args)
    sub = command.make_context(name, rest, parent=ctx, resilient_parsing=True)
    return (group, ctx), (command, sub)


@pytest.mark.parametrize("args", [
    ["assign", "x", "--helper", "王五", "--json"],
    ["list", "--status", "all", "--health", "late"],
    ["report", "--format", "md"],
    ["import", "x.jsonl", "--format", "taskwarrior"],
])
def test_typer_still_has_the_layer_words_replaces(args):
    # A Typer release without it would make take_words a no-op: every value would again go
    # through a pydantic adapter. This test is how the team hears of it. The options that
    # take one of a few words (--status, --format…) are words too: Tab offers their values.
    assert words.RuntimeParam is not None
    for command, ctx in parsed(["--as", "张三", "--lang", "zh"], args):
        for param in command.get_params(ctx):
            assert isinstance(param._runtime_param, words.Words), (command.name, param.name)


def test_words_flags_and_repeated_words_arrive_as_typed(cli):
    odd = "  -- 两个空格 «quotes» \\n %s {x} "
    result = cli("--as", odd.strip(), "assign", odd, "--owner", "张三", "--due", "2026-12-01",
                 "--helper", "王五", "--helper", "Li Si", "--tag", "季度", "--tag", "q4",
                 "--urgent", "--json")
    assert result.code == 0, result.stderr
    task = result.json
    assert task["title"] == odd.strip()  # the service trims; the words arrive untouched
    assert task["helpers"] == ["王五", "Li Si"] and task["tags"] == ["季度", "q4"]
    assert task["urgent"] is True
    shown = cli("show", str(task["id"]), "--json").json
    assert shown["events"][0]["actor"] == odd.strip()


def test_any_other_value_gets_typers_own_conversion():
    group, ctx = parsed(["--db", "x.db"], ["list"])[0]
    db = next(p for p in group.params if p.name == "db")
    assert db._runtime_param.coerce("账本.db", param=db, ctx=ctx) == "账本.db"
    assert db._runtime_param.coerce("账本.db".encode(), param=db, ctx=ctx) == "账本.db"  # bytes
    assert db._runtime_param.coerce(7, param=db, ctx=ctx) == "7"
    assert db._runtime_param.coerce(None, param=db, ctx=ctx) is None


def test_help_imports_no_pydantic_and_completion_still_offers_ids_and_names(ledger_path, cli):
    # (that completion imports no pydantic either: tests/cli/test_completion.py)
    assert cli("assign", "写材料", "--owner", "张三", "--due", "下周五").code == 0
    assert candidates(bash("luoshi checkin ")) == ["1"]
    assert candidates(bash("luoshi assign --owner 张")) == ["张三"]
    for args in (("--help",), ("checkin", "--help")):
        proc, modules = modules_of(*args)
        assert proc.returncode == 0
        assert "luoshi.cli.words" in modules
        assert not {m for m in modules if m.startswith(("pydantic", "typer._adapters"))}, args
