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
SELECT_PEOPLE_CHOICES = (  # owners (indexed), leads and helpers whose name starts with :prefix
    "SELECT name FROM ("
    "SELECT DISTINCT owner AS name FROM tasks UNION SELECT lead FROM tasks "
    "UNION SELECT value FROM tasks, json_each(tasks.helpers) WHERE tasks.helpers <> '[]'"
    ") WHERE substr(name, 1, length(:prefix)) = :prefix ORDER BY name LIMIT :limit"
)
