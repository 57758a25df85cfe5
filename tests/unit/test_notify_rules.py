"""domain/notify.py by hand-worked examples: who an event is for, the step each delivery row
calls for, backoff, digests, rate budgets; and the config's nested tables (shape.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from luoshi.domain import notify as rules
from luoshi.domain.events import Event
from luoshi.domain.times import parse_utc

NOW = datetime(2026, 11, 23, 1, 30, tzinfo=timezone.utc)


class Task:
    owner, lead = "张三", "王主任"


def _event(kind: str, **payload) -> Event:
    return Event(7, 1, kind, "2026-11-23T01:00:00Z", "王主任", payload, None, "0" * 64, "ab" * 32)


@pytest.mark.parametrize("kind, payload, person", [
    ("assigned", {"owner": "李四"}, "李四"),  # the new owner, even if since reassigned
    ("reassigned", {"to_owner": "赵六"}, "赵六"),
    ("reminded", {}, "张三"),
    ("escalated", {"rung": 2}, "张三"),
    ("noted", {"instruction": True}, "张三"),
    ("extension_rejected", {}, "张三"),
    ("extended", {}, "张三"),
    ("returned", {}, "王主任"),  # a return and a request wait for the lead
    ("extension_requested", {}, "王主任"),
])
def test_each_event_is_for_one_person(kind, payload, person):
    assert rules.concerned(_event(kind, **payload), Task()) == person


def test_an_events_uid_is_its_hash():
    assert rules.uid(_event("reminded")) == "ab" * 32


@pytest.mark.parametrize("attempt, minutes", [(1, 2), (2, 4), (3, 8), (8, 256), (9, 480), (40, 480)])
def test_the_backoff_doubles_from_two_minutes_and_stops_at_eight_hours(attempt, minutes):
    assert rules.backoff(attempt) == timedelta(minutes=minutes)  # 2^attempt, at most 480


def _step(latest, now=NOW, gone=False):
    return rules.next_step(latest, now, parse_utc, lambda claimer: gone)


def test_a_new_event_is_sent_as_attempt_one():
    assert _step(None) == rules.Step("send", 1)


def test_a_failure_waits_for_its_backoff_then_is_tried_again():
    failed = ("failed", 2, "2026-11-23T01:27:00Z", "1@h")  # attempt 2 at 01:27: next at 01:31
    assert _step(failed) == rules.Step("wait", 2, datetime(2026, 11, 23, 1, 31, tzinfo=timezone.utc))
    assert _step(failed, NOW + timedelta(minutes=1)) == rules.Step("send", 3)


def test_a_claim_is_left_to_its_live_claimer_and_taken_over_from_a_dead_one():
    claimed = ("claimed", 1, "2026-11-23T01:29:00Z", "41@h")
    assert _step(claimed) == rules.Step("busy", 1)
    assert _step(claimed, gone=True) == rules.Step("send", 2, repeat=True)
    # a claim from another host, 31 minutes old: its notify is taken to be dead
    assert _step(claimed, NOW + timedelta(minutes=30)) == rules.Step("send", 2, repeat=True)


def test_a_chat_channel_sends_a_digest_only_past_digest_over():
    assert rules.group("dingtalk", [1, 2, 3], 3) == [(1,), (2,), (3,)]
    assert rules.group("dingtalk", [1, 2, 3, 4], 3) == [(1, 2, 3, 4)]
    assert rules.group("generic", [1, 2, 3, 4], 3) == [(1,), (2,), (3,), (4,)]
    assert rules.group("smtp", [1, 2, 3, 4], 3) == [(1,), (2,), (3,), (4,)]


def test_the_rate_budget_is_the_limit_less_the_last_minutes_claims():
    assert rules.rate_budget("dingtalk", None, 15) == 5  # DingTalk: 20 a minute
    assert rules.rate_budget("dingtalk", None, 25) == 0
    assert rules.rate_budget("slack", 2, 1) == 1
    assert rules.rate_budget("generic", None, 500) is None  # no limit
    assert rules.rate_budget("dingtalk", 0, 500) is None  # switched off


def test_a_channel_is_known_by_its_name_or_a_digest_of_its_address():
    assert rules.channel_key("dingtalk", "office", "https://x/?access_token=t") == "dingtalk:office"
    url = "https://oapi.example.org/robot/send?access_token=secret-token"
    key = rules.channel_key("dingtalk", None, url)
    assert key == rules.channel_key("dingtalk", None, url)  # stable from run to run
    assert key != rules.channel_key("dingtalk", None, url + "2")
    assert key.startswith("dingtalk:") and len(key) == len("dingtalk:") + 10 and "secret" not in key


def test_mentions_are_each_persons_mobile_once():
    assert rules.mentions(["张三", "李四", "张三", "王五"], {"张三": "138", "王五": "139"}) == ("138", "139")


# -- the config's tables, checked from their declarations --------------------------------------
def test_a_list_of_tables_and_a_table_of_people_are_checked_key_by_key():
    from luoshi.config import validate_config
    from luoshi.errors import BadInput

    config = validate_config({"notify": {"webhook": [{"kind": "slack", "url": "https://h/x"}],
                                         "smtp": {"host": "h", "from": "a@b.c"}},
                              "people": {"张三": {"email": "z@b.c"}}})
    assert config.notify.webhook[0].kind == "slack" and config.notify.smtp.from_ == "a@b.c"
    assert config.people["张三"].email == "z@b.c" and config.notify.smtp.port == 587
    for data, where in (
        ({"notify": {"webhook": [{"kind": "slack", "url": "https://h/x"}, {"kind": "icq", "url": "https://h"}]}},
         "notify.webhook.2.kind: must be one of"),
        ({"notify": {"smtp": {"host": "h"}}}, "notify.smtp.from: missing"),
        ({"people": {"张三": {"phone": "1"}}}, "people.张三.phone: unknown name"),
        ({"people": {"张三": "z@b.c"}}, "people.张三: must be a table"),
        ({"notify": {"webhook": [{"kind": "slack", "url": "ftp://h/xyz"}]}}, "notify.webhook.1.url: must start"),
        ({"schedule": {"times": ["9:60"]}}, "schedule.times: '9:60' is not a time"),
    ):
        with pytest.raises(BadInput) as caught:
            validate_config(data)
        assert where in caught.value.message, caught.value.message


def test_config_show_gives_back_what_was_read_with_from_spelled_from():
    from luoshi.config import validate_config
    from luoshi.domain.shape import as_dict

    smtp = {"host": "h", "from": "a@b.c", "port": 25, "user": None, "password": None,
            "password_env": None, "starttls": False, "name": None}
    config = validate_config({"notify": {"smtp": smtp}})
    assert as_dict(config.notify)["smtp"] == smtp
