"""A team ledger on a real PostgreSQL server: the rules hold in the database itself.

Members are 王主任 (role wang, lead), 张三 (zhang) and 李四 (li). Each rule is tried twice:
through luoshi (a clear one-line refusal, exit 1, nothing written) and through psql as the
member, going around luoshi (the server refuses).
"""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from luoshi.domain.hashing import event_hash
from tests.store.members import ok as _ok, act_as as _as


def _refused(result, *words: str) -> None:
    assert result.code == 1, (result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("luoshi: error: ") and result.stderr.count("\n") <= 2
    for word in words:
        assert word in result.stderr, result.stderr


def _events(team) -> list[str]:
    out = team.cluster.psql("SELECT seq, kind, actor FROM luoshi.events ORDER BY seq",
                            team.database)
    assert out.returncode == 0, out.stderr
    return out.stdout.split("\n")


@pytest.fixture
def week(team, cli, monkeypatch):
    """Task 1: 王主任 assigns 写周报 to 张三, who checks in once."""
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "写周报", "--owner", "张三", "--due", "周五"))
    _as(team, monkeypatch, "zhang")
    _ok(cli("checkin", "1", "30", "初稿"))
    return team


# -- through luoshi ------------------------------------------------------------------------
def test_a_member_cannot_act_as_someone_else(week, cli, monkeypatch):
    before = _events(week)
    _refused(cli("--as", "王主任", "checkin", "1", "50"), "张三", "王主任")
    monkeypatch.setenv("LUOSHI_USER", "李四")
    _refused(cli("remind", "1"), "李四")
    assert _events(week) == before


def test_only_the_owner_checks_in(week, cli, monkeypatch):
    before = _events(week)
    _as(week, monkeypatch, "li")
    _refused(cli("checkin", "1", "50"), "张三", "李四")
    _as(week, monkeypatch, "wang")  # a lead, but not the owner
    _refused(cli("done", "1"), "张三")
    assert _events(week) == before


def test_a_member_assigns_only_to_themself_and_a_lead_to_anyone(week, cli, monkeypatch):
    _as(week, monkeypatch, "zhang")
    _refused(cli("assign", "帮忙", "--owner", "李四", "--due", "明天"), "李四")
    mine = _ok(cli("assign", "自己的事", "--due", "明天", "--json")).json
    assert mine["tasks"][0]["owner"] == "张三" if "tasks" in mine else mine["owner"] == "张三"
    _as(week, monkeypatch, "wang")
    _ok(cli("assign", "给李四", "--owner", "李四", "--due", "明天"))


def test_lead_steps_need_the_tasks_lead_or_a_team_lead(week, cli, monkeypatch):
    _as(week, monkeypatch, "zhang")
    for args in (("escalate", "1", "--reason", "x"), ("reassign", "1", "--owner", "李四", "--reason", "x"),
                 ("cancel", "1", "--reason", "x"), ("score", "1", "5")):
        assert cli(*args).code in (1, 2)
    # the owner's extend is a request (延期申请): nothing moves until a lead answers
    request = _ok(cli("extend", "1", "--due", "下周五", "--reason", "x", "--json")).json
    assert request["event"]["kind"] == "extension_requested"
    assert request["task"]["due"] == request["task"]["original_due"]
    # 李四 leads the task he assigned to himself, but nobody escalates a task they own;
    # 王主任, a team lead, may
    _as(week, monkeypatch, "li")
    _ok(cli("assign", "李四的事", "--due", "明天"))
    _refused(cli("escalate", "2", "--reason", "自己督促"), "李四")
    _as(week, monkeypatch, "wang")
    _ok(cli("escalate", "2", "--reason", "领导督办"))
    _ok(cli("escalate", "--auto"))


def test_escalate_auto_on_a_team_ledger_is_a_leads_and_records_them_as_actor(team, cli, monkeypatch):
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "早该完成", "--owner", "张三", "--due", "2026-11-10"))
    _as(team, monkeypatch, "zhang")
    _refused(cli("escalate", "--auto"), "张三")
    assert _ok(cli("escalate", "--auto", "--dry-run", "--json")).json
    _as(team, monkeypatch, "wang")
    _ok(cli("escalate", "--auto"))
    assert any("escalated" in line and "王主任" in line for line in _events(team))


