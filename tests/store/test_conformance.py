"""One conformance suite, run unchanged on both backends: a SQLite file and a team ledger on
a real PostgreSQL server (tests/pgserver.py).

Each test acts through `backend.act(name)`: on SQLite that is `--as NAME`; on PostgreSQL it
is connecting with that person's own login role — the only way a member can act there.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import pytest

from luoshi.domain.hashing import GENESIS, event_hash
from luoshi.domain.events import KINDS
from luoshi.domain.task import replay
from luoshi.errors import Refused
from luoshi.store.base import event_from_row

ROLES = {"王主任": "wang", "张三": "zhang", "李四": "li"}


@dataclass
class Backend:
    name: str
    db: str
    monkeypatch: pytest.MonkeyPatch
    team: object = None

    def act(self, person: str) -> None:
        if self.team is None:
            self.monkeypatch.setenv("LUOSHI_USER", person)
        else:
            self.monkeypatch.delenv("LUOSHI_USER", raising=False)
            self.db = self.team.url(ROLES[person])
            self.monkeypatch.setenv("LUOSHI_DB", self.db)

    def open(self):
        from luoshi.services.context import Context
        from luoshi.services.ledger import open_ledger

        return open_ledger(Context(db=self.db, actor="-", now=None, key="-"))  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, monkeypatch, isolated) -> Backend:
    if request.param == "sqlite":
        made = Backend("sqlite", str(isolated / "ledger.db"), monkeypatch)
    else:
        team = request.getfixturevalue("team")
        made = Backend("postgresql", team.url("wang"), monkeypatch, team)
    made.act("王主任")
    return made


def _ok(result):
    assert result.code == 0, result.stderr
    return result


def _script(cli, backend: Backend) -> None:
    """A small week: assignments (one bulk), check-ins, an escalation, an extension, a
    finish, a rating, a reassignment and a cancellation; then the dialogue (_dialogue)."""
    _ok(cli("--key", "k-assign", "assign", "写周报", "--owner", "张三", "--due", "周五",
            "--project", "办公室", "--tag", "周报"))
    _ok(cli("--key", "k-bulk", "assign", "--from", "-",
            input="- 李四: 修订制度 @下周三 #制度 +100%_done\n- 张三: 走访企业 @月底\n"))
    backend.act("张三")
    _ok(cli("--key", "k-c1", "checkin", "1", "40", "初稿"))
    _ok(cli("checkin", "3", "10", "--blocker", "等材料"))
    backend.act("李四")
    _ok(cli("checkin", "2", "100", "已完成"))
    backend.act("王主任")
    _ok(cli("escalate", "3", "--reason", "进度慢"))
    _ok(cli("extend", "1", "--due", "下周一", "--reason", "材料晚到"))
    _ok(cli("score", "2", "4", "--note", "不错"))
    _ok(cli("reassign", "3", "--owner", "李四", "--reason", "调整分工"))
    _ok(cli("assign", "临时任务", "--owner", "李四", "--due", "明天"))
    _ok(cli("cancel", "4", "--reason", "不再需要"))
    _ok(cli("remind", "1", "记得周五交"))
    _dialogue(cli, backend)


SCRIPT_EVENTS = 13 + 15  # the week's steps, then the dialogue's


def _dialogue(cli, backend: Backend) -> None:
    """The dialogue between 王主任 (the lead) and 张三 and 李四 (owners): 签收, a helper's
    check-in, 批示 and a remark, an extension request rejected and another approved, a
    return answered by an amendment; a return and a request left waiting."""
    _ok(cli("assign", "写材料", "--owner", "张三", "--helper", "李四", "--due", "下周五"))  # 5
    _ok(cli("assign", "报数据", "--owner", "李四", "--due", "下周三"))  # 6
    _ok(cli("assign", "核对台账", "--owner", "张三", "--due", "月底"))  # 7
    backend.act("张三")
    _ok(cli("accept", "5"))
    backend.act("李四")
    _ok(cli("checkin", "5", "50", "数据部分"))  # the helper's part: 5 stays at 0 %
    _ok(cli("note", "5", "我有去年的材料"))  # a remark, not an instruction
    backend.act("王主任")
    _ok(cli("note", "5", "重点突出安全生产"))  # an instruction (批示)
    backend.act("张三")
    _ok(cli("extend", "5", "--due", "12月11日", "--reason", "材料多"))
    backend.act("王主任")
    _ok(cli("extend", "5", "--reject", "--reason", "时间够用"))
    backend.act("张三")
    _ok(cli("extend", "5", "--due", "12月9日", "--reason", "再次申请"))
    backend.act("王主任")
    _ok(cli("extend", "5", "--approve"))
    backend.act("李四")
    _ok(cli("return", "6", "--reason", "口径不清", "--missing", "模板", "--missing", "口径说明"))
    _ok(cli("extend", "3", "--due", "12月11日", "--reason", "刚接手"))  # left waiting
    backend.act("王主任")
    _ok(cli("amend", "6", "--title", "报数据（按模板）", "--standard", "按附件模板", "--helper", "张三",
            "--tag", "数据", "--tag", "月报", "--reason", "补齐要求"))
    backend.act("张三")
    _ok(cli("return", "7", "--reason", "台账不全", "--missing", "三季度台账", "--missing", "盘点表"))
    backend.act("王主任")


def _without_uids(value):
    if isinstance(value, dict):
        return {k: _without_uids(v) for k, v in value.items() if k not in ("uid", "key", "hash", "prev_hash")}
    if isinstance(value, list):
        return [_without_uids(v) for v in value]
    return value


def test_the_chain_is_contiguous_and_every_hash_recomputes(cli, backend):
    _script(cli, backend)
    with backend.open() as ledger:
        rows = list(ledger.event_rows())
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1)) and len(rows) == SCRIPT_EVENTS
    prev = GENESIS
    for seq, task_id, kind, at, actor, payload, key, prev_hash, digest in rows:
        assert prev_hash == prev
        assert digest == event_hash(prev_hash, seq, task_id, kind, at, actor, payload)
        prev = digest
    assert {r[4] for r in rows} == {"王主任", "张三", "李四"}
    assert {r[2] for r in rows} == set(KINDS) - {"finished", "closed", "reopened", "waived"}


def test_the_current_state_table_equals_a_replay_of_the_events(cli, backend):
    _script(cli, backend)
    with backend.open() as ledger:
        events = [event_from_row(r) for r in ledger.event_rows()]
        stored = {t.id: t for t in ledger.tasks_by_id()}
    assert stored == replay(events)
    assert stored[3].owner == "李四" and stored[3].escalation == 1 and stored[3].reassigned == 1
    assert stored[2].status == "done" and stored[2].rating == 4 and stored[4].status == "cancelled"
    # the dialogue: 写材料 signed, its helper's 50 % not its progress, the last owner's note
    # none (the notes were 李四's and 王主任's), the second request approved
    five = stored[5]
    assert five.accepted is not None and five.progress == 0 and five.last_note is None
    assert (five.extensions, five.extension_reason, five.pending_at) == (1, "再次申请", None)
    assert five.due == "2026-12-09T10:00:00Z" and five.original_due == "2026-12-04T10:00:00Z"
    six, seven, three = stored[6], stored[7], stored[3]
    assert (six.returned_at, six.returned_missing, six.title, six.standard) == (
        None, (), "报数据（按模板）", "按附件模板")
    assert (six.helpers, six.tags, six.accepted) == (("张三",), ("数据", "月报"), None)
    assert (seven.returned_reason, seven.returned_missing) == ("台账不全", ("三季度台账", "盘点表"))
    assert seven.returned_at is not None and seven.accepted is None
    assert (three.pending_due, three.pending_reason) == ("2026-12-11T10:00:00Z", "刚接手")
    assert three.due == "2026-11-30T10:00:00Z" and three.accepted is not None


def test_both_backends_show_the_same_ledger(cli, backend, tmp_path_factory):
    """The views of the scripted week, as JSON, are one and the same on both backends."""
    _script(cli, backend)
    views = {
        "list": _ok(cli("list", "--status", "all", "--json")).json,
        "show": _ok(cli("show", "3", "--json")).json,
        "report": _ok(cli("report", "--week", "--json")).json,
        "owner": _ok(cli("list", "--owner", "张三", "--json")).json,
        "tag": _ok(cli("list", "--tag", "100%_done", "--status", "all", "--json")).json,
        "dialogue": [_ok(cli("show", str(i), "--json")).json for i in (5, 6, 7)],
    }
    for person in ("王主任", "张三", "李四"):
        backend.act(person)
        views[f"inbox {person}"] = _ok(cli("inbox", "--json")).json
    expected = tmp_path_factory.getbasetemp() / "conformance-views.json"
    got = json.dumps(_without_uids(views), ensure_ascii=False, sort_keys=True, indent=1)
    assert views["tag"] and [t["id"] for t in views["tag"]] == [2]
    assert [t["id"] for t in views["owner"]] == [1, 7, 5]  # by deadline: 30 Nov, 9 Dec
    inbox = {person: [(i["kind"], i["task"]) for i in views[f"inbox {person}"]["items"]]
             for person in ("王主任", "张三", "李四")}
    # 张三 asked for time after the instruction on 5 (his next step there): what stays is the
    # reminder and the extension on 1, and the approval on 5; 李四 returned 6, it was
    # corrected, it is his to sign for again; 王主任 answers a return and a request, closes 2
    assert inbox == {
        "王主任": [("returned", 7), ("request", 3), ("close", 2)],
        "张三": [("reminded", 1), ("answer", 1), ("answer", 5)],
        "李四": [("sign", 6), ("amended", 6)],
    }
    if expected.exists():  # the other backend ran first: compare with what it showed
        assert got == expected.read_text(encoding="utf-8")
    else:
        expected.write_text(got, encoding="utf-8")


def test_a_retried_key_records_nothing_twice(cli, backend):
    _script(cli, backend)
    backend.act("张三")
    again = _ok(cli("--key", "k-c1", "checkin", "1", "40", "初稿", "--json"))
    assert again.json["replayed"] is True
    backend.act("王主任")
    bulk = _ok(cli("--key", "k-bulk", "assign", "--from", "-", "--json",
                   input="- 李四: 修订制度 @下周三\n- 张三: 走访企业 @月底\n"))
    assert [t["id"] for t in bulk.json] == [2, 3]
    with backend.open() as ledger:
        assert [e.seq for e in ledger.events_with_key("k-bulk", "王主任")] == [2, 3]
        assert ledger.events_with_key("k-bul", "王主任") == []
        assert ledger.events_with_key("k-bulk#", "王主任") == []
        assert ledger.events_with_key("k-bulk", "张三") == []  # retry keys are each actor's own
        assert ledger.head()[0] == SCRIPT_EVENTS


def test_a_failed_transaction_leaves_no_trace(cli, backend):
    _ok(cli("assign", "写周报", "--owner", "王主任", "--due", "周五"))
    with backend.open() as ledger:
        before = list(ledger.event_rows())
        with pytest.raises(RuntimeError):
            with ledger.writing():
                ledger.append(1, "reminded", "2026-11-23T02:00:00Z", "王主任", {"note": None}, None)
                raise RuntimeError("boom")
        assert list(ledger.event_rows()) == before


def test_an_append_that_does_not_extend_the_chain_never_forks_it(cli, backend):
    """A ledger file refuses an event that does not extend the chain; a team ledger's server
    places a member's event itself (its seq, link, time and hash), whatever was sent."""
    _ok(cli("assign", "写周报", "--owner", "王主任", "--due", "周五"))
    with backend.open() as ledger:
        row = list(ledger.event_rows())[0]
    forged = dict(seq=2, task_id=1, kind="reminded", at="2026-11-23T02:00:00Z", actor="王主任",
                  payload='{"note":null}', key=None, prev_hash=GENESIS, hash="f" * 64)
    insert = ("INSERT INTO events (seq, task_id, kind, at, actor, payload, key, prev_hash, hash) "
              "VALUES (:seq, :task_id, :kind, :at, :actor, :payload, :key, :prev_hash, :hash)")
    with backend.open() as ledger:
        if backend.name == "sqlite":
            with pytest.raises(Exception):
                with ledger.writing():
                    ledger.conn.execute(insert, forged)
            assert list(ledger.event_rows()) == [row]
            return
        with ledger.writing():
            ledger.conn.execute(insert, forged)
        rows = list(ledger.event_rows())
    assert rows[0] == row and rows[1][0] == 2 and rows[1][7] == row[8]  # linked to event 1
    assert rows[1][8] == event_hash(*rows[1][7:8], *rows[1][:6]) != "f" * 64


