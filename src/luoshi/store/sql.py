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
SELECT_EVENTS_BY_KEY = (  # one actor's KEY, KEY#0, KEY#1… (a range in the unique index)
    f"SELECT {_EVENT_COLS} FROM events WHERE actor = :actor AND (key = :key "
    "OR (key > :lo AND key < :hi)) ORDER BY seq"
)
SELECT_CHILDREN = "SELECT id FROM tasks WHERE parent = :parent ORDER BY id"
SELECT_ALL_CHILDREN = "SELECT parent, id FROM tasks WHERE parent IS NOT NULL ORDER BY id"
SELECT_MILESTONES = f"SELECT {_TASK_COLS} FROM tasks WHERE parent = :parent ORDER BY id"
SELECT_ALL_MILESTONES = (  # through the partial index tasks_parent (ORDER BY id alone would scan)
    f"SELECT {_TASK_COLS} FROM tasks WHERE parent IS NOT NULL ORDER BY parent, id")
DESCENDANTS_AT_ONCE = 500  # up to this many parents are named in the query; more: every milestone


def select_descendants(count: int) -> str:
    """The milestones, at any depth, of the tasks :p0 … :p{count-1} (through tasks_parent)."""
    names = ", ".join(f":p{i}" for i in range(count))
    return ("WITH RECURSIVE below(id) AS (SELECT id FROM tasks WHERE parent IN (" + names + ") "
            "UNION SELECT t.id FROM tasks t JOIN below b ON t.parent = b.id) "
            f"SELECT {_TASK_COLS} FROM tasks WHERE id IN (SELECT id FROM below) ORDER BY id")
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
SELECT_PEOPLE_CHOICES_PG = (  # a team ledger: owners, leads, helpers starting with :prefix
    "SELECT name FROM (SELECT owner AS name FROM tasks UNION SELECT lead FROM tasks "
    "UNION SELECT jsonb_array_elements_text(CAST(helpers AS jsonb)) FROM tasks "
    "WHERE helpers <> '[]') people WHERE name LIKE :like ESCAPE '\\' ORDER BY name LIMIT :limit"
)
SELECT_PEOPLE_CHOICES = (
    "WITH RECURSIVE " + _DISTINCT_NAMES.format(col="owner") + ", "
    + _DISTINCT_NAMES.format(col="lead") + " "
    "SELECT name FROM (SELECT name FROM owners UNION SELECT name FROM leads "
    "UNION SELECT value FROM tasks, json_each(tasks.helpers) WHERE tasks.helpers <> '[]') "
    "WHERE name IS NOT NULL AND substr(name, 1, length(:prefix)) = :prefix "
    "ORDER BY name LIMIT :limit"
)

# -- the review ---------------------------------------------------------------------------
# A report reads the tasks that are open, or were touched since its period began ("the
# scope"), created by its reading moment :as_of. A task not updated since :as_of stands in
# the current-state table as it stood then; the others are replayed from their events up to
# :as_of (services/review.py). Counts are made in SQL. Everything is plain SQL that
# PostgreSQL accepts too, except reading a check-in's fields out of its JSON payload: those
# expressions are per dialect, below.


JSON_PROGRESS = {  # a checked_in event's progress, as an integer; the very expression the
    # events_checkins index holds (schema.py, server.py), so a report reads the index alone
    "sqlite": "CAST(json_extract(e.payload, '$.progress') AS INTEGER)",
    "postgresql": "CAST(CAST(e.payload AS jsonb) ->> 'progress' AS INTEGER)",
}
NOT_HELPER = {  # an event on task `t` recorded by someone not among its helpers (协办): whose
    # check-ins are their own part's, not the task's progress (most tasks have none: '[]' is
    # answered without reading the JSON)
    "sqlite": "(t.helpers = '[]' OR {a}.actor NOT IN (SELECT value FROM json_each(t.helpers)))",
    "postgresql": "(t.helpers = '[]' OR NOT (CAST(t.helpers AS jsonb) ? {a}.actor))",
}
JSON_BLOCKER = {
    "sqlite": "json_extract(e.payload, '$.blocker')",
    "postgresql": "(CAST(e.payload AS jsonb) ->> 'blocker')",
}


