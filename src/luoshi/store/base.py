"""What every ledger backend shares: the chain append, the reads, the row conversions.

A backend gives `self.conn` an object with sqlite3's shape — `execute(statement, params)`
returning rows (iterable, with `fetchone()`) and `executemany(statement, params)` — and
runs the statements of `store/sql.py` unchanged. SQLite hands its own connection; the
PostgreSQL backend wraps a SQLAlchemy connection (`store/postgres.py`). Opening, the write
lock, migrations and copies differ per backend and stay in its own module.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Iterable, Iterator

from luoshi.domain.events import Event
from luoshi.domain.hashing import GENESIS, canonical_payload, event_hash
from luoshi.domain.task import TaskState
from luoshi.errors import Refused
from luoshi.i18n import _
from luoshi.store import sql
from luoshi.store.schema import EVENT_COLUMNS, TASK_COLUMNS


class SqlLedger:
    """The operations services use, written once over `self.conn`."""

    backend = "?"
    damage_errors: tuple[type[BaseException], ...] = ()

    def damaged(self, exc: BaseException) -> Refused:
        return Refused(_("the database is damaged ({problem})").format(problem=exc),
                       _("restore a backup: luoshi restore FILE"))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing (inside the backend's `writing()`) ----------------------------------------
    def append(
        self, task_id: int, kind: str, at: str, actor: str, payload: dict, key: str | None,
        backdated: bool = False,
    ) -> Event:
        """Append one event at the head of the chain (inside `writing()`)."""
        head = self.conn.execute(sql.SELECT_HEAD).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        text = canonical_payload(payload)
        digest = event_hash(prev, seq, task_id, kind, at, actor, text)
        self.conn.execute(sql.INSERT_EVENT, dict(
            seq=seq, task_id=task_id, kind=kind, at=at, actor=actor, payload=text, key=key,
            prev_hash=prev, hash=digest))
        return Event(seq, task_id, kind, at, actor, payload, key, prev, digest)

    def save_task(self, state: TaskState) -> None:
        """Keep the current-state row of the task an append just changed."""
        self.conn.execute(sql.UPSERT_TASK, task_row(state))

    def next_task_id(self) -> int:
        """The id a new task takes (inside `writing()`)."""
        return self.conn.execute(sql.NEXT_TASK_ID).fetchone()[0]

    # -- reading ---------------------------------------------------------------------------
    def task(self, task_id: int) -> TaskState | None:
        row = self.conn.execute(sql.SELECT_TASK, {"id": task_id}).fetchone()
        return task_from_row(row) if row else None

    def tasks(self, owner=None, lead=None, statuses=None, project=None, tag=None) -> list[TaskState]:
        clause, params = sql.task_filter(owner, lead, statuses, project, tag)
        rows = self.conn.execute(sql.SELECT_TASKS + clause, params)
        return [task_from_row(r) for r in rows]

    def children(self, task_id: int) -> tuple[int, ...]:
        """The ids of a task's milestones (tasks whose parent it is), in order."""
        return tuple(r[0] for r in self.conn.execute(sql.SELECT_CHILDREN, {"parent": task_id}))

    def children_of(self, ids: list[int]) -> dict[int, tuple[int, ...]]:
        """{task id: its milestones' ids} for the tasks that have any."""
        found: dict[int, list[int]] = {}
        if not ids:
            return {}
        for parent, child in self.conn.execute(sql.SELECT_ALL_CHILDREN):
            found.setdefault(parent, []).append(child)
        wanted = set(ids)
        return {k: tuple(v) for k, v in found.items() if k in wanted}

    def milestones(self, task_id: int) -> list[TaskState]:
        """The states of a task's milestones (its direct children), by id."""
        return [task_from_row(r) for r in self.conn.execute(sql.SELECT_MILESTONES, {"parent": task_id})]

    def descendants(self, ids: list[int]) -> list[TaskState]:
        """The milestones at any depth of the tasks `ids`, in one statement (a superset for many
        ids: every milestone of the ledger, read through the partial index on parent)."""
        if not ids:
            return []
        if len(ids) > sql.DESCENDANTS_AT_ONCE:
            rows = self.conn.execute(sql.SELECT_ALL_MILESTONES)
        else:
            rows = self.conn.execute(sql.select_descendants(len(ids)),
                                     {f"p{i}": task_id for i, task_id in enumerate(ids)})
        return [task_from_row(r) for r in rows]

    def task_events(self, task_id: int) -> list[Event]:
        rows = self.conn.execute(sql.SELECT_EVENTS_OF_TASK, {"task_id": task_id})
        return [event_from_row(r) for r in rows]

    def events(self, from_seq: int = 1) -> Iterator[Event]:
        for row in self.conn.execute(sql.SELECT_EVENTS_FROM, {"seq": from_seq}):
            yield event_from_row(row)

    def events_with_key(self, key: str, actor: str) -> list[Event]:
        """The events this actor recorded under the retry key (KEY, KEY#0, KEY#1…)."""
        params = {"key": key, "lo": key + "#", "hi": key + "$", "actor": actor}  # '$' follows '#'

        return [event_from_row(r) for r in self.conn.execute(sql.SELECT_EVENTS_BY_KEY, params)]

    # -- the review (see sql.py: what a report reads) --------------------------------------
    def report_tasks(self, window: dict, lead=None, project=None) -> list[TaskState]:
        """The current state of every task a report of this window may read."""
        scope, params = sql.report_scope(lead, project)
        return [task_from_row(r) for r in self.conn.execute(sql.report_tasks(scope), params | window)]

    def report_replay_events(self, window: dict, lead=None, project=None) -> list[Event]:
        """Every event up to as_of of the tasks in scope changed since as_of."""
        scope, params = sql.report_scope(lead, project)
        rows = self.conn.execute(sql.report_replay_events(scope), params | window)
        return [event_from_row(r) for r in rows]

    def report_checkins(self, window: dict, lead=None, project=None
                        ) -> dict[tuple[int, str], tuple[int, int]]:
        """{(task id, person): (their check-ins in the period, those that moved or were blocked)}."""
        scope, params = sql.report_scope(lead, project)
        rows = self.conn.execute(sql.report_checkins(scope, self.backend), params | window)
        return {(r[0], r[1]): (r[2], r[3] or 0) for r in rows}

    def report_period_events(self, window: dict, lead=None, project=None) -> list[Event]:
        scope, params = sql.report_scope(lead, project)
        rows = self.conn.execute(sql.report_period_events(scope), params | window)
        return [event_from_row(r) for r in rows]

    def report_pattern_events(self, window: dict, bounce_count: int, pushed_min: int,
                              lead=None, project=None) -> Iterator[Event]:
        """The hand-overs, pushes and check-ins up to as_of of the tasks that may have
        bounced or move only when pushed, task by task, one at a time (read them all before
        the next query)."""
        scope, params = sql.report_scope(lead, project)
        params |= window | {"moves": min(bounce_count, 2), "pushed_min": pushed_min}
        for row in self.conn.execute(sql.report_pattern_events(scope, self.backend), params):
            yield event_from_row(row)

    def report_idle_tails(self, window: dict, idle_checkins: int, lead=None,
                          project=None) -> dict[int, int]:
        """{task id: progress} of the open tasks whose last `idle_checkins` check-ins all
        report that one progress, below 100."""
        scope, params = sql.report_scope(lead, project)
        params |= window | {"idle_checkins": idle_checkins}
        return dict(self.conn.execute(sql.report_idle_tails(scope, self.backend), params))

    def finished_between(self, start: str, end: str) -> list[tuple]:
        """(finished_at, original_due, due, waived) of the tasks finished in [start, end)."""
        return list(self.conn.execute(sql.FINISHED_BETWEEN, {"start": start, "end": end}))

    def inbox(self, who: str, team_lead: bool = False) -> tuple[list[TaskState], list[Event]]:
        """The tasks that wait for `who` (`team_lead`: a lead of a team ledger, who also answers
        for members' own commitments) and what others recorded on them since their last step."""
        tasks = [task_from_row(r) for r in self.conn.execute(
            sql.INBOX_TASKS, {"who": who, "team_lead": int(team_lead)})]
        events = [event_from_row(r) for r in self.conn.execute(sql.INBOX_EVENTS, {"who": who})]
        return tasks, events

    def people(self) -> list[str]:
        return [r[0] for r in self.conn.execute(sql.SELECT_PEOPLE)]

    # -- the outbox (`luoshi notify`) -------------------------------------------------------
    def pending_deliveries(self, channel: str) -> list[tuple[Event, str, tuple | None]]:
        """(event, its task's status, its latest delivery row on the channel as (state,
        attempt, at, claimer) or None) for every event not yet sent or skipped there."""
        rows = self.conn.execute(sql.pending_deliveries(self.backend), {"channel": channel})
        return [(event_from_row(r[:9]), r[9], tuple(r[10:14]) if r[10] is not None else None)
                for r in rows]

    def channel_seen(self, channel: str) -> bool:
        """True once the channel has any delivery row (its first run is over)."""
        return bool(self.conn.execute(sql.CHANNEL_SEEN, {"channel": channel}).fetchone()[0])

    def recent_claims(self, channel: str, since: str) -> int:
        """Claims on the channel after `since` (UTC text): what its rate limit has spent."""
        return self.conn.execute(sql.RECENT_CLAIMS, {"channel": channel, "since": since}).fetchone()[0]

    def record_delivery(self, event_seq: int, channel: str, state: str, attempt: int, at: str,
                        claimer: str, detail: str | None = None) -> bool:
        """Append one delivery row (inside `writing()`); a final one (sent, skipped) is not
        written — False — when the event already has one on the channel."""
        key = {"event_seq": event_seq, "channel": channel}
        if state in ("sent", "skipped") and self.conn.execute(sql.DELIVERY_FINAL, key).fetchone()[0]:
            return False
        self.conn.execute(sql.INSERT_DELIVERY, key | {
            "state": state, "attempt": attempt, "at": at, "claimer": claimer, "detail": detail})
        return True

    def failing_channels(self) -> list[tuple[str, str, str, str | None]]:
        """(channel, first failure, latest failure, its reason) of each channel whose every
        delivery since its last success failed."""
        rows = list(self.conn.execute(sql.FAILING_CHANNELS))
        return [(r[0], r[1], r[2], self.conn.execute(sql.DELIVERY_DETAIL, {"id": r[3]}).fetchone()[0])
                for r in rows]

    # -- keeping the ledger: verify, backup, restore, export, import -------------------------
    def event_rows(self) -> Iterator[tuple]:
        """Every event row exactly as stored (payload as text), in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENT_ROWS)

    def event_links(self) -> Iterator[tuple]:
        """(seq, task_id, prev_hash, hash) of every event in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENT_LINKS)

    def event_rows_by_task(self) -> Iterator[tuple]:
        """Every event row as stored, task by task, each task's in seq order, one at a time."""
        return self._rows(sql.SELECT_EVENTS_BY_TASK)

    def tasks_by_id(self) -> Iterator[TaskState]:
        """Every row of the current-state table in id order, one at a time."""
        for row in self._rows(sql.SELECT_TASKS_BY_ID):
            try:
                yield task_from_row(row)
            except (ValueError, TypeError) as exc:
                raise Refused(_("task {id}: its row in the tasks table cannot be read "
                                "({problem})").format(id=row[0], problem=exc)) from None

    def _rows(self, statement: str) -> Iterator[tuple]:
        """Rows of one statement, streamed; a damaged database becomes one refusal."""
        cursor = None
        try:
            cursor = self.conn.execute(statement)
            yield from cursor
        except self.damage_errors as exc:
            raise self.damaged(exc) from None
        finally:
            if cursor is not None:
                cursor.close()

    def ledger_id(self) -> str:
        """The ledger's own id (anchors find it by this, wherever the file is moved)."""
        row = self.conn.execute(sql.SELECT_META, {"key": "ledger_id"}).fetchone()
        return row[0] if row else "unknown"

    def verify_schema(self) -> str | None:
        """None when the schema is the expected one (each backend checks its own)."""
        return None

    def head(self) -> tuple[int, str] | None:
        row = self.conn.execute(sql.SELECT_HEAD).fetchone()
        return (row[0], row[1]) if row else None

    def is_empty(self) -> bool:
        """True when the ledger holds no event and no task."""
        return bool(self.conn.execute(sql.SELECT_IS_EMPTY).fetchone()[0])

    def insert_event_rows(self, rows: Iterable[tuple]) -> None:
        """Write events exactly as given (import), inside `writing()`: rows in EVENT_COLUMNS
        order, consumed one at a time; the schema still refuses a row that does not extend
        the chain."""
        self.conn.executemany(sql.INSERT_EVENT, (dict(zip(EVENT_COLUMNS, r)) for r in rows))