def test_not_a_member_is_told_so(team, cli, monkeypatch):
    team.cluster.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stranger') "
                      "THEN CREATE ROLE stranger LOGIN PASSWORD 'pw-stranger'; END IF; END $$")
    _as(team, monkeypatch, "stranger")
    _refused(cli("assign", "x", "--due", "明天"), "not a member")
    # reading needs membership too: the schema is closed to non-members
    result = cli("list")
    assert result.code == 1 and "Traceback" not in result.stderr


# -- through psql, around luoshi -------------------------------------------------------------
def _insert(seq: int, prev: str, task_id: int, kind: str, actor: str, payload: str) -> str:
    at = "2026-11-23T02:00:00Z"
    digest = event_hash(prev, seq, task_id, kind, at, actor, payload)
    return ("INSERT INTO luoshi.events (seq, task_id, kind, at, actor, payload, key, prev_hash, hash) "
            f"VALUES ({seq}, {task_id}, '{kind}', '{at}', '{actor}', '{payload}', NULL, '{prev}', '{digest}')")


def _head(team) -> tuple[int, str]:
    seq, digest = team.cluster.value(
        "SELECT seq, hash FROM luoshi.events ORDER BY seq DESC LIMIT 1", team.database).split("|")
    return int(seq), digest


def test_psql_a_member_cannot_forge_another_persons_event(week):
    seq, prev = _head(week)
    done = week.psql(_insert(seq + 1, prev, 1, "checked_in", "王主任",
                             '{"blocker":null,"note":null,"progress":90}'), "zhang")
    assert done.returncode != 0 and "王主任" in done.stderr
    # 李四 signing as 张三 on 张三's task: refused too
    done = week.psql(_insert(seq + 1, prev, 1, "checked_in", "张三",
                             '{"blocker":null,"note":null,"progress":90}'), "li")
    assert done.returncode != 0
    assert _head(week) == (seq, prev)


def test_psql_a_member_may_append_a_correct_event_of_their_own(week):
    seq, prev = _head(week)
    done = week.psql(_insert(seq + 1, prev, 1, "checked_in", "张三",
                             '{"blocker":null,"note":null,"progress":70}'), "zhang")
    assert done.returncode == 0, done.stderr
    # the server's fold kept the state table
    assert week.cluster.value("SELECT progress FROM luoshi.tasks WHERE id = 1", week.database) == "70"


@pytest.mark.parametrize("statement", [
    "UPDATE luoshi.events SET actor = '张三' WHERE seq = 1",
    "DELETE FROM luoshi.events WHERE seq = 2",
    "TRUNCATE luoshi.events CASCADE",
    "UPDATE luoshi.tasks SET progress = 100 WHERE id = 1",
    "INSERT INTO luoshi.people (role, name, lead) VALUES ('zhang2', '张三2', 1)",
    "UPDATE luoshi.people SET lead = 1 WHERE role = 'zhang'",
    "DELETE FROM luoshi.tasks",
    "SET ROLE wang; INSERT INTO luoshi.events SELECT * FROM luoshi.events LIMIT 0",
    "SET ROLE luoshi_owner",
])
def test_psql_members_cannot_rewrite_history_or_promote_themselves(week, statement):
    statement = statement.replace("luoshi_owner", f"luoshi_{week.database}_owner")
    before = week.cluster.psql("SELECT * FROM luoshi.events ORDER BY seq; SELECT * FROM luoshi.tasks; "
                               "SELECT * FROM luoshi.people ORDER BY role", week.database).stdout
    done = week.psql(statement, "zhang")
    assert done.returncode != 0, statement
    assert ("permission denied" in done.stderr or "append-only" in done.stderr
            or "kept by the database" in done.stderr), done.stderr
    after = week.cluster.psql("SELECT * FROM luoshi.events ORDER BY seq; SELECT * FROM luoshi.tasks; "
                              "SELECT * FROM luoshi.people ORDER BY role", week.database).stdout
    assert after == before


def test_set_role_does_not_change_who_acts(week):
    seq, prev = _head(week)
    member_group = f"luoshi_{week.database}_member"
    done = week.psql(f"SET ROLE {member_group}; "
                     + _insert(seq + 1, prev, 1, "checked_in", "张三",
                               '{"blocker":null,"note":null,"progress":80}'), "li")
    assert done.returncode != 0  # still 李四 (session_user), whatever the current role
    assert _head(week) == (seq, prev)


