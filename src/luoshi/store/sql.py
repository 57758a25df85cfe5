"""Statements shared by every backend, written once with :named parameters.

Both the standard library's sqlite3 and SQLAlchemy's `text()` accept this style, so the
SQLite fast path and the SQLAlchemy path run the very same text.
"""

from __future__ import annotations

from luoshi.store.schema import EVENT_COLUMNS, TASK_COLUMNS

_TASK_COLS = ", ".join(TASK_COLUMNS)
_EVENT_COLS = ", ".join(EVENT_COLUMNS)

INSERT_EVENT = (
    f"INSERT INTO events ({_EVENT_COLS}) VALUES ("
    + ", ".join(f":{c}" for c in EVENT_COLUMNS) + ")"
)
UPSERT_TASK = (
    f"INSERT INTO tasks ({_TASK_COLS}) VALUES ("
    + ", ".join(f":{c}" for c in TASK_COLUMNS) + ") ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in TASK_COLUMNS if c != "id")
)
SELECT_HEAD = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
SELECT_TASK = f"SELECT {_TASK_COLS} FROM tasks WHERE id = :id"
SELECT_TASKS = f"SELECT {_TASK_COLS} FROM tasks"
NEXT_TASK_ID = "SELECT COALESCE(MAX(id), 0) + 1 FROM tasks"
SELECT_EVENTS_OF_TASK = f"SELECT {_EVENT_COLS} FROM events WHERE task_id = :task_id ORDER BY seq"
SELECT_EVENTS_FROM = f"SELECT {_EVENT_COLS} FROM events WHERE seq >= :seq ORDER BY seq"
SELECT_EVENTS_BY_KEY = (  # the key itself, or KEY#0, KEY#1… (a range: exact case, indexed)
    f"SELECT {_EVENT_COLS} FROM events WHERE key = :key OR (key > :lo AND key < :hi) "
    "ORDER BY seq"
)
SELECT_REPORT_EVENTS = (  # every event up to :now of the tasks a report may show
    f"SELECT {_EVENT_COLS} FROM events WHERE at <= :now AND task_id IN ("
    "SELECT id FROM tasks WHERE created <= :now AND (status = 'open' OR updated >= :start)) "
    "ORDER BY seq"
)
SELECT_OPEN_TASKS = f"SELECT {_TASK_COLS} FROM tasks WHERE status = 'open' ORDER BY id"
SELECT_PEOPLE = (
    "SELECT owner AS name FROM tasks UNION SELECT lead FROM tasks ORDER BY name"
)
SELECT_META = "SELECT value FROM meta WHERE key = :key"
UPSERT_META = (
    "INSERT INTO meta (key, value) VALUES (:key, :value) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
INSERT_MIGRATION = (
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:version, :name, :at)"
)


def task_filter(
    owner: str | None, lead: str | None, statuses: tuple[str, ...] | None,
    project: str | None, tag: str | None,
) -> tuple[str, dict]:
    """The WHERE clause and parameters of a task listing (same text on every backend)."""
    where, params = [], {}
    if owner is not None:
        where.append("owner = :owner")
        params["owner"] = owner
    if lead is not None:
        where.append("lead = :lead")
        params["lead"] = lead
    if statuses:
        names = [f":status{i}" for i in range(len(statuses))]
        where.append(f"status IN ({', '.join(names)})")
        params |= {n[1:]: s for n, s in zip(names, statuses)}
    if project is not None:
        where.append("project = :project")
        params["project"] = project
    if tag is not None:  # tags are a JSON array of strings: match the quoted element
        import json

        where.append("tags LIKE :tag ESCAPE '\\'")
        params["tag"] = "%" + like_escape(json.dumps(tag, ensure_ascii=False)) + "%"
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    return clause + " ORDER BY due, id", params


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# -- keeping the ledger: verify, backup, restore, export, import ---------------------------
SELECT_EVENT_ROWS = f"SELECT {_EVENT_COLS} FROM events ORDER BY seq"
SELECT_EVENT_LINKS = "SELECT seq, task_id, prev_hash, hash FROM events ORDER BY seq"
SELECT_EVENTS_BY_TASK = f"SELECT {_EVENT_COLS} FROM events ORDER BY task_id, seq"
SELECT_TASKS_BY_ID = f"SELECT {_TASK_COLS} FROM tasks ORDER BY id"
SELECT_IS_EMPTY = (
    "SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM tasks)"
)

