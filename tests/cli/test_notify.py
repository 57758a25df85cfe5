"""`luoshi notify` against stand-in services on 127.0.0.1 (tests/hookserver.py): each
service's own message shape and signature, once per event and channel, digests, rate
limits, retries with a backoff, timeouts, secrets kept out of sight, the first run."""

from __future__ import annotations

import json

import pytest

from tests.hookserver import HookServer

DING_SECRET = "SEC-ding-secret-123"
FEISHU_SECRET = "feishu-secret-456"
TOKEN = "tok-9f8e7d6c5b"


@pytest.fixture
def hooks(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = HookServer(secrets={"/ding/robot/send": ("dingtalk", DING_SECRET),
                                 f"/feishu/hook/{TOKEN}": ("feishu", FEISHU_SECRET)}).start()
    yield server
    server.stop()


def configure(isolated, text: str) -> None:
    (isolated / "config.toml").write_text(text, encoding="utf-8")


def all_kinds(base: str, extra: str = "") -> str:
    return f"""
[notify]
timeout = 5
{extra}

[[notify.webhook]]
kind = "dingtalk"
name = "office"
url = "{base}/ding/robot/send?access_token={TOKEN}"
secret = "{DING_SECRET}"

[[notify.webhook]]
kind = "wecom"
name = "wecom"
url = "{base}/wecom/send?key={TOKEN}"

[[notify.webhook]]
kind = "feishu"
name = "feishu"
url = "{base}/feishu/hook/{TOKEN}"
secret = "{FEISHU_SECRET}"

[[notify.webhook]]
kind = "slack"
name = "slack"
url = "{base}/slack/services/{TOKEN}"

[[notify.webhook]]
kind = "generic"
name = "hook"
url = "{base}/generic"

[people."张三"]
mobile = "13800000001"
email = "zhangsan@example.org"
"""


def one_line(base: str, kind: str, path: str, extra: str = "") -> str:
    return f"""
[notify]
timeout = 5
{extra}

[[notify.webhook]]
kind = "{kind}"
name = "{kind}"
url = "{base}{path}"
"""


def assign_and_remind(cli) -> None:
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    assert cli("remind", "1", "请周五前交初稿").code == 0


def uids(cli) -> list[str]:
    """The events' uids as a receiver learns them: their hashes (`luoshi export`)."""
    return [json.loads(line)["hash"] for line in cli("export").stdout.splitlines()]


def test_each_service_gets_its_own_message_shape_and_signatures_match(cli, isolated, hooks):
    configure(isolated, all_kinds(hooks.base))
    assign_and_remind(cli)
    result = cli("notify", "--json")
    assert result.code == 0, result.stderr
    sent = {c["channel"]: c["sent"] for c in result.json["channels"]}
    assert sent == {"dingtalk:office": 2, "wecom:wecom": 2, "feishu:feishu": 2, "slack:slack": 2,
                    "generic:hook": 2}  # two events (assigned, reminded), each to each channel
    ding = hooks.posts("/ding/robot/send")
    assert [r.signed for r in ding] == [True, True] and ding[0].query["access_token"] == [TOKEN]
    first = ding[0].body
    assert first["msgtype"] == "text" and first["at"]["atMobiles"] == ["13800000001"]
    assert first["text"]["content"].splitlines() == [
        "【New task (交办)】#1 写材料 → 张三 — 王主任: assigned to 张三",
        "Task #1 写材料 · owner 张三 · lead 王主任 · due Fri 27 Nov 18:00 · 0%",
        "@13800000001"]  # DingTalk shows a mention only when the number is in the text
    wecom = hooks.posts("/wecom/send")[1].body
    assert wecom["msgtype"] == "text" and wecom["text"]["mentioned_mobile_list"] == ["13800000001"]
    assert wecom["text"]["content"].startswith("【Reminder (催办)】#1 写材料 → 张三 — 王主任: reminded — 请周五前交初稿")
    feishu = hooks.posts(f"/feishu/hook/{TOKEN}")
    assert [r.signed for r in feishu] == [True, True]
    assert feishu[0].body["msg_type"] == "text" and "content" in feishu[0].body
    assert set(hooks.posts(f"/slack/services/{TOKEN}")[0].body) == {"text"}
    generic = [r.body for r in hooks.posts("/generic")]
    assert [g["event"]["uid"] for g in generic] == uids(cli)
    assert [g["event"]["kind"] for g in generic] == ["assigned", "reminded"]
    assert generic[1]["event"]["note"] == "请周五前交初稿" and generic[1]["task"]["id"] == 1
    assert generic[1]["text"] == "【Reminder (催办)】#1 写材料 → 张三 — 王主任: reminded — 请周五前交初稿"


def test_a_second_run_sends_nothing_again_and_a_new_event_goes_alone(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "generic", "/generic"))
    assign_and_remind(cli)
    assert cli("notify").code == 0
    assert cli("notify", "--json").json["channels"][0]["sent"] == 0
    assert cli("escalate", "1", "--reason", "三天没有进展").code == 0
    assert cli("notify", "--json").json["channels"][0]["sent"] == 1
    assert [r.body["event"]["kind"] for r in hooks.posts("/generic")] == ["assigned", "reminded", "escalated"]


