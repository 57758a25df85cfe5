"""Team ledgers for the benchmark: a PostgreSQL cluster on 127.0.0.1, the bench's ledgers in it.

The cluster is tests/pgserver.py's (initdb + pg_ctl in a temporary folder, scram passwords
over TCP), started by bench/run.py for one run and removed after it, with PostgreSQL's
default shared_buffers (128 MB) instead of the test suite's 32 MB.

A ledger is loaded as a team ledger would be after `luoshi team init` and an import: one
database per ledger, `team init` (store/team_admin.py, as the superuser), then the
generated SQLite ledger's events and tasks rows copied in with COPY, as the superuser with
`session_replication_role = replica` — the server's per-event triggers (the chain check and
the fold) do not run: they would take minutes per million events, and the rows are the very
rows luoshi's own fold wrote (the property tests hold the server's fold equal to it). The
load ends with ANALYZE, as autovacuum does within a minute of a bulk load on any server.
Every owner and lead of the ledger becomes a member (`team add-member`, leads with the lead
flag), and the server's clock is fixed at the bench's NOW (`clock.at`), as LUOSHI_NOW fixes a
ledger file's.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pw"


def start():
    """A cluster (tests/pgserver.py's), or raise pgserver.Unavailable with the reason."""
    sys.path.insert(0, str(ROOT))
    from tests import pgserver

    return pgserver.start(settings="-c shared_buffers=128MB")


def unavailable() -> type[Exception]:
    sys.path.insert(0, str(ROOT))
    from tests import pgserver

    return pgserver.Unavailable


def people(db: Path) -> tuple[list[str], list[str]]:
    """The owners and the leads of a ledger file, sorted."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        owners = [r[0] for r in conn.execute("SELECT DISTINCT owner FROM tasks ORDER BY 1")]
        leads = [r[0] for r in conn.execute("SELECT DISTINCT lead FROM tasks ORDER BY 1")]
    return owners, leads


class Roles:
    """One login role per person, the same in every database of the cluster."""

    def __init__(self) -> None:
        self.by_name: dict[str, str] = {}

    def role(self, name: str) -> str:
        return self.by_name.setdefault(name, f"p{len(self.by_name)}")


def load(cluster, db: Path, database: str, roles: Roles, now: str,
         extra_leads: tuple[str, ...] = ()) -> tuple[str, dict]:
    """The ledger file `db` as the team ledger `database`, its owners and leads (and
    `extra_leads`, as leads) members. → (the superuser's URL, stats)."""
    import psycopg

    from luoshi.store.schema import EVENT_COLUMNS, TASK_COLUMNS
    from luoshi.store.team_admin import add_member, init_team

    started = time.perf_counter()
    admin = cluster.create_database(database)
    init_team(admin)
    owners, leads = people(db)
    leads += [n for n in extra_leads if n not in leads]
    lite = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with psycopg.connect(admin.replace("postgresql+psycopg", "postgresql"), autocommit=False) as pg:
        pg.execute("SET session_replication_role = replica")  # no per-row triggers (superuser)
        for table, cols in (("tasks", TASK_COLUMNS), ("events", EVENT_COLUMNS)):
            order = "id" if table == "tasks" else "seq"
            with pg.cursor().copy(f"COPY luoshi.{table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in lite.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"):
                    copy.write_row(row)
        at = datetime.fromisoformat(now).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        pg.execute("INSERT INTO luoshi.settings (key, value, actor, at) VALUES "
                   "('clock.at', %s, '', '')", (f'"{at}"',))
        pg.commit()
        pg.autocommit = True
        pg.execute("ANALYZE")
        counts = pg.execute("SELECT (SELECT count(*) FROM luoshi.events), "
                            "(SELECT hash FROM luoshi.events ORDER BY seq DESC LIMIT 1)").fetchone()
    head = lite.execute("SELECT count(*), (SELECT hash FROM events ORDER BY seq DESC LIMIT 1) "
                        "FROM events").fetchone()
    lite.close()
    if tuple(counts) != tuple(head):
        raise SystemExit(f"{database}: loaded {counts}, the file has {head}")
    for name in owners + [n for n in leads if n not in owners]:
        add_member(admin, roles.role(name), name, lead=name in leads, recorder=False,
                   password=PASSWORD)
    return admin, {"events": head[0], "seconds": round(time.perf_counter() - started, 1),
                   "members": len(set(owners) | set(leads))}


def member_url(cluster, database: str, role: str) -> str:
    return cluster.url(role, PASSWORD, database)