def report_scope(lead: str | None, project: str | None, alias: str = "t") -> tuple[str, dict]:
    """The condition on `tasks AS alias` of the tasks a report may read, and its filters.
    Needs the parameters :start and :as_of (UTC text) besides those returned. A task changed
    since :as_of passes the lead and project filters whatever it holds now: it is replayed to
    :as_of, and kept only if it had that lead or project then (services/review.py)."""
    where = [f"({alias}.status = 'open' OR {alias}.updated >= :start)", f"{alias}.created <= :as_of"]
    params = {}
    for column, value in (("lead", lead), ("project", project)):
        if value is not None:
            where.append(f"({alias}.{column} = :{column} OR {alias}.updated > :as_of)")
            params[column] = value
    return " AND ".join(where), params


def report_tasks(scope: str) -> str:
    return f"SELECT {', '.join('t.' + c for c in TASK_COLUMNS)} FROM tasks t WHERE {scope} ORDER BY t.id"


def report_replay_events(scope: str) -> str:
    """Every event up to :as_of of the tasks in scope updated after :as_of (to replay): the
    tasks first (few, if any), then their events through events_task_at."""
    return (f"SELECT {_EVENT_COLS} FROM events WHERE at <= :as_of AND task_id IN "
            f"(SELECT t.id FROM tasks t WHERE t.updated > :as_of AND {scope}) ORDER BY seq")


def report_checkins(scope: str, dialect: str) -> str:
    """Per task in scope and person: their check-ins in [:start, :end) up to :as_of, and how
    many of them moved the progress (from the task's check-in before by anyone but its helpers
    — a new owner who repeats the last figure moved nothing — or from 0) or named a blocker.
    (The report keeps the figures of those who held the task.)

    The period's check-ins come from the index events(kind, at, task_id); each one's check-in
    before (before :end and :as_of) from events_checkins, a few entries per task, so the cost
    follows the period's check-ins, not the ledger's."""
    progress, blocker = JSON_PROGRESS[dialect], JSON_BLOCKER[dialect]
    before = progress.replace("e.payload", "b.payload")
    return (
        "SELECT e.task_id, e.actor, COUNT(*), SUM(CASE WHEN "
        f"{progress} <> COALESCE((SELECT {before} FROM events b WHERE b.task_id = e.task_id "
        f"AND b.kind = 'checked_in' AND b.seq < e.seq AND {NOT_HELPER[dialect].format(a='b')} "
        "AND b.at < :end AND b.at <= :as_of ORDER BY b.seq DESC LIMIT 1), 0) "
        f"OR {blocker} IS NOT NULL THEN 1 ELSE 0 END) "
        "FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.kind = 'checked_in' "
        f"AND e.at >= :start AND e.at < :end AND e.at <= :as_of AND {scope} "
        "GROUP BY e.task_id, e.actor"
    )


PERIOD_KINDS = ("escalated", "extended", "reassigned", "waived", "closed")


def report_period_events(scope: str) -> str:
    """The escalations, extensions, hand-overs, waivers and closures in [:start, :end) up to
    :as_of of the tasks in scope, in order."""
    cols = ", ".join("e." + c for c in EVENT_COLUMNS)
    kinds = ", ".join(f"'{k}'" for k in PERIOD_KINDS)
    return (
        f"SELECT {cols} FROM events e JOIN tasks t ON t.id = e.task_id "
        f"WHERE e.kind IN ({kinds}) AND e.at >= :start AND e.at < :end AND e.at <= :as_of "
        f"AND {scope} ORDER BY e.seq"
    )


FINISHED_BETWEEN = (  # the trend: how tasks finished in [:start, :end) finished
    "SELECT finished_at, original_due, due, waived FROM tasks "
    "WHERE finished_at >= :start AND finished_at < :end AND status IN ('done', 'closed')"
)