def test_the_messages_speak_the_configured_language(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "slack", "/slack", 'lang = "zh"'))
    assign_and_remind(cli)
    assert cli("notify").code == 0
    text = hooks.posts("/slack")[1].body["text"]
    assert text.splitlines()[0] == "【催办】#1 写材料 → 张三 — 王主任: 已催办 — 请周五前交初稿"
    assert text.splitlines()[1].startswith("任务 #1 写材料 · 承办人 张三 · 牵头 王主任 · 时限 11月27日 周五 18:00")


def test_events_that_concern_nobody_are_not_sent(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "generic", "/generic"))
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    assert cli("--as", "张三", "accept", "1").code == 0  # signing for it concerns no one else
    assert cli("--as", "张三", "checkin", "1", "30").code == 0
    assert cli("--as", "张三", "note", "1", "先写提纲").code == 0  # an owner's note: no instruction
    assert cli("note", "1", "注意口径").code == 0  # the lead's note: an instruction (批示)
    assert cli("--as", "张三", "return", "1", "--reason", "缺数据", "--missing", "去年数据").code == 0
    assert cli("notify").code == 0
    assert [r.body["event"]["kind"] for r in hooks.posts("/generic")] == ["assigned", "noted", "returned"]
    returned = hooks.posts("/generic")[2].body["text"]
    assert "→ 王主任" in returned  # a return is for the lead


def test_the_first_run_skips_the_events_of_tasks_already_finished_or_cancelled(cli, isolated, hooks):
    for title in ("开着的", "办结的", "取消的"):
        assert cli("assign", title, "--owner", "张三", "--due", "2026-11-27").code == 0
    assert cli("--as", "张三", "done", "2").code == 0
    assert cli("cancel", "3", "--reason", "不需要了").code == 0
    configure(isolated, one_line(hooks.base, "generic", "/generic"))
    report = cli("notify", "--json").json["channels"][0]
    assert (report["sent"], report["skipped"]) == (1, 2)  # task 1's assignment; 2's and 3's skipped
    assert [r.body["task"]["id"] for r in hooks.posts("/generic")] == [1]
    assert cli("reopen", "2", "--reason", "材料不全").code == 0
    assert cli("remind", "2").code == 0  # after the first run, a finished task's news go out
    assert cli("notify", "--json").json["channels"][0]["sent"] == 1


def test_more_than_digest_over_go_as_one_digest_but_a_generic_hook_gets_one_post_each(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "dingtalk", "/ding", "digest_over = 2")
              + f'\n[[notify.webhook]]\nkind = "generic"\nurl = "{hooks.base}/generic"\n')
    for title in ("一", "二", "三"):
        assert cli("assign", title, "--owner", "张三", "--due", "2026-11-27").code == 0
    channels = {c["kind"]: c for c in cli("notify", "--json").json["channels"]}
    assert (channels["dingtalk"]["messages"], channels["dingtalk"]["sent"]) == (1, 3)  # 3 > 2
    assert (channels["generic"]["messages"], channels["generic"]["sent"]) == (3, 3)
    digest = hooks.posts("/ding")[0].body["text"]["content"].splitlines()
    assert digest[0] == "luoshi: 3 updates on the ledger"
    assert [line.split("】")[1].split(" →")[0] for line in digest[1:]] == ["#1 一", "#2 二", "#3 三"]


def test_a_rate_limit_leaves_the_rest_for_a_run_a_minute_later(cli, isolated, hooks, monkeypatch):
    configure(isolated, one_line(hooks.base, "slack", "/slack") + "rate_per_minute = 2\n")
    for title in ("一", "二", "三", "四", "五"):
        assert cli("assign", title, "--owner", "张三", "--due", "2026-11-27").code == 0
    first = cli("notify", "--json")
    assert (first.json["channels"][0]["sent"], first.json["channels"][0]["left"]) == (2, 3)
    assert "3 events left for the next run (at most 2 messages a minute)" in first.stderr
    again = cli("notify", "--json").json["channels"][0]  # the same minute: both spent
    assert (again["sent"], again["left"]) == (0, 3)
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:31:01+08:00")  # 61 s later
    assert cli("notify", "--json").json["channels"][0]["sent"] == 2
    assert len(hooks.posts("/slack")) == 4


def test_a_channel_answering_500_then_200_delivers_once_after_its_backoff(cli, isolated, hooks, monkeypatch):
    configure(isolated, one_line(hooks.base, "wecom", f"/wecom?key={TOKEN}"))
    hooks.answers["/wecom"] = [(500, b"busy", 0), (200, b'{"errcode": 0}', 0)]
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    failed = cli("notify", "--json")
    assert failed.code == 1 and failed.json["channels"][0]["failed"] == 1
    assert "wecom:wecom" in failed.stderr and "HTTP 500" in failed.stderr and TOKEN not in failed.stderr
    # attempt 1 failed at 09:30: the next may start after 2^1 = 2 minutes, at 09:32
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:31:00+08:00")
    waiting = cli("notify", "--json").json["channels"][0]
    assert (waiting["sent"], waiting["waiting"], waiting["retry_at"]) == (0, 1, "2026-11-23T09:32:00+08:00")
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-23T09:32:00+08:00")
    assert cli("notify", "--json").json["channels"][0]["sent"] == 1
    assert len(hooks.posts("/wecom")) == 2  # the refused one, then the one delivered
    assert cli("notify", "--json").json["channels"][0]["sent"] == 0