def test_even_the_owner_role_cannot_update_delete_or_truncate_events(week):
    owner = f"luoshi_{week.database}_owner"
    for statement in ("UPDATE luoshi.events SET actor = 'x'", "DELETE FROM luoshi.events",
                      "TRUNCATE luoshi.events CASCADE", "UPDATE luoshi.tasks SET progress = 1"):
        done = week.cluster.psql(f"SET ROLE {owner}; {statement}", week.database)
        assert done.returncode != 0, statement
        assert "append-only" in done.stderr or "kept by the database" in done.stderr, done.stderr


# -- opening: clear refusals -------------------------------------------------------------------
def test_connection_failures_are_one_line_without_the_password(team, cli, pg_cluster):
    cases = {
        "password authentication failed": pg_cluster.url("zhang", "wrong-secret", team.database),
        "does not exist": pg_cluster.url("zhang", "pw-zhang", "no_such_db"),
        "refused": "postgresql+psycopg://zhang:pw-zhang@127.0.0.1:1/x",
    }
    for words, url in cases.items():
        result = cli("--db", url, "list")
        _refused(result, words)
        assert "wrong-secret" not in result.stderr and "pw-zhang" not in result.stderr


def test_a_server_too_old_for_a_team_ledger_is_named_in_one_line(team, cli, monkeypatch):
    """No PostgreSQL 10 to start here: the real server, with the bar set above its version."""
    from luoshi.store import postgres

    monkeypatch.setattr(postgres, "MIN_SERVER", 990000)
    monkeypatch.setattr(postgres, "_IDLE", {})  # a fresh connection, checked as it is made
    result = cli("list")
    _refused(result, "needs PostgreSQL 99 or later")
    assert "pw-wang" not in result.stderr


def test_a_schema_from_a_newer_luoshi_is_refused_and_left_alone(team, cli, monkeypatch):
    team.cluster.psql("INSERT INTO luoshi.schema_migrations VALUES (99, 'future', 'x')", team.database)
    _refused(cli("list"), "newer luoshi")
    _refused(cli("team", "init"), "newer luoshi")
    assert team.cluster.value("SELECT max(version) FROM luoshi.schema_migrations", team.database) == "99"


def test_team_init_twice_changes_nothing_and_a_failed_init_leaves_nothing(pg_cluster, cli):
    url = pg_cluster.create_database(f"init_{os.getpid()}")
    _ok(cli("--db", url, "team", "init"))
    again = _ok(cli("--db", url, "team", "init", "--json")).json
    assert again["created"] is False
    # a role that may not create roles: refused, and not a table left behind
    plain = pg_cluster.create_database(f"plain_{os.getpid()}")
    pg_cluster.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'plain') "
                    "THEN CREATE ROLE plain LOGIN PASSWORD 'pw-plain'; END IF; END $$")
    pg_cluster.psql(f'GRANT CREATE ON DATABASE "plain_{os.getpid()}" TO plain')
    result = cli("--db", pg_cluster.url("plain", "pw-plain", f"plain_{os.getpid()}"), "team", "init")
    _refused(result, "nothing was created")
    assert pg_cluster.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'luoshi'",
                            f"plain_{os.getpid()}") == "0"