# -- shell completion: a few candidates, read-only, cheap on any ledger size ----------------
SELECT_TASK_CHOICES = (  # ids that start with :prefix (ids are small integers, so a range)
    "SELECT id, title FROM tasks WHERE CAST(id AS TEXT) LIKE :prefix || '%' {status} "
    "ORDER BY id LIMIT :limit"
)
# Owners, leads and helpers whose name starts with :prefix. Owners and leads are walked
# one distinct name at a time through their indexes (a "loose index scan": one seek per
# person, not one row per task), helpers through the partial index of tasks that have any.
_DISTINCT_NAMES = (
    "{col}s(name) AS (SELECT MIN({col}) FROM tasks WHERE {col} >= :prefix "
    "UNION ALL SELECT (SELECT MIN({col}) FROM tasks WHERE {col} > {col}s.name) FROM {col}s "
    "WHERE {col}s.name IS NOT NULL AND substr({col}s.name, 1, length(:prefix)) = :prefix)"
)
SELECT_PEOPLE_CHOICES = (
    "WITH RECURSIVE " + _DISTINCT_NAMES.format(col="owner") + ", "
    + _DISTINCT_NAMES.format(col="lead") + " "
    "SELECT name FROM (SELECT name FROM owners UNION SELECT name FROM leads "
    "UNION SELECT value FROM tasks, json_each(tasks.helpers) WHERE tasks.helpers <> '[]') "
    "WHERE name IS NOT NULL AND substr(name, 1, length(:prefix)) = :prefix "
    "ORDER BY name LIMIT :limit"
)

# -- the review: what a report reads when no event is later than its "now" -----------------
# A report shows the tasks that are open, or were touched since its period began ("the
# scope"). When the ledger has no event after "now", the current-state table *is* the state
# as of now, so these statements read it and count events in SQL instead of replaying them.
# Everything is plain SQL that PostgreSQL accepts too, except reading a check-in's progress
# out of its JSON payload: that one expression is per dialect, below.


def last_at(kinds: int) -> str:
    """The latest `at` of any event, as one index seek per kind (:k0 < :k1 < … name the
    known kinds, sorted): events(kind, at, …) answers MAX(at) per kind at once, where
    MAX(at) alone scans it all. Events of any other kind (none, unless imported) are found
    in the index ranges between the known kinds."""
    maxima = [f"SELECT MAX(at) AS last FROM events WHERE kind = :k{i}" for i in range(kinds)]
    gaps = ["kind < :k0", f"kind > :k{kinds - 1}"] + [
        f"(kind > :k{i} AND kind < :k{i + 1})" for i in range(kinds - 1)]
    maxima.append(f"SELECT MAX(at) AS last FROM events WHERE {' OR '.join(gaps)}")
    return f"SELECT MAX(maxima.last) FROM ({' UNION ALL '.join(maxima)}) maxima"


JSON_PROGRESS = {  # a checked_in event's progress, as an integer; the very expression migration 4
    # indexes (schema.py V4_*), so that the report's pattern search reads the index alone
    "sqlite": "CAST(json_extract(e.payload, '$.progress') AS INTEGER)",
    "postgresql": "CAST(CAST(e.payload AS jsonb) ->> 'progress' AS INTEGER)",
}


def report_scope(owner: str | None, lead: str | None, project: str | None,
                 alias: str = "t") -> tuple[str, dict]:
    """The condition on `tasks AS alias` of the tasks a report may show, and its filters.
    Needs the parameter :start (UTC text) besides those returned."""
    where = [f"({alias}.status = 'open' OR {alias}.updated >= :start)"]
    params = {}
    for column, value in (("owner", owner), ("lead", lead), ("project", project)):
        if value is not None:
            where.append(f"{alias}.{column} = :{column}")
            params[column] = value
    return " AND ".join(where), params


