"""The rules a team ledger's server holds, in PostgreSQL's own language (schema 5).

A member's luoshi is a convenience; these functions are the rules, also against psql:
- `events_guard` (BEFORE INSERT on events) serialises appends with an advisory lock; for a
  member it stamps the event — the server's clock, the next place in the chain, the hash —
  checks the payload (generated from domain/events.py), the task's status, who may record
  it (generated from domain/rules.py's WHO), the time rules (only a lead's assignment may be
  backdated, within `team.backdate_limit`) and the task id; for the owner role importing an
  export it checks the given chain and hash instead and keeps the export's times;
- `events_fold` (AFTER INSERT) keeps the tasks table: domain/task.py's fold, statement for
  statement (a Hypothesis property replays random histories on both and compares);
- `settings_guard` keeps the team's settings append-only, a lead's to set, each value
  checked against config.py's declarations;
- members may only SELECT and INSERT; UPDATE, DELETE and TRUNCATE are refused by privileges
  and by triggers (even for the owner role); row security ties every event to its actor;
- `deliveries_guard` (schema 6) lets only the team's notifier role (`team add-notifier`)
  record a delivery — so a member cannot mark their own 催办 as sent — and stamps it with
  the server's clock and the connected role; deliveries are append-only like events.
"""

from __future__ import annotations

from luoshi.domain.events import MAX_TASK_ID
from luoshi.domain.task import SIGNING
from luoshi.store.schema import PG_LOCK_KEY, PG_SCHEMA, TASK_COLUMNS
from luoshi.store.server_checks import (LEAD_RUNG, payload_checks, setting_checks,
                                        status_rules, who_rules)

PAYLOAD_LIMIT = 256 * 1024  # bytes of a payload's text
KEY_LIMIT = 220
_DEFINER = f"SECURITY DEFINER SET search_path = {PG_SCHEMA}, pg_temp"

HELPERS = [
    """CREATE OR REPLACE FUNCTION luoshi_utc(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        IF t IS NULL OR t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' THEN
            RETURN false;
        END IF;
        PERFORM t::timestamptz;
        RETURN true;
    EXCEPTION WHEN others THEN
        RETURN false;
    END $$""",
    # the canonical JSON of domain/hashing.py: sorted keys, no spaces, non-ASCII as it is
    """CREATE OR REPLACE FUNCTION canonical_json(j jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE jsonb_typeof(j)
            WHEN 'object' THEN COALESCE((SELECT '{' || string_agg(to_json(k)::text || ':'
                || canonical_json(v), ',' ORDER BY k COLLATE "C") || '}' FROM jsonb_each(j) AS e(k, v)), '{}')
            WHEN 'array' THEN COALESCE((SELECT '[' || string_agg(canonical_json(v), ',' ORDER BY n)
                || ']' FROM jsonb_array_elements(j) WITH ORDINALITY AS a(v, n)), '[]')
            ELSE j::text END
    $$""",
    f"""CREATE OR REPLACE FUNCTION setting(name text) RETURNS jsonb LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT value::jsonb FROM settings WHERE key = name ORDER BY seq DESC LIMIT 1
    $$""",
    # the server's clock; its administrator may shift it (clock.offset, seconds) or fix it
    # (clock.at, a UTC time) for demonstrations and tests
    f"""CREATE OR REPLACE FUNCTION server_time() RETURNS timestamptz LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT COALESCE((setting('clock.at') #>> '{{}}')::timestamptz, clock_timestamp()
            + make_interval(secs => COALESCE((setting('clock.offset') #>> '{{}}')::numeric, 0)))
    $$""",
    """CREATE OR REPLACE FUNCTION utc_text(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    $$""",
    f"""CREATE OR REPLACE FUNCTION server_now() RETURNS text LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT utc_text(server_time())
    $$""",
    f"""CREATE OR REPLACE FUNCTION current_person() RETURNS TEXT LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT name FROM people WHERE role = session_user
    $$""",
    # who the connected role is, the server's time and the team's settings, in one round trip
    f"""CREATE OR REPLACE FUNCTION whoami() RETURNS jsonb LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT jsonb_build_object(
            'name', p.name, 'lead', p.lead <> 0, 'recorder', p.recorder <> 0,
            'notifier', COALESCE(pg_has_role(session_user,
                (SELECT value FROM meta WHERE key = 'notifier_role'), 'MEMBER'), false),
            'now', server_now(),
            'settings', COALESCE((SELECT jsonb_object_agg(s.key, s.value::jsonb) FROM (
                SELECT DISTINCT ON (key) key, value FROM settings ORDER BY key, seq DESC) s), '{{}}'))
        FROM (SELECT session_user AS role) me LEFT JOIN people p ON p.role = me.role
    $$""",
]


