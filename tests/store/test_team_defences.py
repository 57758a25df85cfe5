"""A team ledger holds against its own members (issue #14), tried on the real server the
suite starts: through psql and psycopg as a member, going around luoshi, and through luoshi.

Members are 王主任 (role wang, a lead), 张三 (zhang) and 李四 (li). The server's clock is
fixed at Monday 23 Nov 2026 09:30 (+08:00) unless a test moves it.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.domain.hashing import canonical_payload
from tests.store.members import ok as _ok, act_as as _as


def _refused(result, *words: str, code: int = 1) -> None:
    assert result.code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") <= 2
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def week(team, cli, monkeypatch):
    """Task 1: 王主任 assigns 写周报 to 张三."""
    _as(team, monkeypatch, "wang")
    _ok(cli("assign", "写周报", "--owner", "张三", "--due", "周五"))
    return team


@dataclass
class Done:
    returncode: int
    stderr: str


def _insert(team, role: str, task_id, kind: str, actor: str, payload: str, at: str | None = None):
    """An INSERT as a member through psycopg (no luoshi), the server left to stamp it."""
    import psycopg

    from luoshi.store.postgres import conninfo

    try:
        with psycopg.connect(conninfo(team.url(role)), autocommit=True) as conn:
            conn.execute("INSERT INTO luoshi.events (task_id, kind, at, actor, payload, key) "
                         "VALUES (%s, %s, %s, %s, %s, NULL)", (task_id, kind, at, actor, payload))
    except psycopg.Error as exc:
        return Done(1, str(exc))
    return Done(0, "")


def _count(team) -> int:
    return int(team.cluster.value("SELECT count(*) FROM luoshi.events", team.database))


def _still_readable(cli, team, monkeypatch) -> None:
    for role in ("wang", "zhang"):
        _as(team, monkeypatch, role)
        _ok(cli("list", "--status", "all"))
        _ok(cli("show", "1"))
        assert _ok(cli("verify", "--json")).json["intact"] is True


CHECKIN = {"blocker": None, "note": None, "progress": 30}
MALFORMED = {
    "a deadline that is no date": ("extension_requested", {"due": "not-a-date", "reason": "x"}),
    "helpers that are not a list": ("amended", {"reason": "x", "helpers": "abc", "lead": None,
                                                "project": None, "standard": None, "tags": None,
                                                "title": None}),
    "progress as text": ("checked_in", CHECKIN | {"progress": "50"}),
    "progress of 5000": ("checked_in", CHECKIN | {"progress": 5000}),
    "a field the kind does not have": ("checked_in", CHECKIN | {"owner": "张三"}),
    "a ten-megabyte note": ("checked_in", CHECKIN | {"note": "长" * 5_000_000}),
    "an unknown kind": ("deleted", {}),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_psql_the_server_refuses_a_malformed_event_and_everyone_can_still_read(week, cli, monkeypatch, name):
    kind, payload = MALFORMED[name]
    before = _count(week)
    done = _insert(week, "zhang", 1, kind, "张三", canonical_payload(payload))
    assert done.returncode != 0, name
    assert _count(week) == before
    _still_readable(cli, week, monkeypatch)


def test_psql_a_task_id_out_of_range_or_not_the_next_is_refused(week):
    payload = canonical_payload({"uid": "u9", "title": "t", "owner": "张三", "lead": "张三",
                                 "due": "2026-11-30T10:00:00Z"})
    for task_id in (2**63 - 1, 7):
        done = _insert(week, "zhang", task_id, "assigned", "张三", payload)
        assert done.returncode != 0
    assert int(week.cluster.value("SELECT max(id) FROM luoshi.tasks", week.database)) == 1


def test_psql_a_payload_not_in_canonical_form_is_refused(week):
    done = _insert(week, "zhang", 1, "checked_in", "张三", '{"progress": 30, "note": null, "blocker": null}')
    assert done.returncode != 0 and "canonical" in done.stderr


def test_psql_a_member_cannot_backdate_the_server_stamps_its_own_time(week):
    done = _insert(week, "zhang", 1, "checked_in", "张三", canonical_payload(CHECKIN),
                   at="2026-11-01T00:00:00Z")
    assert done.returncode == 0, done.stderr
    at = week.cluster.value("SELECT at FROM luoshi.events ORDER BY seq DESC LIMIT 1", week.database)
    assert at == "2026-11-23T01:30:00Z"  # the server's clock, not 1 November


def test_a_lead_may_backdate_an_assignment_within_the_limit_and_a_member_may_not(week, cli, monkeypatch):
    made = _ok(cli("assign", "周一会议定的事", "--owner", "李四", "--due", "周五", "--at", "上周五上午10点",
                   "--json")).json
    assert made["created"] == "2026-11-20T10:00:00+08:00"
    event = _ok(cli("show", str(made["id"]), "--json")).json["events"][0]
    assert event["recorded_at"] == "2026-11-23T09:30:00+08:00"  # shown as backdated, in local time
    _refused(cli("assign", "太早了", "--owner", "李四", "--due", "周五", "--at", "2026-11-01 10:00"),
             "backdate")
    _as(week, monkeypatch, "zhang")
    _refused(cli("assign", "我的事", "--due", "周五", "--at", "上周五上午10点"), "backdate")


def test_a_member_cannot_name_another_lead_nor_rate_their_own_work(week, cli, monkeypatch):
    _as(week, monkeypatch, "zhang")
    _refused(cli("assign", "自己的事", "--due", "周五", "--lead", "王主任"), "王主任")
    payload = canonical_payload({"uid": "u2", "title": "t", "owner": "张三", "lead": "王主任",
                                 "due": "2026-11-30T10:00:00Z"})
    assert _insert(week, "zhang", 2, "assigned", "张三", payload).returncode != 0
    _ok(cli("assign", "自己的事", "--due", "周五"))
    _ok(cli("done", "2"))
    _refused(cli("score", "2", "5"), "张三")
    rated = canonical_payload({"note": None, "rating": 5})
    assert _insert(week, "zhang", 2, "scored", "张三", rated).returncode != 0


def test_only_a_lead_sets_the_teams_settings_and_everyone_reads_with_them(week, cli, monkeypatch):
    _refused(cli("team", "set", "health.cadence", "often"), "cadence", code=2)
    _ok(cli("team", "set", "health.cadence", "2d"))
    _as(week, monkeypatch, "zhang")
    _refused(cli("team", "set", "health.cadence", "30d"), "lead")
    done = week.psql("INSERT INTO luoshi.settings (key, value, actor, at) "
                     "VALUES ('score.on_time', '0', '', '')", "zhang")
    assert done.returncode != 0
    # 3 working days later 写周报 has had no word for longer than 2 days: stalled for everyone
    # (Mon 09:30 → Thu 10:00 = 0.6 + 2 + 0.42 = 3.02 working days; read at the server's clock)
    week.clock("2026-11-26T10:00:00+08:00")
    monkeypatch.delenv("LUOSHI_NOW")
    assert _ok(cli("show", "1", "--json")).json["health"] == "stalled"


def test_the_server_refuses_a_setting_it_cannot_read(week):
    done = week.cluster.psql("INSERT INTO luoshi.settings (key, value, actor, at) "
                             "VALUES ('score.quality', '-3', '', '')", week.database)
    assert done.returncode != 0 and "score.quality" in done.stderr


def test_a_password_never_reaches_the_servers_log_in_clear(team, cli, monkeypatch):
    monkeypatch.setenv("LUOSHI_MEMBER_PASSWORD", "s3cret-Horse-Battery")
    _ok(cli("--db", team.admin, "team", "add-member", "sun", "--name", "孙丽"))
    log = team.cluster.log()
    assert "ALTER ROLE" in log  # the statement is logged…
    assert "s3cret-Horse-Battery" not in log  # …with the verifier only


def test_retry_keys_are_each_members_own(week, cli, monkeypatch):
    _as(week, monkeypatch, "zhang")
    _ok(cli("--key", "k1", "checkin", "1", "10"))
    _as(week, monkeypatch, "wang")
    made = _ok(cli("--key", "k1", "assign", "另一件事", "--owner", "李四", "--due", "周五", "--json"))
    assert made.json["id"] == 2 and "already" not in made.stdout


def test_a_member_holding_the_ledgers_lock_is_named_not_waited_on_forever(week, cli, monkeypatch):
    from luoshi.store.schema import PG_LOCK_KEY

    holder = subprocess.Popen(
        ["psql", "-X", "-q", "-d", week.database, "-c",
         f"SELECT pg_advisory_lock({PG_LOCK_KEY}); SELECT pg_sleep(30)"],
        env=week.cluster.psql_env("li", "pw-li"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)  # li holds the lock
        _as(week, monkeypatch, "zhang")
        began = time.monotonic()
        _refused(cli("checkin", "1", "40"), "locked", "li")
        assert time.monotonic() - began < 20  # a refusal within the lock timeout, not a hang
    finally:
        holder.kill()
        holder.wait()


kinds = st.sampled_from(["checked_in", "reminded", "extension_requested", "noted", "amended"])
values = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=20),
                   st.lists(st.text(max_size=5), max_size=3))
payloads = st.dictionaries(st.sampled_from(["progress", "note", "blocker", "due", "reason", "x",
                                            "instruction", "helpers", "title"]), values, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds, payloads)
def test_psycopg_random_events_a_member_sends_are_refused_or_valid_and_reading_still_works(
        week, cli, monkeypatch, kind, payload):
    """Whatever a member inserts, the ledger stays readable: the server refuses what luoshi
    could not read, and what it accepts replays to the state it keeps."""
    import psycopg

    from luoshi.domain.verify import decoded_payload_problem
    from luoshi.store.postgres import conninfo

    text = canonical_payload(payload)
    with psycopg.connect(conninfo(week.url("zhang")), autocommit=True) as conn:
        try:
            conn.execute("INSERT INTO luoshi.events (task_id, kind, at, actor, payload, key) "
                         "VALUES (1, %s, NULL, '张三', %s, NULL)", (kind, text))
            accepted = True
        except psycopg.Error:
            accepted = False
    if accepted:  # only what the client would also accept gets in
        assert decoded_payload_problem(kind, json.loads(text)) is None
    _as(week, monkeypatch, "zhang")
    _ok(cli("list", "--status", "all"))
    assert _ok(cli("verify", "--json")).json["intact"] is True


@pytest.mark.parametrize("change, named", [
    # the owner drops the trigger that keeps events append-only…
    ("DROP TRIGGER events_append_only ON luoshi.events", "events.events_append_only"),
    # …rewrites the fold so that check-ins change nothing…
    ("CREATE OR REPLACE FUNCTION luoshi.events_fold() RETURNS trigger LANGUAGE plpgsql AS "
     "$$ BEGIN RETURN NULL; END $$", "function events_fold"),
    # …or gives deadlines a collation that orders them otherwise
    ('ALTER TABLE luoshi.tasks ALTER COLUMN due TYPE text COLLATE "default"', "tasks.due"),
])
def test_verify_names_a_schema_changed_behind_luoshi(week, cli, monkeypatch, change, named):
    """What the team ledger's owner (or a superuser) can still do — change the rules
    themselves — `luoshi verify` finds by comparing the schema with the declarations."""
    assert _ok(cli("verify")).code == 0
    done = week.cluster.psql(change, week.database)
    assert done.returncode == 0, done.stderr
    result = cli("verify")
    _refused(result, "schema", named)
