"""The statements of schema versions 1–4 exactly as they first ran: the history a ledger of
an older luoshi is upgraded from (migrations.py), and what tests build old ledgers with.

Never edit these: a ledger that ran them has them. The current schema is declared in
models.py (tables), schema.py (SQLite's triggers) and server.py (PostgreSQL's rules).
"""

from __future__ import annotations

from luoshi.store.schema import APPLICATION_ID, PG_LOCK_KEY, PG_SCHEMA

V1_SQLITE = [
    """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""",
    """CREATE TABLE tasks (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        owner TEXT NOT NULL,
        lead TEXT NOT NULL,
        created TEXT NOT NULL,
        due TEXT NOT NULL,
        original_due TEXT NOT NULL,
        helpers TEXT NOT NULL DEFAULT '[]',
        project TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL,
        standard TEXT,
        parent INTEGER REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'closed', 'cancelled')),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        last_checkin TEXT,
        last_touch TEXT NOT NULL,
        blocker TEXT,
        escalation INTEGER NOT NULL DEFAULT 0,
        rating INTEGER,
        cadence INTEGER,
        due_window INTEGER,
        urgent INTEGER NOT NULL DEFAULT 0,
        waived INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT,
        closed_at TEXT,
        reassigned INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL,
        updated TEXT NOT NULL)""",
    """CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        task_id INTEGER NOT NULL REFERENCES tasks(id) DEFERRABLE INITIALLY DEFERRED,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        key TEXT UNIQUE,
        prev_hash TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL UNIQUE)""",
    "CREATE INDEX events_task_at ON events (task_id, at)",
    "CREATE INDEX events_kind_at ON events (kind, at, task_id)",
    "CREATE INDEX tasks_status_due ON tasks (status, due, owner)",
    "CREATE INDEX tasks_owner_status ON tasks (owner, status)",
    """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'luoshi events are append-only'); END""",
    """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'luoshi events are append-only'); END""",
    """CREATE TRIGGER events_contiguous BEFORE INSERT ON events
        WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events)
          OR NEW.prev_hash IS NOT COALESCE(
               (SELECT hash FROM events ORDER BY seq DESC LIMIT 1), printf('%064d', 0))
        BEGIN SELECT RAISE(ABORT, 'luoshi events must extend the chain'); END""",
]


# -- PostgreSQL: the same tables, and the rules a shared team ledger needs held by the server

def _postgresql_table(statement: str) -> str:
    """A CREATE TABLE of V1_SQLITE in PostgreSQL's words: the same columns and constraints;
    64-bit ids and sequence numbers, and byte-order ("C") collation on text, as SQLite's
    BINARY collation compares."""
    for sqlite_text, postgresql_text in (
        ("id INTEGER PRIMARY KEY", "id BIGINT PRIMARY KEY"),
        ("seq INTEGER PRIMARY KEY", "seq BIGINT PRIMARY KEY"),
        ("parent INTEGER REFERENCES", "parent BIGINT REFERENCES"),
        ("task_id INTEGER NOT NULL", "task_id BIGINT NOT NULL"),
        ("last_seq INTEGER NOT NULL", "last_seq BIGINT NOT NULL"),
        (" TEXT", ' TEXT COLLATE "C"'),
    ):
        statement = statement.replace(sqlite_text, postgresql_text)
    return statement


