"""`luoshi notify` as real processes: several at once send each event once per channel; one
killed mid-send (kill -9) loses nothing and repeats at most the one message it had in flight."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests.conftest import SRC
from tests.hookserver import HookServer


@pytest.fixture
def hooks(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    server = HookServer().start()
    yield server
    server.stop()


def _ledger(cli, isolated, hooks, events: int) -> list[str]:
    (isolated / "config.toml").write_text(f"""
[notify]
timeout = 5
digest_over = 1000

[[notify.webhook]]
kind = "generic"
name = "hook"
url = "{hooks.base}/generic"

[[notify.webhook]]
kind = "slack"
name = "chat"
url = "{hooks.base}/slack"
rate_per_minute = 0
""", encoding="utf-8")
    for n in range(events):
        assert cli("assign", f"任务{n}", "--owner", "张三", "--due", "2026-11-27").code == 0
    return [json.loads(line)["hash"] for line in cli("export").stdout.splitlines()]


def _start(count: int) -> list[subprocess.Popen]:
    env = dict(os.environ) | {"PYTHONPATH": str(SRC)}
    return [subprocess.Popen([sys.executable, "-m", "luoshi", "notify", "--json"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(count)]


def _received(hooks) -> tuple[Counter, int]:
    generic = Counter(r.body["event"]["uid"] for r in hooks.posts("/generic"))
    return generic, len(hooks.posts("/slack"))


def _sent_rows(ledger_path) -> Counter:
    import sqlite3

    conn = sqlite3.connect(ledger_path)
    rows = Counter(r[0] for r in conn.execute("SELECT channel FROM deliveries WHERE state = 'sent'"))
    conn.close()
    return rows


def _at_once(cli, isolated, hooks, ledger_path, processes: int) -> None:
    all_uids = _ledger(cli, isolated, hooks, 6)
    hooks.answers["/generic"] = [(200, b"ok", 0.05)]  # slow enough for the runs to overlap
    runs = _start(processes)
    outputs = [p.communicate(timeout=120) for p in runs]
    assert all(p.returncode == 0 for p in runs), [o[1] for o in outputs]
    generic, slack = _received(hooks)
    assert generic == Counter({uid: 1 for uid in all_uids})  # each of the 6 events once
    assert slack == 6  # 6 events ≤ digest_over: one message each, once
    assert _sent_rows(ledger_path) == Counter({"generic:hook": 6, "slack:chat": 6})
    sent = sum(c["sent"] for out, _err in outputs for c in json.loads(out)["channels"])
    assert sent == 12  # the runs shared the work: 6 events × 2 channels in all


def test_two_notifies_at_once_send_each_event_once_to_each_channel(cli, isolated, hooks, ledger_path):
    _at_once(cli, isolated, hooks, ledger_path, 2)


@pytest.mark.slow
def test_eight_notifies_at_once_send_each_event_once_to_each_channel(cli, isolated, hooks, ledger_path):
    _at_once(cli, isolated, hooks, ledger_path, 8)


@pytest.mark.slow
def test_a_notify_killed_mid_send_loses_nothing_and_repeats_at_most_one_message_per_kill(
        cli, isolated, hooks, ledger_path):
    all_uids = _ledger(cli, isolated, hooks, 10)
    hooks.answers["/generic"] = [(200, b"ok", 0.15)]  # each POST takes a while: kills land mid-send
    hooks.answers["/slack"] = [(200, b"ok", 0.15)]
    rng = random.Random(21)
    kills = 0
    for _round in range(6):
        run = _start(1)[0]
        time.sleep(rng.uniform(0.5, 1.5))  # start-up is ~0.4 s; then a message every ~0.15 s
        if run.poll() is None:
            os.kill(run.pid, signal.SIGKILL)
            kills += 1
        run.communicate(timeout=60)
    last = _start(1)[0]  # and one left to finish
    out, err = last.communicate(timeout=120)
    assert last.returncode == 0, err
    generic, slack = _received(hooks)
    assert set(generic) == set(all_uids)  # nothing lost
    repeats = sum(n - 1 for n in generic.values()) + (slack - 10)
    assert repeats <= kills, (generic, slack, kills)  # at most the one in flight per kill
    assert _sent_rows(ledger_path) == Counter({"generic:hook": 10, "slack:chat": 10})
