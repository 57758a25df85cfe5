"""`luoshi schedule`: the unit files and crontab lines it writes, with the real user's systemd
and crontab never touched (HOME in tmp_path, LUOSHI_SYSTEMCTL and LUOSHI_CRONTAB point at
fakes the tests write)."""

from __future__ import annotations

import shlex
import stat
import sys

import pytest

COMMAND = (f"{shlex.quote(sys.executable)} -m luoshi escalate --auto --if-workday && "
           f"{shlex.quote(sys.executable)} -m luoshi notify --if-workday")


@pytest.fixture
def home(isolated, monkeypatch):
    monkeypatch.setenv("HOME", str(isolated / "home"))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("LUOSHI_DB", "postgresql+psycopg://wang:pw-wang@db.example.org/team")
    return isolated / "home"


def _fake(path, body: str):
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def systemctl(isolated, monkeypatch):
    log = isolated / "systemctl.log"
    fake = _fake(isolated / "systemctl", f'echo "$@" >> {log}\n')
    monkeypatch.setenv("LUOSHI_SYSTEMCTL", str(fake))
    return log


@pytest.fixture
def crontab(isolated, monkeypatch):
    table = isolated / "crontab.txt"
    table.write_text("0 3 * * * backup.sh\n")
    fake = _fake(isolated / "crontab",
                 f'if [ "$1" = "-l" ]; then cat {table}; else cat > {table}; fi\n')
    monkeypatch.setenv("LUOSHI_SYSTEMCTL", "none")
    monkeypatch.setenv("LUOSHI_CRONTAB", str(fake))
    return table


def test_install_writes_a_user_timer_at_the_configured_times_and_enables_it(cli, isolated, home, systemctl):
    (isolated / "config.toml").write_text('[schedule]\ntimes = ["16:00", "9:00"]\n')
    result = cli("schedule", "install", "--json")
    assert result.code == 0, result.stderr
    folder = home / ".config" / "systemd" / "user"
    timer = (folder / "luoshi-notify.timer").read_text()
    assert [line for line in timer.splitlines() if line.startswith("OnCalendar")] == [
        "OnCalendar=*-*-* 09:00:00", "OnCalendar=*-*-* 16:00:00"]
    assert "Persistent=true" in timer and "WantedBy=timers.target" in timer
    service = (folder / "luoshi-notify.service").read_text().splitlines()
    assert "Type=oneshot" in service
    assert f'ExecStart=/bin/sh -c "{COMMAND}"' in service
    assert 'Environment="LUOSHI_DB=postgresql+psycopg://wang:pw-wang@db.example.org/team"' in service
    assert stat.S_IMODE((folder / "luoshi-notify.service").stat().st_mode) == 0o600
    assert systemctl.read_text().splitlines() == [
        "--user daemon-reload", "--user enable --now luoshi-notify.timer"]
    shown = cli("schedule", "show", "--json").json
    assert (shown["kind"], shown["times"]) == ("systemd", ["09:00", "16:00"])
    assert cli("schedule", "remove").code == 0
    assert not (folder / "luoshi-notify.timer").exists()
    assert systemctl.read_text().splitlines()[-2:] == [
        "--user disable --now luoshi-notify.timer", "--user daemon-reload"]
    assert cli("schedule", "show", "--json").json["kind"] is None


def test_without_systemd_crontab_lines_are_added_and_others_kept(cli, isolated, home, crontab):
    assert cli("schedule", "install").code == 0
    lines = crontab.read_text().splitlines()
    env = "LUOSHI_DB=postgresql+psycopg://wang:pw-wang@db.example.org/team"
    assert lines[0] == "0 3 * * * backup.sh"  # the user's own line stays
    assert lines[1:] == [f"{minute} {hour} * * * {env} "
                         f"LUOSHI_CONFIG={isolated / 'config.toml'} TZ=Asia/Shanghai "
                         f"sh -c {shlex.quote(COMMAND)} # luoshi-notify"
                         for hour, minute in ((9, 0), (16, 0))]
    assert cli("schedule", "install").code == 0  # again: replaced, not doubled
    assert len(crontab.read_text().splitlines()) == 3
    shown = cli("schedule", "show")
    assert "pw-wang" not in shown.stdout and "wang:***@db.example.org" in shown.stdout
    assert cli("schedule", "remove").code == 0
    assert crontab.read_text().splitlines() == ["0 3 * * * backup.sh"]