def test_a_service_that_answers_200_with_an_error_code_has_not_taken_the_message(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "dingtalk", "/ding"))
    hooks.answers["/ding"] = [(200, b'{"errcode": 130101, "errmsg": "send too fast"}', 0)]
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    result = cli("notify")
    assert result.code == 1 and "130101: send too fast" in result.stderr


def test_a_slow_channel_times_out_instead_of_hanging(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "slack", "/slow").replace("timeout = 5", "timeout = 0.3"))
    hooks.answers["/slow"] = [(200, b"ok", 1.5)]
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    result = cli("notify", "--json")
    assert result.code == 1
    assert result.json["channels"][0]["error"] == "timed out after 0.3 s"


def test_secrets_are_never_printed_in_errors_json_or_config_show(cli, isolated, hooks, monkeypatch):
    configure(isolated, all_kinds(hooks.base).replace(
        f'secret = "{FEISHU_SECRET}"', 'secret_env = "LUOSHI_FEISHU_SECRET"'))
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    missing = cli("notify")
    assert missing.code == 1 and "LUOSHI_FEISHU_SECRET is not set" in missing.stderr
    monkeypatch.setenv("LUOSHI_FEISHU_SECRET", FEISHU_SECRET)
    for path in ("/ding/robot/send", "/wecom/send", f"/feishu/hook/{TOKEN}"):
        hooks.answers[path] = [(500, f"no {TOKEN} here".encode(), 0)]
    failed = cli("notify", "--json")
    shown = cli("config", "show") .stdout + cli("config", "show", "--json").stdout
    for text in (failed.stdout, failed.stderr, shown):
        for secret in (TOKEN, DING_SECRET, FEISHU_SECRET):
            assert secret not in text
    assert "https" not in shown and f"{hooks.base}/…?access_token=***" in shown
    assert failed.json["channels"][0]["address"] == f"{hooks.base}/…?access_token=***"


def test_a_channel_failing_for_24_hours_is_named_in_the_leads_inbox(cli, isolated, hooks, monkeypatch):
    configure(isolated, one_line(hooks.base, "slack", "/slack"))
    hooks.answers["/slack"] = [(503, b"down", 0)]
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    assert cli("notify").code == 1
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-24T09:29:00+08:00")  # 23 h 59 min on
    assert [i["kind"] for i in cli("inbox", "--json").json["items"]] == []
    monkeypatch.setenv("LUOSHI_NOW", "2026-11-24T09:30:00+08:00")  # 24 h
    items = cli("inbox", "--json").json["items"]
    assert items[0]["kind"] == "channel_failing" and items[0]["channel"] == "slack:slack"
    assert items[0]["since"] == "2026-11-23T09:30:00+08:00" and "HTTP 503" in items[0]["reason"]
    assert "slack:slack has failed since" in cli("inbox").stdout


def test_dry_run_shows_the_messages_and_records_nothing(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "generic", "/generic"))
    assign_and_remind(cli)
    preview = cli("notify", "--dry-run", "--json").json["channels"][0]
    assert len(preview["messages_preview"]) == 2 and hooks.posts("/generic") == []
    assert cli("notify", "--json").json["channels"][0]["sent"] == 2


def test_without_channels_notify_says_how_to_add_one(cli):
    result = cli("notify")
    assert result.code == 1 and "[[notify.webhook]]" in result.stderr


def test_two_channels_with_one_name_are_refused_before_anything_is_sent(cli, isolated, hooks):
    configure(isolated, one_line(hooks.base, "slack", "/a") + '\n[[notify.webhook]]\nkind = "slack"\n'
              f'name = "slack"\nurl = "{hooks.base}/b"\n')
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    result = cli("notify")
    assert result.code == 2 and "slack:slack" in result.stderr and hooks.received == []


@pytest.mark.parametrize("now, ran", [
    ("2026-10-01T09:00:00+08:00", False),  # National Day, a Thursday
    ("2026-10-10T09:00:00+08:00", True),  # a Saturday worked (调休)
    ("2026-11-28T09:00:00+08:00", False),  # a plain Saturday
])
def test_if_workday_follows_the_calendar_with_its_swapped_days(cli, isolated, hooks, monkeypatch, now, ran):
    configure(isolated, one_line(hooks.base, "generic", "/generic"))
    assert cli("assign", "写材料", "--owner", "张三", "--due", "2026-11-27").code == 0
    monkeypatch.setenv("LUOSHI_NOW", now)
    result = cli("notify", "--if-workday", "--json")
    assert result.code == 0 and result.json["day_off"] is (not ran)
    assert len(hooks.posts("/generic")) == (1 if ran else 0)
    escalated = cli("escalate", "--auto", "--if-workday", "--json").json
    assert escalated["day_off"] is (not ran)