def _payload_problem() -> str:
    return (f"""CREATE OR REPLACE FUNCTION payload_problem(kind text, p jsonb) RETURNS text
        LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        IF jsonb_typeof(p) IS DISTINCT FROM 'object' THEN
            RETURN 'the payload is not a JSON object';
        END IF;
{payload_checks()}
    END $$""")


def _setting_problem() -> str:
    from luoshi.config import SECTIONS, TEAM_SECTIONS

    sections = {name: SECTIONS[name] for name in TEAM_SECTIONS}
    return (f"""CREATE OR REPLACE FUNCTION setting_problem(key text, v jsonb) RETURNS text
        LANGUAGE plpgsql IMMUTABLE AS $$
    BEGIN
        IF key = 'report.review_day' THEN
            RETURN CASE WHEN jsonb_typeof(v) = 'null' OR (v #>> '{{}}') IN
                ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun') THEN NULL
                ELSE 'report.review_day is mon, tue … sun' END;
        END IF;
        IF key = 'team.timezone' THEN
            RETURN CASE WHEN jsonb_typeof(v) = 'string' AND EXISTS (
                SELECT 1 FROM pg_timezone_names WHERE name = v #>> '{{}}') THEN NULL
                ELSE 'team.timezone is a time zone name like Asia/Shanghai' END;
        END IF;
        IF key = 'clock.at' THEN
            RETURN CASE WHEN jsonb_typeof(v) = 'null' OR luoshi_utc(v #>> '{{}}') THEN NULL
                ELSE 'clock.at is a UTC time like 2026-11-23T01:30:00Z, or null' END;
        END IF;
        IF key IN ('team.backdate_limit', 'clock.offset') THEN
            RETURN CASE WHEN jsonb_typeof(v) = 'number' AND abs((v)::numeric) <= 31536000
                AND (key = 'clock.offset' OR (v)::numeric >= 0) THEN NULL
                ELSE format('%s is a number of seconds', key) END;
        END IF;
{setting_checks(sections, ())}
    END $$""")


