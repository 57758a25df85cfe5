"""`import --format taskwarrior`: the tasks of a `task export`, added to the ledger.

Every task is checked before anything is written (a bad one refuses the whole file, named
by its place in it), then all are recorded in one transaction, each event at the time
Taskwarrior gives for it and by the acting person, who owns and leads every imported task.
Each task's events carry the key `taskwarrior:<uuid>`, so importing the same export again
adds only the tasks that are new.
"""

from __future__ import annotations

from luoshi.clock import to_utc_text
from luoshi.domain import events as ev
from luoshi.domain.events import payload_of
from luoshi.domain.task import TaskState, fold
from luoshi.domain.taskwarrior import Planned, TaskwarriorError, plan, read_export
from luoshi.errors import BadInput
from luoshi.i18n import _
from luoshi.services import inputs
from luoshi.services.context import Context
from luoshi.services.exchange import ImportResult, readable_file
from luoshi.services.integrity import Head, ledger_name
from luoshi.services.ledger import open_for_writing

KEY_PREFIX = "taskwarrior:"
DELETED_REASON = "deleted in Taskwarrior"


def _plans(text: str, now: str = "", due: str | None = None) -> tuple[list[Planned], list[str]]:
    plans, skipped = [], []
    try:
        for where, task in read_export(text):
            planned = plan(where, task, now, due)
            if planned is None:
                skipped.append(_("{where}: a recurring template (its instances are imported)").format(
                    where=where))
                continue
            inputs.text(planned.title, _("title ({where})").format(where=where), inputs.TITLE_LIMIT,
                        required=True)
            for label in planned.tags + ((planned.project,) if planned.project else ()):
                inputs.label(label, _("tag or project ({where})").format(where=where))
            for _at, note in planned.annotations:
                inputs.text(note, _("annotation ({where})").format(where=where))
            plans.append(planned)
    except TaskwarriorError as exc:
        raise BadInput(str(exc), _("the file must be the output of Taskwarrior's "
                                   "`task export`")) from None
    return plans, skipped


def import_taskwarrior(ctx: Context, file: str, data: bytes | None = None,
                       due: str | None = None) -> ImportResult:
    """The tasks of `file` (or of `data`, read from stdin); `due` is the deadline of those
    that have none."""
    source = "stdin" if data is not None else readable_file(file)
    try:
        text = (data if data is not None else source.read_bytes()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(_("{path} is not UTF-8 text").format(path=source)) from None
    default = to_utc_text(inputs.deadline(ctx, due)) if due else None
    plans, skipped = _plans(text, to_utc_text(ctx.now), default)
    events = tasks = 0
    needs_due: list[int] = []
    with open_for_writing(ctx) as ledger, ledger.writing():
        for planned in plans:
            key = KEY_PREFIX + planned.uid
            if ledger.events_with_key(key, ctx.actor):
                skipped.append(_("{title}: already imported").format(title=planned.title))
                continue
            state, count = _record(ledger, ctx.actor, ledger.next_task_id(), planned, key)
            events, tasks = events + count, tasks + 1
            if planned.needs_due:
                needs_due.append(state.id)
        head = ledger.head()
    dropped = sorted({f for p in plans for f in p.dropped})
    return ImportResult(ledger=ledger_name(ctx), file=str(source), format="taskwarrior",
                        events=events, tasks=tasks, needs_due=needs_due, skipped=skipped,
                        dropped=dropped, head=Head(seq=head[0], hash=head[1]) if head else None)


def _record(ledger, actor: str, task_id: int, planned: Planned, key: str
            ) -> tuple[TaskState, int]:
    """Append one task's events (assignment, annotations, ending); save its state."""
    steps: list[tuple[str, ev.Payload]] = [(planned.entry, ev.Assigned(
        uid=planned.uid, title=planned.title.strip(), owner=actor, lead=actor,
        due=planned.due, project=planned.project, tags=planned.tags, source="self"))]
    steps += [(at, note) for at, note in planned.annotations]
    if planned.ending:
        kind, at = planned.ending
        steps.append((at, ev.Finished() if kind == "finished"
                       else ev.Cancelled(reason=DELETED_REASON)))
    state = None
    for number, (at, payload) in enumerate(steps):
        if isinstance(payload, str):  # an annotation: a check-in that keeps the progress
            payload = ev.CheckedIn(progress=state.progress, note=payload.strip() or None)
        event = ledger.append(task_id, payload.kind, at, actor, payload_of(payload),
                              key if number == 0 else f"{key}#{number}")
        state = fold(state, event)
    ledger.save_task(state)
    return state, len(steps)