def test_team_init_upgrades_the_schema_of_an_older_luoshi_and_keeps_every_event(
        pg_cluster, cli, monkeypatch):
    from luoshi.services import team as service
    from luoshi.store import postgres, team_admin
    from luoshi.store.migrations import MIGRATIONS, SCHEMA_VERSION

    database = f"old_{os.getpid()}"
    admin = pg_cluster.create_database(database)
    with monkeypatch.context() as m:  # the luoshi that knew migrations 1-3
        m.setattr(team_admin, "MIGRATIONS", MIGRATIONS[:3])
        m.setattr(team_admin, "SCHEMA_VERSION", 3)
        m.setattr(postgres, "SCHEMA_VERSION", 3)
        service.init(admin)
        member = f"luoshi_{database}_member"  # the version-3 luoshi's add-member, by hand:
        pg_cluster.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wang') "
                        "THEN CREATE ROLE wang LOGIN PASSWORD 'pw-wang'; END IF; END $$")
        pg_cluster.psql(f"GRANT {member} TO wang; INSERT INTO luoshi.people (role, name, lead) "
                        "VALUES ('wang', '王主任', 1)", database)
        monkeypatch.delenv("LUOSHI_USER", raising=False)
        wang = pg_cluster.url("wang", "pw-wang", database)
        # what that luoshi recorded: an assignment and a check-in, chained (its payloads had
        # the version-4 fields)
        assigned = ('{"cadence":null,"due":"2026-11-27T10:00:00Z","due_window":null,"helpers":[],'
                    '"lead":"王主任","owner":"王主任","parent":null,"project":null,"source":"self",'
                    '"standard":null,"tags":[],"title":"写周报","uid":"u1","urgent":false}')
        prev = "0" * 64
        for seq, kind, payload in ((1, "assigned", assigned),
                                   (2, "checked_in", '{"blocker":null,"note":"初稿","progress":40}')):
            digest = event_hash(prev, seq, 1, kind, "2026-11-23T01:30:00Z", "王主任", payload)
            done = pg_cluster.psql("INSERT INTO luoshi.events VALUES "
                                   f"({seq}, 1, '{kind}', '2026-11-23T01:30:00Z', '王主任', '{payload}', "
                                   f"NULL, '{prev}', '{digest}')", database)
            assert done.returncode == 0, done.stderr
            prev = digest
    versions = "SELECT string_agg(version::text, ',' ORDER BY version) FROM luoshi.schema_migrations"
    assert pg_cluster.value(versions, database) == "1,2,3"
    before = pg_cluster.psql("SELECT seq, kind, hash FROM luoshi.events ORDER BY seq", database).stdout
    _refused(cli("--db", wang, "list"), "has schema 3", "luoshi team init")  # until upgraded

    _ok(cli("--db", admin, "team", "init"))
    assert pg_cluster.value(versions, database) == ",".join(map(str, range(1, SCHEMA_VERSION + 1)))
    assert pg_cluster.value("SELECT count(*) FROM pg_indexes WHERE schemaname = 'luoshi' "
                            "AND indexname = 'events_checkins'", database) == "1"
    assert pg_cluster.psql("SELECT seq, kind, hash FROM luoshi.events ORDER BY seq",
                           database).stdout == before
    fresh = f"fresh_{os.getpid()}"
    service.init(pg_cluster.create_database(fresh))
    assert _schema(pg_cluster, database) == _schema(pg_cluster, fresh)  # exactly a new one's
    _ok(cli("--db", wang, "checkin", "1", "60"))
    assert _ok(cli("--db", wang, "verify", "--json")).json["intact"] is True
    assert _ok(cli("--db", wang, "report", "--week", "--json")).json["totals"]["done"] == 0


def _schema(cluster, database: str) -> list[str]:
    """A team ledger's schema as lines: columns, indexes, triggers, functions, policies, and
    the privileges of its group roles (named by kind, not by database)."""
    query = f"""SELECT line FROM (
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '
            || is_nullable || ' ' || COALESCE(column_default, '') AS line
            FROM information_schema.columns WHERE table_schema = 'luoshi'
        UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'luoshi'
        UNION ALL SELECT 'trigger ' || t.tgname || ' ' || c.relname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'luoshi' AND NOT t.tgisinternal
        UNION ALL SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'luoshi'
        UNION ALL SELECT 'policy ' || polname FROM pg_policy
        UNION ALL SELECT 'grant ' || regexp_replace(grantee, '^luoshi_{database}_', '') || ' '
            || privilege_type || ' ' || table_name FROM information_schema.role_table_grants
            WHERE table_schema = 'luoshi' AND grantee LIKE 'luoshi_%'
        ) s ORDER BY line"""
    return cluster.value(query, database).splitlines()


def test_team_commands_refuse_a_ledger_file(cli):
    _refused(cli("team", "init"), "PostgreSQL")


# -- many members at once --------------------------------------------------------------------
def _checkins(url: str, task_id: int, count: int, start, results) -> None:
    from luoshi.services import steps
    from luoshi.services.context import Context
    from luoshi.services.team import identity
    from datetime import datetime, timezone

    member = identity(url, None).role
    start.wait()
    done = 0
    for n in range(count):
        ctx = Context(db=url, actor=member.name, now=datetime(2026, 11, 23, 2, tzinfo=timezone.utc),
                      key=f"{url[-12:]}-{task_id}-{n}", role=member)
        steps.checkin(ctx, task_id, n % 100, f"note {n}")
        done += 1
    results.put(done)