def _guard() -> str:
    return f"""CREATE OR REPLACE FUNCTION events_guard() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        person TEXT;
        is_lead BOOLEAN;
        is_recorder BOOLEAN;
        k TEXT := NEW.kind;
        p JSONB;
        t tasks%ROWTYPE;
        head_seq BIGINT;
        head_hash TEXT;
        now_at TIMESTAMPTZ;
        problem TEXT;
        allowed BOOLEAN;
    BEGIN
        PERFORM pg_advisory_xact_lock({PG_LOCK_KEY});
        IF octet_length(NEW.payload) > {PAYLOAD_LIMIT} THEN
            RAISE EXCEPTION 'the event is too large (its payload is over {PAYLOAD_LIMIT // 1024} KB)'
                USING ERRCODE = 'check_violation';
        END IF;
        BEGIN
            p := NEW.payload::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'the payload is not JSON' USING ERRCODE = 'check_violation';
        END;
        problem := payload_problem(k, p);
        IF problem IS NULL AND NEW.payload IS DISTINCT FROM canonical_json(p) THEN
            problem := 'the payload is not in canonical form (sorted keys, no spaces)';
        END IF;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'luoshi refuses this event: %', problem USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.task_id IS NULL OR NEW.task_id < 1 OR NEW.task_id > {MAX_TASK_ID} THEN
            RAISE EXCEPTION 'luoshi refuses this event: task id % is out of range', NEW.task_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.key IS NOT NULL AND char_length(NEW.key) > {KEY_LIMIT} THEN
            RAISE EXCEPTION 'luoshi refuses this event: its key is too long' USING ERRCODE = 'check_violation';
        END IF;
        SELECT seq, hash INTO head_seq, head_hash FROM events ORDER BY seq DESC LIMIT 1;
        SELECT name, lead <> 0, recorder <> 0 INTO person, is_lead, is_recorder
            FROM people WHERE role = session_user;
        IF NOT FOUND THEN
            -- not a member: the owner role importing an export into an empty team ledger
            -- (members are stopped by row security before this)
            RETURN chain_as_given(NEW, head_seq, head_hash);
        END IF;
        IF NEW.actor IS DISTINCT FROM person THEN
            RAISE EXCEPTION 'you are connected as % (%); you cannot record events as %',
                session_user, person, NEW.actor USING ERRCODE = 'insufficient_privilege';
        END IF;
        now_at := server_time();
        IF k = 'assigned' THEN
            PERFORM check_assignment(NEW, p, person, is_lead, is_recorder, now_at);
            NEW.at := COALESCE(NEW.at, utc_text(now_at));  -- a checked backdating keeps its time
        ELSE
            SELECT * INTO t FROM tasks WHERE id = NEW.task_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'there is no task %', NEW.task_id USING ERRCODE = 'foreign_key_violation';
            END IF;
            IF {status_rules()} THEN
                RAISE EXCEPTION 'task % is %; % cannot be recorded on it', NEW.task_id, t.status, k
                    USING ERRCODE = 'check_violation';
            END IF;
            allowed := {who_rules()};
            IF allowed AND k = 'escalated' AND (p->>'rung')::int >= {LEAD_RUNG} THEN
                allowed := is_lead AND person <> t.owner;
            END IF;
            IF allowed AND k = 'amended' AND jsonb_typeof(p->'lead') = 'string'
               AND p->>'lead' <> t.lead THEN
                allowed := is_lead AND person <> t.owner;
            END IF;
            IF k = 'noted' AND (p->>'instruction')::boolean IS DISTINCT FROM
                    (person <> t.owner AND (person = t.lead OR is_lead)) THEN
                RAISE EXCEPTION 'only a lead''s note is an instruction' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NOT allowed THEN
                RAISE EXCEPTION '% may not record % on task % (owner %, lead %)', person, k,
                    NEW.task_id, t.owner, t.lead USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF k = 'extension_rejected' AND t.pending_at IS NULL THEN
                RAISE EXCEPTION 'task % has no extension request waiting', NEW.task_id
                    USING ERRCODE = 'check_violation';
            END IF;
            IF k IN ('extended', 'extension_requested') AND (p->>'due' <= utc_text(now_at)
                    OR (t.due IS NOT NULL AND p->>'due' < t.due)) THEN
                RAISE EXCEPTION 'a new deadline must be later than now and than the current one'
                    USING ERRCODE = 'check_violation';
            END IF;
            NEW.at := utc_text(now_at);
            IF NEW.at < t.created THEN
                RAISE EXCEPTION 'an event on task % cannot come before its assignment', NEW.task_id
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        NEW.seq := COALESCE(head_seq, 0) + 1;
        NEW.prev_hash := COALESCE(head_hash, repeat('0', 64));
        NEW.hash := event_hash(NEW);
        RETURN NEW;
    END $$"""


