"""Help pages that fit the terminal, name values by what they are, and speak Chinese throughout.

Every page is printed by the real entry point (`luoshi [--lang L] COMMAND --help`) in a process
with the terminal width set by COLUMNS; widths are measured with Rich's cell_len, which counts
a Chinese character as two columns.
"""

from __future__ import annotations

import re

import pytest
import typer
from rich.cells import cell_len

from tests.cli.test_i18n import help_pages as every_help_page

CLICK_ENGLISH = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message and exit.",
                 "Install completion", "Show completion", "[default:", "[required]", "env var:")


def every_command() -> list[list[str]]:
    """[], ["assign"], …, ["config", "set"], …: the root and every command under it."""
    from luoshi.cli import app

    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="luoshi")
    paths: list[list[str]] = [[]]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        paths.append([name])
        if hasattr(command, "list_commands"):
            sub = typer.Context(command, info_name=name, parent=ctx)
            paths += [[name, child] for child in command.list_commands(sub)]
    return paths


def help_pages(lang: str, columns: int) -> dict[str, str]:
    """Every command's help page: {"": root page, "assign": page, "config set": page, …}."""
    pages = every_help_page(lang, every_command(), columns)
    assert all(code == 0 for code, _page in pages.values())
    return {name: page for name, (_code, page) in pages.items()}


@pytest.fixture(scope="module", params=[("en", 80), ("zh", 80), ("en", 60), ("zh", 60)],
                ids=lambda p: f"{p[0]}-{p[1]}")
def pages(request):
    lang, columns = request.param
    return lang, columns, help_pages(lang, columns)


def test_no_help_line_is_wider_than_the_terminal(pages):
    lang, columns, found = pages
    too_wide = [(name, line) for name, page in found.items() for line in page.splitlines()
                if cell_len(line) > columns]
    assert too_wide == []


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = re.search(r"[.!?](?=\s|$)|[。！？]", text)
    return text[:end.end()] if end else text


def test_the_command_list_shows_each_first_sentence_whole_when_it_fits(pages):
    from luoshi.cli.registry import COMMANDS
    from luoshi.i18n import set_lang, _

    lang, columns, found = pages
    lines = found[""].split("\n\n")[-1].splitlines()[1:]  # the command list, after its heading
    assert [line.split()[0] for line in lines] == [entry.name for entry in COMMANDS]
    room = columns - 2 - max(len(entry.name) for entry in COMMANDS) - 6  # Click's own allowance
    set_lang(lang)
    whole = 0
    for line, entry in zip(lines, COMMANDS):
        shown = line.split(None, 1)[1]
        sentence = first_sentence(_(entry.help))
        if cell_len(sentence) <= room:
            assert shown == sentence
            whole += 1
        else:
            assert shown.endswith("...") and sentence.startswith(shown[:-3]), (shown, sentence)
    assert columns < 80 or whole >= len(COMMANDS) // 2  # at 80 columns most fit whole


def test_no_python_type_shows_in_any_help_page(pages):
    _lang, _columns, found = pages
    leaks = {name: re.findall(r"<[\w\[\], |]+>", page) for name, page in found.items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_chinese_help_pages_have_no_english_click_words_left(pages):
    lang, _columns, found = pages
    if lang != "zh":
        assert found["checkin"].startswith("Usage: luoshi checkin [OPTIONS] [ID] [PROGRESS] [NOTE]")
        return
    for name, page in found.items():
        assert page.startswith(f"用法: luoshi {name}".rstrip()), name
        assert [word for word in CLICK_ENGLISH if word in page] == [], name
    page = found["checkin"]
    assert "\n参数:\n" in page and "\n选项:\n" in page and "显示本帮助并退出。" in page
    assert "[必填]" in found["done"] and "[环境变量：LUOSHI_DB]" in "".join(found[""].split())
    assert "\n命令:\n" in found[""] and "\n命令:\n" in found["config"]


def test_every_value_an_option_or_argument_takes_is_named_by_a_metavar():
    from luoshi.cli import app

    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="luoshi")
    unnamed = []
    for path in every_command():
        command, sub = group, ctx
        for name in path:
            command = command.get_command(sub, name)
            sub = typer.Context(command, info_name=name, parent=sub)
        for param in command.params:
            takes_value = param.param_type_name == "argument" or not param.is_flag
            if takes_value and param.name not in ("install_completion", "show_completion"):
                if not (param.metavar and param.metavar.replace("_", "").isupper()):
                    unnamed.append(f"luoshi {' '.join(path)} {param.name}")
    assert unnamed == []


def test_usage_writes_required_arguments_bare_and_optional_ones_in_brackets(cli):
    assert "Usage: luoshi done [OPTIONS] ID\n" in cli("done", "--help").stdout
    assert "Usage: luoshi backup [OPTIONS] FILE\n" in cli("backup", "--help").stdout
    assert "Usage: luoshi config set [OPTIONS] KEY VALUE\n" in cli("config", "set", "--help").stdout
    page = cli("assign", "--help").stdout
    assert "Usage: luoshi assign [OPTIONS] [TITLE]\n" in page
    for row in ("  TITLE ", "--due WHEN", "--helper NAME", "--tag TAG", "--every CADENCE",
                "--from FILE", "--parent ID"):
        assert row in page, row


# -- usage errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, lines", [
    ("en", ["luoshi: error: No such command 'chekin'. Did you mean 'checkin'?",
            "  hint: see 'luoshi --help'"]),
    ("zh", ["luoshi: 错误: 没有 'chekin' 这个命令。您是不是要用 'checkin'？",
            "  提示: 参见 'luoshi --help'"]),
])
def test_a_mistyped_command_is_named_with_a_suggestion_in_each_language(cli, lang, lines):
    result = cli("--lang", lang, "chekin", "1", "30")
    assert (result.code, result.stdout, result.stderr.splitlines()) == (2, "", lines)


def test_a_mistyped_subcommand_gets_a_suggestion_too(cli):
    result = cli("--lang", "zh", "config", "sett", "user.name", "张三")
    assert result.code == 2
    assert result.stderr.splitlines()[0] == "luoshi: 错误: 没有 'sett' 这个命令。您是不是要用 'set'？"


@pytest.mark.parametrize("args, moved", [
    (["checkin", "--as", "张伟", "1", "70"], "luoshi --as 张伟 checkin 1 70"),
    (["list", "--db", "my ledger.db", "--json"], "luoshi --db 'my ledger.db' list --json"),
    (["--as", "张伟", "show", "--key=k1", "1"], "luoshi --as 张伟 --key=k1 show 1"),
    (["config", "set", "user.name", "张三", "--lang", "en"], "luoshi --lang en config set user.name 张三"),
])
def test_a_global_option_after_the_command_is_shown_where_it_goes(cli, args, moved):
    result = cli(*args)
    option = next(a for a in args[1:] if a.startswith("--") and a != "--json").split("=")[0]
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"luoshi: error: No such option: {option}",
        f"  hint: global options go before the command: {moved}"]


def test_the_global_option_hint_in_chinese(cli):
    result = cli("--lang", "zh", "checkin", "--as", "张伟", "1", "70")
    assert result.code == 2
    assert result.stderr.splitlines() == [
        "luoshi: 错误: 没有这个选项：--as",
        "  提示: 全局选项要写在命令之前：luoshi --lang zh --as 张伟 checkin 1 70"]
