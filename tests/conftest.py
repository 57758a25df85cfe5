"""Every test gets its own ledger, config and clock (llm's tests/conftest.py habit).

The ledger and config live in tmp_path, "now" is Monday 2026-11-23 09:30 in Asia/Shanghai,
the actor is 王主任, output is plain (NO_COLOR, fixed width). `cli(...)` runs the real entry
point in-process and returns exit code, stdout, stderr and parsed JSON when asked for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from luoshi.clock import local_tz
from luoshi.i18n import set_lang

NOW = "2026-11-23T09:30:00+08:00"
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("LUOSHI_DB", str(tmp_path / "ledger.db"))
    monkeypatch.setenv("LUOSHI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("LUOSHI_NOW", NOW)
    monkeypatch.setenv("LUOSHI_USER", "王主任")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LUOSHI_LANG", "LUOSHI_KEY"):
        monkeypatch.delenv(name, raising=False)
    time.tzset()
    local_tz.cache_clear()
    set_lang("en")  # messages are English unless a test asks otherwise (LANG=C.UTF-8)
    yield tmp_path
    local_tz.cache_clear()
    set_lang("en")  # a test that ran the CLI in Chinese leaves nothing behind


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


def _run_main(args: list[str], input: str | bytes | None) -> Result:
    from typer.testing import CliRunner

    from luoshi.cli import main

    runner = CliRunner()
    with runner.isolation(input=input) as streams:
        out, err = streams[0], streams[1]
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()
        sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8")
        stderr = err.getvalue().decode("utf-8") if err is not None else ""
    return Result(code, stdout, stderr)


@pytest.fixture
def cli():
    """cli('assign', 'x', '--due', '明天') → Result."""

    def run(*args, input: str | bytes | None = None) -> Result:
        return _run_main(list(args), input)

    return run


def run_process(*args: str, env: dict | None = None, input: bytes | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess:
    """The real `python -m luoshi` in a subprocess, with the test's environment."""
    full_env = dict(os.environ) | {"PYTHONPATH": str(SRC)} | (env or {})
    return subprocess.run([sys.executable, "-m", "luoshi", *args], env=full_env,
                          input=input, capture_output=True, timeout=timeout)


@pytest.fixture
def ledger_path(isolated) -> Path:
    return isolated / "ledger.db"


def file_bytes(path: Path) -> bytes:
    """The ledger's content as a reader sees it (main file after a checkpoint, plus WAL)."""
    parts = [path, path.with_name(path.name + "-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


# -- PostgreSQL: one throwaway cluster per test session, a fresh database per test ----------
@pytest.fixture(scope="session")
def pg_cluster():
    """A real PostgreSQL server on 127.0.0.1 (tests/pgserver.py); skipped with the reason
    when none can be started, failed instead under LUOSHI_REQUIRE_SERVICES=1 (CI)."""
    from tests import pgserver

    try:
        cluster = pgserver.start()
    except pgserver.Unavailable as exc:
        if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"PostgreSQL is required here (LUOSHI_REQUIRE_SERVICES=1): {exc}")
        pytest.skip(f"no PostgreSQL server: {exc}")
    yield cluster
    cluster.stop()


@dataclass
class Team:
    """A team ledger in its own database: 王主任 (lead, role wang), 张三 and 李四 (members)."""

    cluster: object
    database: str
    admin: str  # the superuser's URL

    def url(self, role: str) -> str:
        return self.cluster.url(role, f"pw-{role}", self.database)

    def psql(self, sql: str, role: str):
        return self.cluster.psql(sql, self.database, role, f"pw-{role}")

    def clock(self, moment: str | None) -> None:
        """Fix the server's clock at an ISO moment (as LUOSHI_NOW fixes a file's), or let
        it run again (None): the administrator's `clock.at` setting."""
        from datetime import datetime, timezone

        value = "null" if moment is None else '"' + datetime.fromisoformat(moment).astimezone(
            timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") + '"'
        done = self.cluster.psql("INSERT INTO luoshi.settings (key, value, actor, at) "
                                 f"VALUES ('clock.at', '{value}', '', '')", self.database)
        if done.returncode:
            raise RuntimeError(done.stderr)


_databases = iter(range(1, 10_000))


@pytest.fixture
def team(pg_cluster, monkeypatch) -> Team:
    """A fresh team ledger (team init + three members), LUOSHI_DB pointing at it as 王主任."""
    from luoshi.services import team as service

    database = f"t{os.getpid()}_{next(_databases)}"
    admin = pg_cluster.create_database(database)
    service.init(admin)
    for role, name, lead in (("wang", "王主任", True), ("zhang", "张三", False),
                             ("li", "李四", False)):
        service.add_member(admin, role, name, lead, f"pw-{role}")
    made = Team(pg_cluster, database, admin)
    made.clock(NOW)  # the server's clock reads the suite's "now", as a ledger file does
    monkeypatch.setenv("LUOSHI_DB", made.url("wang"))
    return made