def report_pattern_events(scope: str, dialect: str) -> str:
    """The events ≤ :as_of that show whether a task in scope bounced (its hand-overs) or moves
    only when pushed (its reminders, escalations and check-ins), of the tasks that may (a
    superset: the domain decides), task by task. Reports without progress need only the last check-ins:
    `report_idle_tails`. Parameters: :as_of, :start, :moves (a task with fewer hand-overs
    cannot have bounced: the bounce count, at most 2, since a second hand-over is the
    first that can go back to an earlier owner), :pushed_min and the scope's filters.

    The per-task subqueries carry no time bound: without one, they can only walk the task's
    own check-ins in the events_checkins index, whatever the planner knows (SQLite without
    statistics, a ledger never analysed, walks every check-in of the ledger for each task
    when given one). The tasks replayed to :as_of are judged on their replayed events."""
    progress, own = JSON_PROGRESS[dialect], NOT_HELPER[dialect].format(a="e")
    bounced = f"SELECT t.id FROM tasks t WHERE t.reassigned >= :moves AND {scope}"
    # moves only when pushed: no advance before the first push, and enough check-ins after
    # it. The pushes come from the covering index events(kind, at, task_id); each task's
    # check-ins from events_checkins, a few entries per task.
    pushed = (
        "SELECT t.id FROM tasks t JOIN (SELECT e.task_id, MIN(e.seq) AS first_push "
        "FROM events e WHERE e.kind IN ('reminded', 'escalated') "
        f"GROUP BY e.task_id) p ON p.task_id = t.id WHERE {scope} "
        "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.task_id = t.id "
        f"AND e.seq < p.first_push AND e.kind = 'checked_in' AND {progress} > 0 AND {own}) "
        "AND (SELECT COUNT(*) FROM events e WHERE e.task_id = t.id "
        f"AND e.seq > p.first_push AND e.kind = 'checked_in' AND {own}) >= :pushed_min"
    )
    # PostgreSQL takes the candidates as arrays (init plans) and reads their events through
    # events_task_at; with IN it estimates hundreds of candidates and scans every event
    among = ((lambda q: f"= ANY(ARRAY({q}))") if dialect == "postgresql" else
             (lambda q: f"IN ({q})"))
    return (f"SELECT {_EVENT_COLS} FROM events WHERE at <= :as_of AND kind = 'reassigned' "
            f"AND task_id {among(bounced)} UNION ALL "
            f"SELECT {_EVENT_COLS} FROM events WHERE at <= :as_of "
            f"AND kind IN ('reminded', 'escalated', 'checked_in') AND task_id {among(pushed)} "
            "ORDER BY task_id, seq")


def report_idle_tails(scope: str, dialect: str) -> str:
    """(task id, progress) of the open tasks in scope whose last :idle_checkins check-ins (not
    its helpers') all report one progress below 100 (reports without progress): that progress, which each of
    those check-ins reported. Each task's last check-ins are read once, from events_checkins
    (a few entries per task), without a time bound (see `report_pattern_events`)."""
    progress, own = JSON_PROGRESS[dialect], NOT_HELPER[dialect].format(a="e")
    last_ones = (f"SELECT {progress} AS p FROM events e WHERE e.task_id = t.id "
                 f"AND e.kind = 'checked_in' AND {own} ORDER BY e.seq DESC LIMIT :idle_checkins")
    return (
        "WITH tails AS MATERIALIZED (SELECT t.id AS id, (SELECT CASE WHEN COUNT(*) = :idle_checkins "
        "AND MIN(last_ones.p) = MAX(last_ones.p) AND MAX(last_ones.p) < 100 THEN MAX(last_ones.p) "
        f"END FROM ({last_ones}) last_ones) AS p FROM tasks t WHERE t.status = 'open' "
        f"AND t.last_checkin IS NOT NULL AND {scope}) "
        "SELECT id, p FROM tails WHERE p IS NOT NULL ORDER BY id"
    )