@pytest.mark.slow
def test_eight_members_checking_in_at_once_lose_nothing_and_keep_the_chain(pg_cluster, cli, monkeypatch):
    """8 clients × 100 check-ins, each client its own role and task, all at once."""
    from luoshi.services import team as service

    database = f"busy_{os.getpid()}"
    admin = pg_cluster.create_database(database)
    service.init(admin)
    urls = []
    for n in range(8):
        service.add_member(admin, f"m{n}", f"成员{n}", n == 0, f"pw-m{n}")
        urls.append(pg_cluster.url(f"m{n}", f"pw-m{n}", database))
    monkeypatch.delenv("LUOSHI_USER", raising=False)
    for n in range(8):
        monkeypatch.setenv("LUOSHI_DB", urls[n])
        _ok(cli("assign", f"任务{n}", "--due", "下周五"))
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_checkins, args=(urls[n], n + 1, 100, start, results))
               for n in range(8)]
    for w in workers:
        w.start()
    time.sleep(2)  # every worker has connected and waits at the gate
    began = time.perf_counter()
    start.set()
    for w in workers:
        w.join(300)
    elapsed = time.perf_counter() - began
    assert all(w.exitcode == 0 for w in workers)
    assert sorted(results.get() for _ in workers) == [100] * 8
    print(f"\n8 members × 100 check-ins on PostgreSQL: {800 / elapsed:.0f} check-ins/s "
          f"({elapsed:.1f} s)")
    assert pg_cluster.value("SELECT count(*), max(seq), count(DISTINCT prev_hash) "
                            "FROM luoshi.events", database) == "808|808|808"
    monkeypatch.setenv("LUOSHI_DB", urls[0])
    assert _ok(cli("verify", "--json")).json["intact"] is True


def test_psql_the_server_stamps_a_members_event_whatever_hash_and_time_were_sent(week):
    seq, prev = _head(week)
    statement = _insert(seq + 1, prev, 1, "checked_in", "张三",
                        '{"blocker":null,"note":null,"progress":70}')
    forged = statement.replace('"progress":70}\', NULL', '"progress":99}\', NULL')
    assert forged != statement  # the hash sent is another content's
    done = week.psql(forged.replace("2026-11-23T02:00:00Z", "2026-11-01T00:00:00Z"), "zhang")
    assert done.returncode == 0, done.stderr
    row = week.cluster.value("SELECT seq, at, prev_hash, hash, task_id, kind, actor, payload "
                             "FROM luoshi.events ORDER BY seq DESC LIMIT 1", week.database).split("|")
    assert row[:3] == [str(seq + 1), "2026-11-23T01:30:00Z", prev]  # the server's clock, not 1 Nov
    assert row[3] == event_hash(prev, seq + 1, 1, "checked_in", "2026-11-23T01:30:00Z", "张三", row[7])


def test_psql_the_server_holds_the_status_rules_too(week, cli, monkeypatch):
    """Going around luoshi, a member still cannot check in on a finished task or rate an
    open one."""
    _as(week, monkeypatch, "zhang")
    _ok(cli("done", "1"))
    seq, prev = _head(week)
    done = week.psql(_insert(seq + 1, prev, 1, "checked_in", "张三",
                             '{"blocker":null,"note":null,"progress":50}'), "zhang")
    assert done.returncode != 0 and "cannot be recorded" in done.stderr
    _as(week, monkeypatch, "wang")
    _ok(cli("assign", "还没做", "--owner", "王主任", "--due", "周五"))
    seq, prev = _head(week)
    done = week.psql(_insert(seq + 1, prev, 2, "scored", "王主任", '{"note":null,"rating":5}'), "wang")
    assert done.returncode != 0 and "cannot be recorded" in done.stderr
    assert _head(week) == (seq, prev)


def test_verify_names_a_disabled_rule_or_a_foreign_trigger_on_the_server(week, cli, monkeypatch):
    """The owner role or a superuser can change the schema; verify says so, by name."""
    _as(week, monkeypatch, "zhang")
    assert _ok(cli("verify", "--json")).json["intact"] is True
    owner = f"luoshi_{week.database}_owner"
    done = week.cluster.psql(
        f"SET ROLE {owner}; ALTER TABLE luoshi.events DISABLE TRIGGER events_guard; "
        "CREATE FUNCTION luoshi.sneaky() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; "
        "CREATE TRIGGER sneaky BEFORE INSERT ON luoshi.tasks FOR EACH ROW EXECUTE FUNCTION luoshi.sneaky()",
        week.database)
    assert done.returncode == 0, done.stderr
    result = cli("verify")
    assert result.code == 1
    assert "events.events_guard" in result.stderr and "sneaky" in result.stderr