CHAIN = [
    # SHA-256 of the prefix (luoshi-event NUL v1 NUL) + the canonical JSON array of the
    # event's content: domain/hashing.py's hash
    """CREATE OR REPLACE FUNCTION event_hash(e events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(decode('6c756f7368692d6576656e7400763100', 'hex') || convert_to(
            '[' || to_json(e.prev_hash)::text || ',' || e.seq || ',' || e.task_id
            || ',' || to_json(e.kind)::text || ',' || to_json(e.at)::text || ','
            || to_json(e.actor)::text || ',' || e.payload || ']', 'UTF8')), 'hex')
    $$""",
    f"""CREATE OR REPLACE FUNCTION chain_as_given(e events, head_seq bigint, head_hash text)
        RETURNS events LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
        IF e.seq IS DISTINCT FROM COALESCE(head_seq, 0) + 1
           OR e.prev_hash IS DISTINCT FROM COALESCE(head_hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'luoshi events must extend the chain' USING ERRCODE = 'unique_violation';
        END IF;
        IF NOT luoshi_utc(e.at) THEN
            RAISE EXCEPTION 'luoshi event %: its time is not UTC text', e.seq USING ERRCODE = 'check_violation';
        END IF;
        IF e.hash IS DISTINCT FROM event_hash(e) THEN
            RAISE EXCEPTION 'luoshi event % does not match its hash', e.seq USING ERRCODE = 'check_violation';
        END IF;
        RETURN e;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION check_assignment(e events, p jsonb, person text, is_lead boolean,
            is_recorder boolean, now_at timestamptz) RETURNS void LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        parent tasks%ROWTYPE;
        limit_s NUMERIC := COALESCE((setting('team.backdate_limit') #>> '{{}}')::numeric, 604800);
    BEGIN
        IF e.task_id IS DISTINCT FROM (SELECT COALESCE(MAX(id), 0) + 1 FROM tasks) THEN
            RAISE EXCEPTION 'a new task takes the next id, %', (SELECT COALESCE(MAX(id), 0) + 1 FROM tasks)
                USING ERRCODE = 'check_violation';
        END IF;
        IF NOT (is_lead OR is_recorder) THEN
            IF p->>'owner' IS DISTINCT FROM person THEN
                RAISE EXCEPTION '% is not a lead of this team and may assign work only to themself', person
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p->>'lead' IS DISTINCT FROM person THEN
                RAISE EXCEPTION '% is not a lead of this team and cannot name % as the lead', person,
                    p->>'lead' USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        IF jsonb_typeof(p->'parent') = 'number' THEN
            SELECT * INTO parent FROM tasks WHERE id = (p->>'parent')::bigint;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'there is no parent task %', p->>'parent' USING ERRCODE = 'foreign_key_violation';
            END IF;
            IF NOT (is_lead OR person = parent.lead) OR person = parent.owner THEN
                RAISE EXCEPTION 'only the lead of task % or a team lead plans its milestones, never its owner',
                    parent.id USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF parent.due IS NOT NULL AND (p->>'due' IS NULL OR p->>'due' > parent.due) THEN
                RAISE EXCEPTION 'a milestone is due no later than its task %', parent.id
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF e.at IS NULL THEN
            IF jsonb_typeof(p->'recorded_at') = 'string' THEN
                RAISE EXCEPTION 'recorded_at marks a backdated assignment' USING ERRCODE = 'check_violation';
            END IF;
            RETURN;
        END IF;
        -- a backdated assignment: a lead's, within the limit, and saying when it was recorded
        IF NOT is_lead OR NOT luoshi_utc(e.at) OR e.at > utc_text(now_at)
           OR e.at::timestamptz < now_at - make_interval(secs => limit_s)
           OR jsonb_typeof(p->'recorded_at') IS DISTINCT FROM 'string'
           OR abs(extract(epoch FROM (p->>'recorded_at')::timestamptz - now_at)) > 300 THEN
            RAISE EXCEPTION 'only a lead may backdate an assignment, by at most % seconds, with its recorded time',
                limit_s USING ERRCODE = 'insufficient_privilege';
        END IF;
    END $$""",
]