# -- the inbox: what waits for one person ----------------------------------------------------
INBOX_TASKS = (  # their open tasks, and the tasks they lead (a team lead: also the members'
    # own commitments, led by their owner) that wait for them
    f"SELECT {_TASK_COLS} FROM tasks WHERE (owner = :who AND status = 'open') OR ((lead = :who "
    "OR (:team_lead = 1 AND lead = owner AND owner <> :who)) "
    "AND (status = 'done' OR (status = 'open' AND (returned_at IS NOT NULL OR pending_at IS NOT NULL)))) "
    "ORDER BY due, id"
)
INBOX_EVENTS = (  # what others recorded on their open tasks since their own last step there:
    # each task's last own step found once (a materialized CTE), then its events after it
    "WITH mine AS MATERIALIZED (SELECT t.id AS id, COALESCE((SELECT MAX(m.seq) FROM events m "
    "WHERE m.task_id = t.id AND m.actor = :who), 0) AS seq FROM tasks t "
    "WHERE t.owner = :who AND t.status = 'open') "
    f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM mine JOIN events e "
    "ON e.task_id = mine.id AND e.seq > mine.seq WHERE e.actor <> :who "
    "AND e.kind IN ('reminded', 'escalated', 'noted', 'extension_rejected', 'extended', 'amended') "
    "ORDER BY e.seq"
)


# -- the outbox: `luoshi notify` ---------------------------------------------------------------
# The kinds of event that concern someone who should hear of it (domain/notify.py says who).
NOTIFY_KINDS = ("assigned", "reassigned", "reminded", "escalated", "returned", "noted",
                "extension_requested", "extension_rejected", "extended")
JSON_INSTRUCTION = {  # a note that is a lead's instruction (批示)
    "sqlite": "json_extract(e.payload, '$.instruction') = 1",
    "postgresql": "(CAST(e.payload AS jsonb) ->> 'instruction') = 'true'",
}
_FINAL = "('sent', 'skipped')"


def pending_deliveries(dialect: str) -> str:
    """Every event of NOTIFY_KINDS not yet sent or skipped on :channel, in order, with its
    task's status and the latest delivery row of the event on the channel (NULLs: none)."""
    cols = ", ".join("e." + c for c in EVENT_COLUMNS)
    kinds = ", ".join(f"'{k}'" for k in NOTIFY_KINDS)
    return (
        f"SELECT {cols}, t.status, d.state, d.attempt, d.at, d.claimer FROM events e "
        "JOIN tasks t ON t.id = e.task_id "
        "LEFT JOIN deliveries d ON d.id = (SELECT MAX(x.id) FROM deliveries x "
        "WHERE x.event_seq = e.seq AND x.channel = :channel) "
        f"WHERE e.kind IN ({kinds}) AND (e.kind <> 'noted' OR {JSON_INSTRUCTION[dialect]}) "
        "AND NOT EXISTS (SELECT 1 FROM deliveries f WHERE f.event_seq = e.seq "
        f"AND f.channel = :channel AND f.state IN {_FINAL}) ORDER BY e.seq"
    )


CHANNEL_SEEN = "SELECT COUNT(*) FROM deliveries WHERE channel = :channel"
RECENT_CLAIMS = (
    "SELECT COUNT(*) FROM deliveries WHERE channel = :channel AND state = 'claimed' AND at > :since"
)
DELIVERY_FINAL = (
    "SELECT COUNT(*) FROM deliveries WHERE event_seq = :event_seq AND channel = :channel "
    f"AND state IN {_FINAL}"
)
INSERT_DELIVERY = (
    "INSERT INTO deliveries (event_seq, channel, state, attempt, at, claimer, detail) "
    "VALUES (:event_seq, :channel, :state, :attempt, :at, :claimer, :detail)"
)
# Channels whose every delivery since their last success (or ever) failed, with the first and
# the latest of those failures and the latest's reason.
FAILING_CHANNELS = (
    "SELECT d.channel, MIN(d.at), MAX(d.at), MAX(d.id) FROM deliveries d WHERE d.state = 'failed' "
    "AND d.at > COALESCE((SELECT MAX(s.at) FROM deliveries s WHERE s.channel = d.channel "
    "AND s.state = 'sent'), '') GROUP BY d.channel ORDER BY d.channel"
)
DELIVERY_DETAIL = "SELECT detail FROM deliveries WHERE id = :id"