def report_tasks(scope: str) -> str:
    return f"SELECT {', '.join('t.' + c for c in TASK_COLUMNS)} FROM tasks t WHERE {scope} ORDER BY t.id"


def report_counts(scope: str) -> str:
    """Per task in scope: check-ins by its owner and escalations, in [:start, :end), ≤ :now."""
    return (
        "SELECT e.task_id, "
        "SUM(CASE WHEN e.kind = 'checked_in' AND e.actor = t.owner THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN e.kind = 'escalated' THEN 1 ELSE 0 END) "
        "FROM events e JOIN tasks t ON t.id = e.task_id "
        "WHERE e.kind IN ('checked_in', 'escalated') AND e.at >= :start AND e.at < :end "
        f"AND e.at <= :now AND {scope} GROUP BY e.task_id"
    )


def report_escalations(scope: str) -> str:
    """Escalated events in [:start, :end), ≤ :now, of tasks in scope, in order."""
    cols = ", ".join("e." + c for c in EVENT_COLUMNS)
    return (
        f"SELECT {cols} FROM events e JOIN tasks t ON t.id = e.task_id "
        "WHERE e.kind = 'escalated' AND e.at >= :start AND e.at < :end AND e.at <= :now "
        f"AND {scope} ORDER BY e.seq"
    )


def report_pattern_events(scope: str, dialect: str) -> str:
    """Every event ≤ :now of the tasks in scope that may show a pattern found in events
    (a superset: the domain decides). The others show at most what their state shows.
    Parameters: :now, :start, :pushed_min, :idle_checkins and the scope's filters.

    Read only when no event is later than :now (see above), so the per-task subqueries need
    no time bound: without one, they can only walk the task's own check-ins in the index of
    migration 4, whatever the planner knows. (With `at <= :now` there, SQLite without
    statistics — a ledger never analysed — walked every check-in of the ledger for each
    task: a minute at 1M events.)"""
    progress = JSON_PROGRESS[dialect]
    bounced = f"SELECT t.id FROM tasks t WHERE t.reassigned > 0 AND {scope}"
    # moves only when pushed: no advance before the first push, and enough check-ins after
    # it. The pushes come from the covering index events(kind, at, task_id); each task's
    # check-ins from events_checkins, a few entries per task.
    pushed = (
        "SELECT t.id FROM tasks t JOIN (SELECT e.task_id, MIN(e.seq) AS first_push "
        "FROM events e WHERE e.kind IN ('reminded', 'escalated') "
        f"GROUP BY e.task_id) p ON p.task_id = t.id WHERE {scope} "
        "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.task_id = t.id "
        f"AND e.seq < p.first_push AND e.kind = 'checked_in' AND {progress} > 0) "
        "AND (SELECT COUNT(*) FROM events e WHERE e.task_id = t.id "
        "AND e.seq > p.first_push AND e.kind = 'checked_in') >= :pushed_min"
    )
    # reports without progress: the last check-ins of an open task all report one value < 100
    idle = (
        "SELECT t.id FROM tasks t WHERE t.status = 'open' AND t.last_checkin IS NOT NULL "
        f"AND {scope} AND (SELECT CASE WHEN COUNT(*) = :idle_checkins "
        "AND MIN(last_ones.p) = MAX(last_ones.p) AND MAX(last_ones.p) < 100 THEN 1 ELSE 0 END "
        f"FROM (SELECT {progress} AS p FROM events e WHERE e.task_id = t.id "
        "AND e.kind = 'checked_in' ORDER BY e.seq DESC "
        "LIMIT :idle_checkins) last_ones) = 1"
    )
    cols = ", ".join(EVENT_COLUMNS)
    return (f"SELECT {cols} FROM events WHERE at <= :now AND task_id IN "
            f"({bounced} UNION {pushed} UNION {idle}) ORDER BY seq")
