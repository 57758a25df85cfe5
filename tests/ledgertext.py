"""Build a ledger from a short text, one event per line, so tests read like ledgers:

    2026-11-09 09:00 王主任 assign 写材料 --owner 张三 --due 2026-11-18
    2026-11-12 10:00 张三   checkin 1 30 初稿

Each line is `DATE TIME ACTOR COMMAND ARGS…` (shell quoting), run through the real CLI with
LUOSHI_NOW at that moment (Asia/Shanghai) and --as ACTOR. Blank lines and # comments are
skipped. A line the CLI refuses fails the test with its line number.
"""

from __future__ import annotations

import shlex


def build_ledger(cli, monkeypatch, text: str) -> None:
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        day, time, actor, *args = shlex.split(line)
        monkeypatch.setenv("LUOSHI_NOW", f"{day}T{time}:00+08:00")
        result = cli("--as", actor, *args)
        assert result.code == 0, f"ledger line {number}: {line}\n{result.stderr}"