V1_POSTGRESQL = [_postgresql_table(s) for s in V1_SQLITE if s.startswith("CREATE TABLE")] + [
    s for s in V1_SQLITE if s.startswith("CREATE INDEX")] + [
    # append-only, for everyone (privileges refuse members too; this stops the owner role)
    """CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'luoshi events are append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION refuse_change()""",
    """CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()""",
    """CREATE TRIGGER tasks_no_truncate BEFORE TRUNCATE ON tasks
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()""",
    # the chain: serialised by an advisory lock, then contiguous and linked, or refused
    f"""CREATE FUNCTION events_extend_chain() RETURNS trigger LANGUAGE plpgsql
        SET search_path = {PG_SCHEMA}, pg_temp AS $$
    DECLARE
        head_seq BIGINT;
        head_hash TEXT;
    BEGIN
        PERFORM pg_advisory_xact_lock({PG_LOCK_KEY});
        SELECT seq, hash INTO head_seq, head_hash FROM events ORDER BY seq DESC LIMIT 1;
        IF NEW.seq IS DISTINCT FROM COALESCE(head_seq, 0) + 1
           OR NEW.prev_hash IS DISTINCT FROM COALESCE(head_hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'luoshi events must extend the chain'
                USING ERRCODE = 'unique_violation';
        END IF;
        -- the hash must be the one domain/hashing.py computes over the event's content:
        -- SHA-256 of the prefix (luoshi-event NUL v1 NUL) + the canonical JSON array
        IF NEW.hash IS DISTINCT FROM encode(sha256(
               decode('6c756f7368692d6576656e7400763100', 'hex') || convert_to(
                   '[' || to_json(NEW.prev_hash)::text || ',' || NEW.seq || ',' || NEW.task_id
                   || ',' || to_json(NEW.kind)::text || ',' || to_json(NEW.at)::text || ','
                   || to_json(NEW.actor)::text || ',' || NEW.payload || ']', 'UTF8')), 'hex') THEN
            RAISE EXCEPTION 'luoshi event % does not match its hash', NEW.seq
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER events_chain BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION events_extend_chain()""",
    # the current-state table is the database's own fold of the events (domain/task.py's
    # `fold`, statement for statement); `luoshi verify` checks the two agree
    f"""CREATE FUNCTION events_fold() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = {PG_SCHEMA}, pg_temp AS $$
    DECLARE
        p JSONB := NEW.payload::jsonb;
        t tasks%ROWTYPE;
        old_owner TEXT;
    BEGIN
        IF NEW.kind = 'assigned' THEN
            INSERT INTO tasks (id, uid, title, owner, lead, created, due, original_due,
                helpers, project, tags, source, standard, parent, status, progress,
                last_checkin, last_touch, blocker, escalation, rating, cadence, due_window,
                urgent, waived, finished_at, closed_at, reassigned, last_seq, updated)
            VALUES (NEW.task_id, p->>'uid', p->>'title', p->>'owner', p->>'lead', NEW.at,
                p->>'due', p->>'due',
                COALESCE(NULLIF(p->'helpers', 'null'::jsonb), '[]'::jsonb)::text,
                p->>'project',
                COALESCE(NULLIF(p->'tags', 'null'::jsonb), '[]'::jsonb)::text,
                COALESCE(p->>'source', 'self'), p->>'standard', (p->>'parent')::bigint,
                'open', 0, NULL, NEW.at, NULL, 0, NULL, (p->>'cadence')::integer,
                (p->>'due_window')::integer,
                CASE WHEN COALESCE((p->>'urgent')::boolean, false) THEN 1 ELSE 0 END,
                0, NULL, NULL, 0, NEW.seq, NEW.at);
            RETURN NULL;
        END IF;
        SELECT * INTO t FROM tasks WHERE id = NEW.task_id FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'luoshi: there is no task %', NEW.task_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        old_owner := t.owner;
        CASE NEW.kind
        WHEN 'checked_in' THEN
            t.progress := (p->>'progress')::integer;
            t.last_checkin := NEW.at;
            t.blocker := p->>'blocker';
            IF t.progress >= 100 THEN
                t.status := 'done'; t.progress := 100; t.finished_at := NEW.at;
                t.blocker := NULL;
            END IF;
        WHEN 'escalated' THEN
            t.escalation := GREATEST(t.escalation, (p->>'rung')::integer);
        WHEN 'extended' THEN
            t.due := p->>'due';
        WHEN 'reassigned' THEN
            t.owner := p->>'to_owner'; t.reassigned := t.reassigned + 1;
            t.last_touch := NEW.at;
        WHEN 'finished' THEN
            t.status := 'done'; t.progress := 100; t.finished_at := NEW.at; t.blocker := NULL;
        WHEN 'closed' THEN
            t.status := 'closed'; t.closed_at := NEW.at;
        WHEN 'reopened' THEN
            t.status := 'open'; t.finished_at := NULL; t.closed_at := NULL;
            t.last_touch := NEW.at; t.progress := LEAST(t.progress, 99);
        WHEN 'scored' THEN
            t.rating := (p->>'rating')::integer;
        WHEN 'waived' THEN
            t.escalation := LEAST(t.escalation, COALESCE((p->>'rung')::integer, 0));
            t.waived := t.waived + 1;
        WHEN 'cancelled' THEN
            t.status := 'cancelled'; t.blocker := NULL;
        WHEN 'reminded' THEN
            NULL;
        ELSE
            RAISE EXCEPTION 'luoshi: unknown event kind %', NEW.kind
                USING ERRCODE = 'check_violation';
        END CASE;
        IF NEW.actor = old_owner THEN  -- anything the owner does shows the task is alive
            t.last_touch := NEW.at;
        END IF;
        UPDATE tasks SET owner = t.owner, due = t.due, status = t.status,
            progress = t.progress, last_checkin = t.last_checkin, last_touch = t.last_touch,
            blocker = t.blocker, escalation = t.escalation, rating = t.rating,
            waived = t.waived, finished_at = t.finished_at, closed_at = t.closed_at,
            reassigned = t.reassigned, last_seq = NEW.seq, updated = NEW.at
        WHERE id = t.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER events_fold AFTER INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION events_fold()""",
    # nobody writes the tasks table but the fold (pg_trigger_depth() is 2 inside it)
    """CREATE FUNCTION tasks_kept_by_fold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION 'the luoshi tasks table is kept by the database from the events'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN COALESCE(NEW, OLD);
    END $$""",
    """CREATE TRIGGER tasks_kept BEFORE INSERT OR UPDATE OR DELETE ON tasks
        FOR EACH ROW EXECUTE FUNCTION tasks_kept_by_fold()""",
]

