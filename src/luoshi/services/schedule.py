"""`luoshi schedule`: run `escalate --auto` and `notify` every day at `schedule.times`.

Where systemd is (a `systemctl` on PATH): a user timer, `luoshi-notify.timer` and its
`luoshi-notify.service`, in `$XDG_CONFIG_HOME/systemd/user` (default ~/.config/systemd/user),
then `systemctl --user daemon-reload` and `enable --now`. Elsewhere: one crontab line per
time, each marked `# luoshi-notify`, written back with `crontab -` (other lines kept as they
were). Timers cannot say which days are worked (调休), so the command itself asks luoshi:
`--if-workday` does nothing on a day off by the configured calendar.

Guarantees: files are written by the one file writer (0600: the environment they carry may
name a ledger URL); `install` replaces an earlier install, `remove` leaves no unit and no
marked line; `show` masks URLs' passwords. For tests (and unusual systems) the programs are
taken from LUOSHI_SYSTEMCTL (a path, or "none" to use cron) and LUOSHI_CRONTAB.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from luoshi.errors import Refused
from luoshi.i18n import _

UNIT = "luoshi-notify"
MARK = "# luoshi-notify"
_CARRIED = ("LUOSHI_DB", "LUOSHI_CONFIG", "LUOSHI_LANG", "TZ")  # what the scheduled run needs of ours


@dataclass
class Schedule:
    kind: str | None  # "systemd", "cron", or None (not installed)
    times: list[str] = field(default_factory=list)
    command: str = ""
    files: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """As it may be printed: a URL's password in a crontab line masked."""
        import re

        lines = [re.sub(r"://([^:/@\s]+):[^@\s]+@", r"://\1:***@", line) for line in self.lines]
        return {"kind": self.kind, "times": self.times, "command": self.command,
                "files": self.files, "lines": lines}


def command(environ=None) -> str:
    """The scheduled shell command: this very luoshi, on working days only."""
    me = shlex.quote(sys.executable) + " -m luoshi"
    return f"{me} escalate --auto --if-workday && {me} notify --if-workday"


def _environment(environ) -> dict[str, str]:
    return {k: environ[k] for k in _CARRIED if environ.get(k)}


def _systemctl(environ) -> str | None:
    chosen = environ.get("LUOSHI_SYSTEMCTL")
    if chosen:
        return None if chosen == "none" else chosen
    return shutil.which("systemctl")


def _unit_dir(environ) -> Path:
    base = environ.get("XDG_CONFIG_HOME") or os.path.join(environ.get("HOME") or str(Path.home()), ".config")
    return Path(base) / "systemd" / "user"


def service_unit(environ) -> str:
    """The oneshot service the timer starts."""
    lines = ["[Unit]", "Description=luoshi: escalate by the rules, then send reminders", "",
             "[Service]", "Type=oneshot"]
    for key, value in _environment(environ).items():
        lines.append(f'Environment="{key}={_systemd_escape(value)}"')
    script = command(environ).replace("%", "%%")
    lines.append(f"ExecStart=/bin/sh -c {_systemd_quote(script)}")
    return "\n".join(lines) + "\n"


def timer_unit(times: tuple[str, ...]) -> str:
    lines = ["[Unit]", "Description=luoshi: escalate and notify at the configured times", "",
             "[Timer]"]
    lines += [f"OnCalendar=*-*-* {t}:00" for t in _normal(times)]
    lines += ["Persistent=true", "", "[Install]", "WantedBy=timers.target"]
    return "\n".join(lines) + "\n"


def cron_lines(times: tuple[str, ...], environ) -> list[str]:
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in _environment(environ).items())
    run = f"{env} sh -c {shlex.quote(command(environ))}" if env else command(environ)
    out = []
    for moment in _normal(times):
        hour, minute = moment.split(":")
        out.append(f"{int(minute)} {int(hour)} * * * {run} {MARK}")
    return out


def _normal(times) -> list[str]:
    return sorted({f"{int(t.split(':')[0]):02d}:{t.split(':')[1]}" for t in times})


def _systemd_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")


def _systemd_quote(script: str) -> str:
    return '"' + script.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run(argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Refused(_("{program} failed: {reason}").format(program=argv[0], reason=exc)) from None


def _crontab(environ) -> str:
    return environ.get("LUOSHI_CRONTAB") or shutil.which("crontab") or "crontab"


def _read_crontab(environ) -> list[str]:
    done = _run([_crontab(environ), "-l"])
    if done.returncode:  # "no crontab for …" is an empty one
        return []
    return done.stdout.splitlines()


def _write_crontab(environ, lines: list[str]) -> None:
    done = _run([_crontab(environ), "-"], "\n".join(lines) + "\n" if lines else "")
    if done.returncode:
        raise Refused(_("crontab refused the new table: {reason}").format(
            reason=done.stderr.strip() or done.returncode))


def install(times: tuple[str, ...], environ=None) -> Schedule:
    from luoshi.store.files import write_file

    environ = os.environ if environ is None else environ
    systemctl = _systemctl(environ)
    if systemctl:
        folder = _unit_dir(environ)
        folder.mkdir(parents=True, exist_ok=True)
        files = [write_file(folder / f"{UNIT}.service", service_unit(environ).encode(), private=True),
                 write_file(folder / f"{UNIT}.timer", timer_unit(times).encode(), private=True)]
        for argv in ([systemctl, "--user", "daemon-reload"],
                     [systemctl, "--user", "enable", "--now", f"{UNIT}.timer"]):
            done = _run(argv)
            if done.returncode:
                raise Refused(_("systemctl failed: {reason}").format(reason=done.stderr.strip()),
                              _("the unit files are in {folder}").format(folder=folder))
        return Schedule("systemd", _normal(times), command(environ), [str(f) for f in files])
    kept = [line for line in _read_crontab(environ) if not line.rstrip().endswith(MARK)]
    ours = cron_lines(times, environ)
    _write_crontab(environ, kept + ours)
    return Schedule("cron", _normal(times), command(environ), lines=ours)


def remove(environ=None) -> Schedule:
    environ = os.environ if environ is None else environ
    found = show(environ)
    if found.kind == "systemd":
        systemctl = _systemctl(environ)
        if systemctl:
            _run([systemctl, "--user", "disable", "--now", f"{UNIT}.timer"])
        for name in found.files:
            Path(name).unlink(missing_ok=True)
        if systemctl:
            _run([systemctl, "--user", "daemon-reload"])
    elif found.kind == "cron":
        _write_crontab(environ, [line for line in _read_crontab(environ)
                                 if not line.rstrip().endswith(MARK)])
    return found


def show(environ=None) -> Schedule:
    """What is installed now: the unit files or the marked crontab lines."""
    environ = os.environ if environ is None else environ
    folder = _unit_dir(environ)
    files = [folder / f"{UNIT}.service", folder / f"{UNIT}.timer"]
    if any(f.exists() for f in files):
        timer = files[1].read_text() if files[1].exists() else ""
        times = [line.split()[-1][:5] for line in timer.splitlines() if line.startswith("OnCalendar=")]
        return Schedule("systemd", times, command(environ), [str(f) for f in files if f.exists()])
    if _systemctl(environ) is None or environ.get("LUOSHI_CRONTAB"):
        lines = [line for line in _read_crontab(environ) if line.rstrip().endswith(MARK)]
        if lines:
            times = [f"{int(line.split()[1]):02d}:{int(line.split()[0]):02d}" for line in lines]
            return Schedule("cron", times, command(environ), lines=lines)
    return Schedule(None)