_SET_ALL = ", ".join(f"{c} = t.{c}" for c in TASK_COLUMNS if c != "id")
_SIGNING = ", ".join(f"'{kind}'" for kind in sorted(SIGNING))
FOLD = f"""CREATE OR REPLACE FUNCTION fold_event(NEW events) RETURNS void LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        p JSONB := NEW.payload::jsonb;
        t tasks%ROWTYPE;
        owner BOOLEAN;
    BEGIN
        IF NEW.kind = 'assigned' THEN
            INSERT INTO tasks (id, uid, title, owner, lead, created, due, original_due,
                helpers, project, tags, source, standard, parent, status, progress,
                last_checkin, last_touch, blocker, escalation, rating, cadence, due_window,
                urgent, waived, finished_at, closed_at, reassigned, last_seq, updated,
                cadence_day, weight, accepted, extensions, returned_missing)
            VALUES (NEW.task_id, p->>'uid', p->>'title', p->>'owner', p->>'lead', NEW.at,
                p->>'due', p->>'due',
                COALESCE(NULLIF(p->'helpers', 'null'::jsonb), '[]'::jsonb)::text,
                p->>'project',
                COALESCE(NULLIF(p->'tags', 'null'::jsonb), '[]'::jsonb)::text,
                COALESCE(p->>'source', 'self'), p->>'standard', (p->>'parent')::bigint,
                'open', 0, NULL, NEW.at, NULL, 0, NULL, (p->>'cadence')::integer,
                (p->>'due_window')::integer,
                CASE WHEN COALESCE((p->>'urgent')::boolean, false) THEN 1 ELSE 0 END,
                0, NULL, NULL, 0, NEW.seq, NEW.at,
                (p->>'cadence_day')::integer, (p->>'weight')::integer, NULL, 0, '[]');
            RETURN;
        END IF;
        SELECT * INTO t FROM tasks WHERE id = NEW.task_id FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'luoshi: there is no task %', NEW.task_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        owner := NEW.actor = t.owner;
        CASE NEW.kind
        WHEN 'checked_in' THEN
            IF owner THEN
                t.progress := (p->>'progress')::integer;
                t.last_checkin := NEW.at;
                t.blocker := p->>'blocker';
                IF p->>'note' IS NOT NULL THEN
                    t.last_note := p->>'note'; t.last_note_at := NEW.at;
                END IF;
                IF t.progress >= 100 THEN
                    t.status := 'done'; t.progress := 100; t.finished_at := NEW.at; t.blocker := NULL;
                END IF;
            END IF;
        WHEN 'escalated' THEN
            t.escalation := GREATEST(t.escalation, (p->>'rung')::integer);
        WHEN 'extended' THEN
            t.due := p->>'due'; t.extensions := t.extensions + 1; t.extension_reason := p->>'reason';
            t.pending_due := NULL; t.pending_reason := NULL; t.pending_at := NULL;
        WHEN 'reassigned' THEN
            t.owner := p->>'to_owner'; t.reassigned := t.reassigned + 1;
            t.last_touch := NEW.at; t.accepted := NULL;
            t.returned_reason := NULL; t.returned_missing := '[]'; t.returned_at := NULL;
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
            t.pending_due := NULL; t.pending_reason := NULL; t.pending_at := NULL;
            t.returned_reason := NULL; t.returned_missing := '[]'; t.returned_at := NULL;
        WHEN 'accepted' THEN
            t.accepted := NEW.at;
        WHEN 'returned' THEN
            t.returned_reason := p->>'reason'; t.returned_at := NEW.at;
            t.returned_missing := COALESCE(NULLIF(p->'missing', 'null'::jsonb), '[]'::jsonb)::text;
        WHEN 'extension_requested' THEN
            t.pending_due := p->>'due'; t.pending_reason := p->>'reason'; t.pending_at := NEW.at;
        WHEN 'extension_rejected' THEN
            t.pending_due := NULL; t.pending_reason := NULL; t.pending_at := NULL;
        WHEN 'amended' THEN
            t.title := COALESCE(p->>'title', t.title);
            t.standard := COALESCE(p->>'standard', t.standard);
            t.lead := COALESCE(p->>'lead', t.lead);
            t.project := COALESCE(p->>'project', t.project);
            IF jsonb_typeof(p->'helpers') = 'array' THEN t.helpers := (p->'helpers')::text; END IF;
            IF jsonb_typeof(p->'tags') = 'array' THEN t.tags := (p->'tags')::text; END IF;
            t.returned_reason := NULL; t.returned_missing := '[]'; t.returned_at := NULL;
        WHEN 'noted' THEN
            IF owner THEN
                t.last_note := p->>'note'; t.last_note_at := NEW.at;
            END IF;
        WHEN 'reminded' THEN
            NULL;
        ELSE
            RAISE EXCEPTION 'luoshi: unknown event kind %', NEW.kind USING ERRCODE = 'check_violation';
        END CASE;
        IF owner THEN  -- anything the owner does shows the task is alive
            t.last_touch := NEW.at;
            IF t.accepted IS NULL AND NEW.kind IN ({_SIGNING}) THEN
                t.accepted := NEW.at;  -- their own word on it signs for it (domain/task.py)
            END IF;
        END IF;
        t.last_seq := NEW.seq; t.updated := NEW.at;
        UPDATE tasks SET {_SET_ALL} WHERE id = t.id;
    END $$"""
FOLD_TRIGGER = f"""CREATE OR REPLACE FUNCTION events_fold() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    BEGIN
        PERFORM fold_event(NEW);
        RETURN NULL;
    END $$"""
