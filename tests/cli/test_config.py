"""`luoshi config`: settings are validated, named by key, and used."""

from __future__ import annotations


def test_config_set_writes_a_valid_value_and_show_reads_it(cli, isolated):
    assert cli("config", "set", "user.name", "张三").code == 0
    assert cli("config", "set", "health.cadence", "3d").code == 0
    shown = cli("config", "show", "--json").json
    assert shown["settings"]["user"]["name"] == "张三"
    assert shown["settings"]["health"]["cadence"] == "3d"
    assert cli("config", "path").stdout.strip() == str(isolated / "config.toml")


def test_the_configured_name_is_who_acts(cli, monkeypatch):
    monkeypatch.delenv("LUOSHI_USER")
    cli("config", "set", "user.name", "李四")
    assert cli("assign", "x", "--due", "明天", "--json").json["owner"] == "李四"


def test_an_invalid_value_is_refused_naming_the_key_and_the_file_is_unchanged(cli, isolated):
    cli("config", "set", "score.quality", "20")
    before = (isolated / "config.toml").read_bytes()
    for key, value in (("score.quality", "-5"), ("health.cadence", "often"), ("nope.x", "1")):
        result = cli("config", "set", "--", key, value)
        assert result.code == 2 and key in result.stderr, result.stderr
    assert (isolated / "config.toml").read_bytes() == before


def test_a_shorter_cadence_makes_tasks_stalled_sooner(cli, monkeypatch):
    cli("assign", "x", "--owner", "张三", "--due", "2027-01-01")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-26T09:30:00+08:00")
    assert cli("list", "--json").json[0]["health"] == "on_track"
    cli("config", "set", "health.cadence", "2d")
    assert cli("list", "--json").json[0]["health"] == "stalled"


def test_a_group_without_its_subcommand_shows_its_help(cli):
    for group, sub in (("config", "set"), ("team", "add-member")):
        result = cli(group)
        assert result.code == 0 and result.stderr == ""
        assert f"Usage: luoshi {group}" in result.stdout and sub in result.stdout
        assert "\\x0a" not in result.stdout and "error" not in result.stdout