# Version 2: the people of a team. On SQLite the table is only kept (a local ledger trusts
# --as); on PostgreSQL each login role maps to one person, who is every event's actor, and
# the permissions of the contract are checked by the server before an event is stored.
V2_SQLITE = [
    """CREATE TABLE people (
        role TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, lead INTEGER NOT NULL DEFAULT 0)""",
]
V2_POSTGRESQL = [
    """CREATE TABLE people (
        role TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, lead INTEGER NOT NULL DEFAULT 0)""",
    f"""CREATE FUNCTION current_person() RETURNS TEXT LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = {PG_SCHEMA}, pg_temp AS $$
        SELECT name FROM people WHERE role = session_user
    $$""",
    f"""CREATE FUNCTION events_permitted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = {PG_SCHEMA}, pg_temp AS $$
    DECLARE
        person TEXT;
        is_lead BOOLEAN;
        t_owner TEXT;
        t_lead TEXT;
        t_status TEXT;
    BEGIN
        SELECT name, lead <> 0 INTO person, is_lead FROM people WHERE role = session_user;
        IF NOT FOUND THEN
            -- not a member: only roles that bypass row security (the administrator
            -- importing a ledger) get this far; members are checked below
            RETURN NEW;
        END IF;
        IF NEW.actor IS DISTINCT FROM person THEN
            RAISE EXCEPTION 'you are connected as % (%); you cannot record events as %',
                session_user, person, NEW.actor USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.kind = 'assigned' THEN
            IF (NEW.payload::jsonb->>'owner') IS DISTINCT FROM person AND NOT is_lead THEN
                RAISE EXCEPTION '% is not a lead of this team and may assign work only to themself',
                    person USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END IF;
        SELECT owner, lead, status INTO t_owner, t_lead, t_status FROM tasks WHERE id = NEW.task_id;
        -- what the task's status allows (domain/rules.py may_step)
        IF t_status = 'cancelled'
           OR (NEW.kind IN ('checked_in', 'reminded', 'escalated', 'extended', 'reassigned',
                            'finished', 'cancelled') AND t_status <> 'open')
           OR (NEW.kind IN ('closed', 'scored') AND t_status NOT IN ('done', 'closed'))
           OR (NEW.kind = 'closed' AND t_status = 'closed')
           OR (NEW.kind = 'reopened' AND t_status = 'open') THEN
            RAISE EXCEPTION 'task % is %; % cannot be recorded on it', NEW.task_id, t_status,
                NEW.kind USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind IN ('checked_in', 'finished') AND t_owner IS DISTINCT FROM person THEN
            RAISE EXCEPTION 'task % belongs to %; % cannot report on it',
                NEW.task_id, t_owner, person USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.kind IN ('escalated', 'extended', 'reassigned', 'scored', 'closed',
                        'reopened', 'cancelled', 'waived')
           AND t_lead IS DISTINCT FROM person AND NOT is_lead THEN
            RAISE EXCEPTION 'only the task''s lead (%) or a team lead may do that to task %, not %',
                t_lead, NEW.task_id, person USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$""",
    # runs after events_chain (triggers fire in name order): the lock is already held
    """CREATE TRIGGER events_permitted BEFORE INSERT ON events
        FOR EACH ROW EXECUTE FUNCTION events_permitted()""",
    "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE events FORCE ROW LEVEL SECURITY",
    "CREATE POLICY events_read ON events FOR SELECT USING (true)",
    "CREATE POLICY events_by_self ON events FOR INSERT WITH CHECK (actor = current_person())",
    # rows stay visible to UPDATE and DELETE so the append-only trigger refuses them loudly
    # (without a policy they would silently match nothing)
    "CREATE POLICY events_no_update ON events FOR UPDATE USING (true)",
    "CREATE POLICY events_no_delete ON events FOR DELETE USING (true)",
]


# Version 3: indexes for finding people quickly (shell completion of names at any size):
# leads walked like owners, and only the tasks that have helpers (a partial index).
V3 = [
    "CREATE INDEX tasks_lead ON tasks (lead)",
    "CREATE INDEX tasks_with_helpers ON tasks (helpers) WHERE helpers <> '[]'",
]


# Version 4: what a report's pattern search reads, in the index alone: per task, its check-ins
# in order, with the progress each reported taken out of the JSON payload. "The last three
# check-ins of every open task" and "the check-ins before and after the first push" then cost
# a few index entries per task instead of reading and parsing every event (measured at 1M
# events: 2.6 s → 0.5 s). The progress expression is the one the report's statements use
# (store/sql.py JSON_PROGRESS), so each server matches it to the index.
V4_SQLITE = [
    "CREATE INDEX events_checkins ON events (task_id, seq, "
    "CAST(json_extract(payload, '$.progress') AS INTEGER), at) WHERE kind = 'checked_in'",
]
V4_POSTGRESQL = [
    "CREATE INDEX events_checkins ON events (task_id, seq, "
    "(CAST(CAST(payload AS jsonb) ->> 'progress' AS INTEGER)), at) WHERE kind = 'checked_in'",
]