# the state table recomputed from every event (an upgrade that adds derived columns)
REFOLD = [
    "ALTER TABLE tasks DISABLE TRIGGER tasks_kept",
    "DELETE FROM tasks",
    "DO $$ DECLARE e events; BEGIN FOR e IN SELECT * FROM events ORDER BY seq LOOP "
    "PERFORM fold_event(e); END LOOP; END $$",
    "SET CONSTRAINTS ALL IMMEDIATE",  # check the references now: no pending trigger events
    "ALTER TABLE tasks ENABLE TRIGGER tasks_kept",
]

KEEPERS = [
    """CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'luoshi events are append-only (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$""",
    """CREATE OR REPLACE FUNCTION tasks_kept_by_fold() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION 'the luoshi tasks table is kept by the database from the events'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN COALESCE(NEW, OLD);
    END $$""",
    f"""CREATE OR REPLACE FUNCTION settings_guard() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        person TEXT;
        is_lead BOOLEAN;
        v JSONB;
        problem TEXT;
    BEGIN
        BEGIN
            v := NEW.value::jsonb;
        EXCEPTION WHEN others THEN
            RAISE EXCEPTION 'a setting''s value is JSON' USING ERRCODE = 'check_violation';
        END;
        problem := setting_problem(NEW.key, v);
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation';
        END IF;
        SELECT name, lead <> 0 INTO person, is_lead FROM people WHERE role = session_user;
        IF FOUND THEN
            IF NOT is_lead OR NEW.key LIKE 'clock.%' THEN
                RAISE EXCEPTION 'only a team lead changes the team''s settings (and the clock only its administrator)'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            NEW.actor := person;
        ELSE
            NEW.actor := session_user;
        END IF;
        NEW.value := canonical_json(v);
        NEW.at := server_now();
        RETURN NEW;
    END $$""",
]

TRIGGERS = [
    "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION refuse_change()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events "
    "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
    "CREATE TRIGGER tasks_no_truncate BEFORE TRUNCATE ON tasks "
    "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
    "CREATE TRIGGER events_guard BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_guard()",
    "CREATE TRIGGER events_fold AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_fold()",
    "CREATE TRIGGER tasks_kept BEFORE INSERT OR UPDATE OR DELETE ON tasks "
    "FOR EACH ROW EXECUTE FUNCTION tasks_kept_by_fold()",
    "CREATE TRIGGER settings_guard BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION settings_guard()",
    "CREATE TRIGGER settings_append_only BEFORE UPDATE OR DELETE ON settings "
    "FOR EACH ROW EXECUTE FUNCTION refuse_change()",
    "CREATE TRIGGER settings_no_truncate BEFORE TRUNCATE ON settings "
    "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
]
SECURITY = [
    "ALTER TABLE events ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE events FORCE ROW LEVEL SECURITY",
    "CREATE POLICY events_read ON events FOR SELECT USING (true)",
    "CREATE POLICY events_by_self ON events FOR INSERT WITH CHECK (actor = current_person())",
    # rows stay visible to UPDATE and DELETE so the append-only trigger refuses them loudly
    "CREATE POLICY events_no_update ON events FOR UPDATE USING (true)",
    "CREATE POLICY events_no_delete ON events FOR DELETE USING (true)",
]
CHECKINS_INDEX = (
    "CREATE INDEX events_checkins ON events (task_id, seq, "
    "(CAST(CAST(payload AS jsonb) ->> 'progress' AS INTEGER)), at) WHERE kind = 'checked_in'")