_LISTS = ("helpers", "tags", "returned_missing")


def task_row(state: TaskState) -> dict:
    row = {c: getattr(state, c) for c in TASK_COLUMNS}
    for name in _LISTS:
        row[name] = json.dumps(list(row[name]), ensure_ascii=False)
    row["urgent"] = int(state.urgent)
    return row


_new = object.__new__


def task_from_row(row: tuple) -> TaskState:
    """The state in a row of the tasks table (its columns are TaskState's fields, in order).

    Built without TaskState's __init__: a frozen dataclass sets each of its 30 fields through
    object.__setattr__, two thirds of the time a report spends on the ~40,000 open tasks of
    a big ledger. The lists of names are parsed once per distinct text."""
    state = _new(TaskState)
    values = state.__dict__
    values.update(zip(TASK_COLUMNS, row))
    values["helpers"] = _names(values["helpers"])
    values["tags"] = _names(values["tags"])
    values["returned_missing"] = _names(values["returned_missing"])
    values["urgent"] = bool(values["urgent"])
    return state


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[str, ...]:
    """A JSON list of names as a tuple (mostly '[]'; a ledger repeats the same few lists)."""
    names = json.loads(text)
    if not isinstance(names, list):
        raise ValueError(f"{text[:40]!r} is not a list of names")
    return tuple(names)


def event_from_row(row: tuple) -> Event:
    """An event from its stored row (the payload decoded)."""
    return Event(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7], row[8])
