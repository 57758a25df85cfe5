"""A throwaway PostgreSQL cluster for the tests: a real server, started in about a second.

`start()` runs initdb and pg_ctl (through `runuser -u postgres` when running as root, since
PostgreSQL refuses to run as root) in a fresh temporary directory, listening only on
127.0.0.1 at a free port, with password (scram) authentication over TCP for the superuser
`postgres` (password `postgres`). `stop()` stops it and removes the directory.

When no server can be had (no PostgreSQL binaries, not permitted) the tests that need one
skip with the reason — unless LUOSHI_REQUIRE_SERVICES=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "postgres"
PASSWORD = "postgres"


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


@dataclass
class Cluster:
    directory: Path
    port: int
    bindir: Path
    as_postgres: bool

    def url(self, user: str = SUPERUSER, password: str | None = PASSWORD,
            database: str = "postgres") -> str:
        auth = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{auth}@127.0.0.1:{self.port}/{database}"

    def psql_env(self, user: str = SUPERUSER, password: str = PASSWORD) -> dict[str, str]:
        return {**os.environ, "PGHOST": "127.0.0.1", "PGPORT": str(self.port),
                "PGUSER": user, "PGPASSWORD": password}

    def psql(self, sql: str, database: str = "postgres", user: str = SUPERUSER,
             password: str = PASSWORD) -> subprocess.CompletedProcess:
        """Run SQL through the real psql client as `user`; stop at the first error."""
        return subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
            env=self.psql_env(user, password), capture_output=True, text=True, timeout=60)

    def value(self, sql: str, database: str = "postgres") -> str:
        """One query's result as the superuser, unaligned and without headers."""
        done = subprocess.run(
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
            env=self.psql_env(), capture_output=True, text=True, timeout=60)
        if done.returncode:
            raise RuntimeError(done.stderr)
        return done.stdout.strip()

    def create_database(self, name: str) -> str:
        done = self.psql(f'CREATE DATABASE "{name}"')
        if done.returncode:
            raise RuntimeError(done.stderr)
        return self.url(database=name)

    def log(self) -> str:
        """What the server wrote to its log (every statement: log_statement=all)."""
        path = self.directory / "log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _ctl(self, *args: str) -> subprocess.CompletedProcess:
        return _run(self, [str(self.bindir / "pg_ctl"), "-D", str(self.directory / "data"),
                           *args])


def _run(cluster: Cluster, argv: list[str]) -> subprocess.CompletedProcess:
    if cluster.as_postgres:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise Unavailable("PostgreSQL is not installed (no initdb); `make test` installs Debian's "
                      "postgresql package when run as root")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(settings: str = "-c shared_buffers=32MB -c log_statement=all") -> Cluster:
    """A running cluster; `settings` are extra server options (the suite's: small
    shared_buffers, and every statement logged, so a test can read what reached the server's
    log; bench/team.py asks for PostgreSQL's default 128 MB and no statement log)."""
    bindir = _bindir()
    as_postgres = os.geteuid() == 0
    if as_postgres and shutil.which("runuser") is None:
        raise Unavailable("running as root without runuser: cannot start PostgreSQL")
    directory = Path(tempfile.mkdtemp(prefix="luoshi-pg-"))
    cluster = Cluster(directory, _free_port(), bindir, as_postgres)
    pwfile = directory / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_postgres:
        shutil.chown(directory, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    init = _run(cluster, [str(bindir / "initdb"), "-D", str(directory / "data"), "-U", SUPERUSER,
                          f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                          "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
    if init.returncode:
        shutil.rmtree(directory, ignore_errors=True)
        raise Unavailable(f"initdb failed: {init.stderr.strip()[-300:]}")
    options = (f"-c listen_addresses=127.0.0.1 -c port={cluster.port} "
               f"-c unix_socket_directories={directory} "
               f"-c max_connections=60 {settings}")
    started = cluster._ctl("start", "-w", "-t", "60", "-l", str(directory / "log"), "-o", options)
    if started.returncode:
        log = (directory / "log").read_text(errors="replace") if (directory / "log").exists() else ""
        shutil.rmtree(directory, ignore_errors=True)
        raise Unavailable(f"pg_ctl start failed: {(started.stderr + log).strip()[-300:]}")
    return cluster