def test_a_read_snapshot_does_not_see_a_write_made_meanwhile(cli, backend):
    _ok(cli("assign", "写周报", "--owner", "王主任", "--due", "周五"))
    with backend.open() as reader:
        with reader.reading():
            first = len(list(reader.event_rows()))
            thread = threading.Thread(
                target=lambda: _ok(cli("remind", "1", "meanwhile")))
            thread.start()
            thread.join()
            assert len(list(reader.event_rows())) == first == 1
        assert len(list(reader.event_rows())) == 2


def test_verify_passes_and_export_imports_into_an_empty_ledger(cli, backend, tmp_path):
    _script(cli, backend)
    assert _ok(cli("verify", "--json")).json["intact"] is True
    dump = tmp_path / "export.jsonl"
    _ok(cli("export", "--output", str(dump)))
    lines = dump.read_text(encoding="utf-8").splitlines()
    assert len(lines) == SCRIPT_EVENTS
    copy = tmp_path / "copy.db"
    _ok(cli("--db", str(copy), "import", str(dump)))
    _ok(cli("--db", str(copy), "export", "--output", str(tmp_path / "again.jsonl")))
    assert (tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines() == lines


def test_people_are_everyone_named_as_owner_or_lead(cli, backend):
    _script(cli, backend)
    with backend.open() as ledger:
        assert ledger.people() == sorted({"王主任", "张三", "李四"})


def test_a_missing_ledger_is_refused_in_one_line(cli, backend, tmp_path, request):
    if backend.name == "sqlite":
        from luoshi.store.sqlite import SqliteLedger

        result = cli("--db", str(tmp_path / "none.db"), "verify")
        opening = lambda: SqliteLedger(tmp_path / "none.db", create=False)  # noqa: E731
    else:
        from luoshi.store.postgres import PostgresLedger

        empty = backend.team.cluster.create_database(backend.team.database + "_empty")
        result = cli("--db", empty, "list")
        opening = lambda: PostgresLedger(empty)  # noqa: E731
    assert result.code == 1 and result.stderr.count("\n") <= 2 and "Traceback" not in result.stderr
    with pytest.raises(Refused):
        opening()


def test_awkward_text_hashes_alike_on_both_backends(cli, backend):
    """Quotes, backslashes, tabs, newlines, DEL, U+2028, emoji and CJK: the PostgreSQL server
    recomputes every hash in SQL and accepts only what domain/hashing.py computed."""
    title = 'say "hi"\\ \t tab — 落实 😀 \u2028 end\x7f'
    _ok(cli("assign", title, "--owner", "王主任", "--due", "周五", "--tag", 'a"b\\c'))
    _ok(cli("checkin", "1", "20", "line one\nline two\r\n「引号」 \\n literal"))
    with backend.open() as ledger:
        rows = list(ledger.event_rows())
    assert json.loads(rows[0][5])["title"] == title
    assert _ok(cli("verify", "--json")).json["intact"] is True


def test_the_milestones_of_tasks_are_read_at_any_depth_in_one_statement(cli, backend):
    """#1 has milestones #2 and #3; #3 has #4; #5 stands alone. Named by id (a few parents)
    or, past DESCENDANTS_AT_ONCE ids, as every milestone of the ledger."""
    from luoshi.store import sql

    _ok(cli("assign", "总任务", "--owner", "张三", "--due", "2026-12-31"))
    _ok(cli("plan", "1", "一 @2026-12-10", "二 @2026-12-20"))
    _ok(cli("plan", "3", "二之一 @2026-12-15"))
    _ok(cli("assign", "单独", "--owner", "李四", "--due", "2026-12-31"))
    with backend.open() as ledger:
        assert [m.id for m in ledger.descendants([1])] == [2, 3, 4]
        assert [m.id for m in ledger.descendants([3, 5])] == [4]
        assert ledger.descendants([5]) == [] and ledger.descendants([]) == []
        many = list(range(1, sql.DESCENDANTS_AT_ONCE + 2))
        assert sorted(m.id for m in ledger.descendants(many)) == [2, 3, 4]
        assert [m.id for m in ledger.milestones(1)] == [2, 3]
