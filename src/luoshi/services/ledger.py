"""Opening the ledger a context names, and recording one event with its new task state.

`record` is the only way services write: it appends the event and saves the folded state
in the caller's write transaction, so the current-state table can never drift from the
events. On a team ledger the server stamps the event (its clock, its place in the chain)
and keeps the state itself; `record` folds the event as the server stored it.
"""

from __future__ import annotations

from luoshi.domain.events import Payload, payload_of
from luoshi.domain.task import TaskState, fold
from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services.context import Context


def is_team(db: str) -> bool:
    """True when --db names a PostgreSQL server (a team ledger), not a file."""
    return db.split("://", 1)[0].startswith("postgresql") if "://" in db else False


def ledger_path(db: str) -> str:
    """The file a --db value names; a team ledger on PostgreSQL is not a file."""
    if db.startswith("sqlite://"):
        path = db.removeprefix("sqlite://").removeprefix("/")
        if not path or path == ":memory:":
            raise BadInput(_("{db} keeps nothing: a ledger must be a file").format(db=db),
                           _("name a file: --db PATH or sqlite:///PATH"))
        return path
    if db.strip() in (":memory:", ""):
        raise BadInput(_("{db!r} keeps nothing: a ledger must be a file").format(db=db),
                       _("name a file: --db PATH"))
    if "://" in db:
        if is_team(db):
            raise Refused(
                _("this works on a ledger file, and this is a team ledger on PostgreSQL"),
                _("on the server use pg_dump / pg_restore; luoshi export and verify work on both"),
            )
        scheme = db.split("://", 1)[0]
        raise BadInput(_("unknown ledger URL scheme {scheme!r}").format(scheme=scheme),
                       _("use a file path, sqlite:///PATH or postgresql+psycopg://…"))
    return db


def open_ledger(ctx: Context, create: bool = False):
    """The ledger `ctx.db` names: a SQLite file (created only when `create`: the commands
    that record something) or a team ledger on PostgreSQL (created only by `team init`)."""
    if is_team(ctx.db):
        from luoshi.store.postgres import PostgresLedger

        return PostgresLedger(ctx.db)
    from luoshi.clock import to_utc_text
    from luoshi.store.sqlite import SqliteLedger

    return SqliteLedger(ledger_path(ctx.db), create=create,
                        now_text=to_utc_text(ctx.now) if ctx.now else "")


def record(ledger, ctx: Context, task_id: int, state: TaskState | None, payload: Payload,
           key_suffix: str = "", backdated: bool = False) -> tuple:
    """Append `payload` as an event by the context's actor, now (`backdated`: at the earlier
    `ctx.now` a lead gave); save the folded state."""
    from luoshi.clock import to_utc_text

    event = ledger.append(task_id, payload.kind, to_utc_text(ctx.now), ctx.actor,
                          payload_of(payload), ctx.key + key_suffix, backdated=backdated)
    new_state = fold(state, event)
    ledger.save_task(new_state)
    return event, new_state


def get_task(ledger, task_id: int) -> TaskState:
    """The task with this id, or a bad-input refusal naming it."""
    state = ledger.task(task_id)
    if state is None:
        raise BadInput(_("there is no task {id}").format(id=task_id), _("see the task ids with: luoshi list"))
    return state


def open_view(ctx: Context):
    """The ledger for a view (list, show, report…), or None — with a warning — when no
    ledger file exists yet: a view never creates one."""
    if not is_team(ctx.db):
        from pathlib import Path

        path = Path(ledger_path(ctx.db)).expanduser()
        if not path.exists():
            ctx.warn(_("there is no ledger at {path} yet: nothing has been recorded there").format(
                path=path))
            return None
    return open_ledger(ctx)


def open_for_writing(ctx: Context):
    """The ledger a recording command writes to, created when missing (and said so)."""
    ledger = open_ledger(ctx, create=True)
    if getattr(ledger, "created", False):
        ctx.warn(_("created a new ledger at {path}").format(path=ledger.path))
    return ledger