# The outbox (schema 6). Only members of the notifier role insert (privileges say so, and
# this guard says it again, in case a grant is ever widened); the server stamps the time and
# who claimed; nobody updates or deletes a delivery.
DELIVERY_OBJECTS = [
    f"""CREATE OR REPLACE FUNCTION deliveries_guard() RETURNS trigger LANGUAGE plpgsql {_DEFINER} AS $$
    DECLARE
        notifier TEXT;
    BEGIN
        SELECT value INTO notifier FROM meta WHERE key = 'notifier_role';
        IF notifier IS NULL OR NOT pg_has_role(session_user, notifier, 'MEMBER') THEN
            RAISE EXCEPTION 'only the team''s notifier role records deliveries (% is not one)',
                session_user USING ERRCODE = 'insufficient_privilege';
        END IF;
        NEW.at := server_now();
        NEW.claimer := session_user || '/' || COALESCE(NEW.claimer, '');
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER deliveries_guard BEFORE INSERT ON deliveries "
    "FOR EACH ROW EXECUTE FUNCTION deliveries_guard()",
    "CREATE TRIGGER deliveries_append_only BEFORE UPDATE OR DELETE ON deliveries "
    "FOR EACH ROW EXECUTE FUNCTION refuse_change()",
    "CREATE TRIGGER deliveries_no_truncate BEFORE TRUNCATE ON deliveries "
    "FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()",
]


def functions() -> list[str]:
    """Every function of the current schema (CREATE OR REPLACE: also an upgrade's)."""
    return [*HELPERS, *CHAIN, _payload_problem(), _setting_problem(), _guard(), FOLD, FOLD_TRIGGER,
            *KEEPERS]


def objects() -> list[str]:
    """What a fresh team ledger has besides its declared tables, in creation order."""
    return [CHECKINS_INDEX, *functions(), *TRIGGERS, *SECURITY, *DELIVERY_OBJECTS,
            "INSERT INTO meta (key, value) VALUES ('ledger_id', md5(random()::text || clock_timestamp()::text))"]


# -- what verify compares a team ledger's schema with -----------------------------------------
SHAPE_QUERY = """
SELECT 'trigger ' || c.relname || '.' || t.tgname || ' ' || t.tgenabled::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'luoshi' AND NOT t.tgisinternal
UNION ALL SELECT 'function ' || p.proname || ' ' || md5(p.prosrc)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'luoshi'
UNION ALL SELECT 'policy ' || tablename || '.' || policyname FROM pg_policies WHERE schemaname = 'luoshi'
UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'luoshi'
UNION ALL SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
       || COALESCE(' collate ' || collation_name, '') || ' ' || is_nullable
  FROM information_schema.columns WHERE table_schema = 'luoshi'
UNION ALL SELECT 'row security ' || relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'luoshi' AND c.relkind = 'r'
"""


def expected_shape() -> set[str]:
    """What SHAPE_QUERY finds on a team ledger of the current schema, read from what a fresh
    one is made of (the declared tables and `objects()`; imports SQLAlchemy: `verify` of a
    team ledger only)."""
    import hashlib
    import re

    from sqlalchemy import UniqueConstraint
    from sqlalchemy.dialects import postgresql

    from luoshi.store import models
    from luoshi.store.ddl import create_tables

    shape, secured = set(), {}
    for statement in [*create_tables("postgresql"), *objects()]:
        if found := re.search(r"CREATE TRIGGER (\w+) .*? ON (\w+)", statement, re.S):
            shape.add(f"trigger {found.group(2)}.{found.group(1)} O")
        elif found := re.search(r"CREATE (?:OR REPLACE )?FUNCTION (\w+)\(", statement):
            body = statement.split("$$", 1)[1].rsplit("$$", 1)[0]
            shape.add(f"function {found.group(1)} {hashlib.md5(body.encode()).hexdigest()}")
        elif found := re.search(r"CREATE POLICY (\w+) ON (\w+)", statement):
            shape.add(f"policy {found.group(2)}.{found.group(1)}")
        elif found := re.match(r"CREATE (?:UNIQUE )?INDEX (\w+)", statement):
            shape.add(f"index {found.group(1)}")
        elif found := re.match(r"ALTER TABLE (\w+) (ENABLE|FORCE) ROW LEVEL SECURITY", statement):
            secured.setdefault(found.group(1), set()).add(found.group(2))
    dialect = postgresql.dialect()
    for table in models.metadata.sorted_tables:
        how = secured.get(table.name, set())
        shape.add(f"row security {table.name} {str('ENABLE' in how).lower()} "
                  f"{str('FORCE' in how).lower()}")
        shape.add(f"index {table.name}_pkey")  # PostgreSQL's names for its constraints' indexes
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                columns = "_".join(c.name for c in constraint.columns)
                shape.add(f"index {constraint.name or f'{table.name}_{columns}_key'}")
        for column in table.columns:
            if column.unique:
                shape.add(f"index {table.name}_{column.name}_key")
            base, collation = re.match(r'(\w+)(?: COLLATE "(\w+)")?',
                                       column.type.compile(dialect=dialect)).groups()
            kind = base.lower() + (f" collate {collation}" if collation else "")
            shape.add(f"column {table.name}.{column.name} {kind} {'YES' if column.nullable else 'NO'}")
    return shape
