"""The outbox of a team ledger on a real PostgreSQL server: only the notifier role records
deliveries (privileges and a trigger say so, even through psql), the server stamps them, and
`luoshi notify` runs as that role, named by config `notify.db`."""

from __future__ import annotations

import pytest

from tests.hookserver import HookServer

INSERT = ("INSERT INTO luoshi.deliveries (event_seq, channel, state, attempt, at, claimer) "
          "VALUES (2, 'slack:x', 'sent', 1, '2026-11-23T01:30:00Z', 'me')")


@pytest.fixture
def reminded(team, cli, monkeypatch):
    """王主任 assigns task 1 to 张三 and reminds him (events 1 and 2); role notify is the
    ledger's notifier."""
    monkeypatch.delenv("LUOSHI_USER", raising=False)
    assert cli("assign", "写周报", "--owner", "张三", "--due", "周五").code == 0
    assert cli("remind", "1", "请抓紧").code == 0
    monkeypatch.setenv("LUOSHI_MEMBER_PASSWORD", "pw-notify")
    added = cli("--db", team.admin, "team", "add-notifier", "notify", "--json")
    assert added.code == 0, added.stderr
    monkeypatch.delenv("LUOSHI_MEMBER_PASSWORD")
    return team


def test_psql_a_member_cannot_mark_a_reminder_sent_and_the_notifier_can(reminded):
    for role in ("zhang", "wang"):  # the owner of the reminded task, and even a lead
        refused = reminded.psql(INSERT, role)
        assert refused.returncode != 0 and "permission denied" in refused.stderr
    done = reminded.psql(INSERT, "notify")
    assert done.returncode == 0, done.stderr
    row = reminded.cluster.value("SELECT state || ' ' || claimer || ' ' || at FROM luoshi.deliveries",
                                 reminded.database)
    assert row == "sent notify/me 2026-11-23T01:30:00Z"  # the server's clock and role, not the client's
    for statement in ("UPDATE luoshi.deliveries SET state = 'failed'", "DELETE FROM luoshi.deliveries"):
        changed = reminded.psql(statement, "notify")
        assert changed.returncode != 0


def test_psql_a_grant_widened_by_mistake_still_meets_the_guard(reminded):
    reminded.cluster.psql("GRANT INSERT ON luoshi.deliveries TO luoshi_" + reminded.database
                          + "_member", reminded.database)
    refused = reminded.psql(INSERT, "zhang")
    assert refused.returncode != 0 and "only the team's notifier role records deliveries" in refused.stderr


def test_notify_on_a_team_ledger_runs_as_the_notifier_and_a_member_may_only_look(
        reminded, cli, isolated, monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    hooks = HookServer().start()
    try:
        config = f'[[notify.webhook]]\nkind = "generic"\nname = "hook"\nurl = "{hooks.base}/g"\n'
        (isolated / "config.toml").write_text(config, encoding="utf-8")
        monkeypatch.setenv("LUOSHI_DB", reminded.url("zhang"))
        looked = cli("notify", "--dry-run", "--json")
        assert looked.code == 0 and len(looked.json["channels"][0]["messages_preview"]) == 2
        refused = cli("notify")
        assert refused.code == 1 and "notifier" in refused.stderr and hooks.received == []
        notifier = reminded.cluster.url("notify", "pw-notify", reminded.database)
        (isolated / "config.toml").write_text(config.replace(
            "[[notify.webhook]]", f'[notify]\ndb = "{notifier}"\n\n[[notify.webhook]]'), encoding="utf-8")
        sent = cli("notify", "--json")
        assert sent.code == 0, sent.stderr
        assert sent.json["channels"][0]["sent"] == 2
        assert [r.body["event"]["kind"] for r in hooks.posts("/g")] == ["assigned", "reminded"]
        assert "pw-notify" not in cli("config", "show").stdout
        assert cli("notify", "--json").json["channels"][0]["sent"] == 0
    finally:
        hooks.stop()
