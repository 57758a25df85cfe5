"""`verify`: is this ledger still exactly what luoshi wrote?

Checks, in order, each stopping at the first problem: SQLite's own page check; the schema
(tables, columns, indexes, triggers) against a new ledger's; every event re-hashed from its
stored columns and linked to the one before (seq 1..N from GENESIS), each payload fitting
its kind; every anchor of this ledger (a head written down outside the database, found by
the ledger's own id) still present with its hash; and the tasks table equal to a replay of
the events. Rows are streamed inside one read transaction, so memory stays flat and a
writer committing meanwhile cannot make the checks disagree.

When everything holds, the head is appended to the anchors file, so a later truncation or
rewrite of the tail — invisible to the chain alone — is caught next time. With no anchor
yet, verify says so plainly: a consistent rewrite of the whole history cannot be detected
without one kept outside the ledger (`verify --anchor-to FILE`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from luoshi.domain.hashing import GENESIS
from luoshi.domain.verify import Anchor, Problem, check_history, check_links, first_problem
from luoshi.errors import LuoshiError
from luoshi.i18n import _
from luoshi.services.context import Context
from luoshi.services.ledger import is_team, ledger_path, open_ledger

ANCHORS_FILE = "anchors.jsonl"


@dataclass
class Head:
    seq: int
    hash: str


@dataclass(kw_only=True)
class VerifyResult:
    """What `verify --json` prints."""

    ledger: str
    intact: bool
    events: int  # events that checked out (all of them when intact)
    head: Head | None
    problem: str | None = None
    bad_event: int | None = None
    bad_task: int | None = None
    ledger_id: str | None = None
    anchors_file: str
    anchors_checked: int = 0
    anchors_unreadable: int = 0
    anchor_recorded: bool = False
    warning: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """The result of checking one open ledger file."""

    events: int
    head_hash: str
    problem: Problem | None

    @property
    def head(self) -> Head | None:
        if not (self.events and self.head_hash):
            return None
        return Head(seq=self.events, hash=self.head_hash)


def anchors_path(explicit: str | None = None) -> Path:
    """--anchor FILE, else anchors.jsonl beside the config file."""
    if explicit:
        return Path(explicit).expanduser().absolute()
    from luoshi.config import config_path

    return config_path().absolute().parent / ANCHORS_FILE


def ledger_name(ctx: Context) -> str:
    """Where a ledger is, as it may be shown: its absolute path, or its URL with secrets
    masked."""
    if is_team(ctx.db):
        from luoshi.store.postgres import shown

        return shown(ctx.db)
    return str(Path(ledger_path(ctx.db)).expanduser().resolve())


def inspect(ledger, anchors: list[Anchor] = ()) -> Outcome:
    """Every check over one open ledger (a SqliteLedger): the earliest problem, if any."""
    try:
        damage = ledger.quick_check()
        if damage:
            return Outcome(0, GENESIS, Problem(_("the database file is damaged ({problem})").format(
                problem=damage)))
        schema = ledger.verify_schema()
        with ledger.reading():
            links = check_links(ledger.event_links(), anchors)
            history = check_history(ledger.event_rows_by_task(), ledger.tasks_by_id())
    except LuoshiError as exc:  # the store could not read a row: the file is damaged
        return Outcome(0, GENESIS, Problem(exc.message))
    problem = first_problem(links, history)
    if problem is not None and problem.seq:  # a bad event is named first
        return Outcome(problem.seq - 1, "", problem)
    if schema:  # then a schema that is not luoshi's (a missing or a foreign trigger…)
        return Outcome(links.count, links.head_hash, Problem(schema))
    return Outcome(links.count, links.head_hash, problem)


def anchor_entry(ctx: Context, ledger_id: str, where: str, head: Head, by: str,
                 **extra: str) -> dict:
    return {"ledger": ledger_id, "where": where, "seq": head.seq, "hash": head.hash,
            "at": ctx.now.isoformat(), "by": by} | extra


def record_anchor(ctx: Context, path: Path, ledger_id: str, where: str, head: Head | None,
                  by: str, **extra: str) -> str | None:
    """Append the head to the anchors file; a warning (not a failure) when it cannot be."""
    if head is None:
        return None  # an empty ledger has no head worth anchoring
    from luoshi.store.anchors import append_anchor

    entry = anchor_entry(ctx, ledger_id, where, head, by, **extra)
    try:
        append_anchor(path, entry)
    except OSError as exc:
        return _("could not record the anchor in {path}: {problem}").format(
            path=path, problem=exc.strerror or exc)
    return None


def verify(ctx: Context, anchor_file: str | None = None, anchor_to: str | None = None,
           out=None) -> VerifyResult:
    """Check the ledger against itself and its anchors; when intact, anchor its head (and
    write it to `anchor_to` too: a file, or "-" for `out`)."""
    from luoshi.store.anchors import read_anchors

    path = anchors_path(anchor_file)
    name = ledger_name(ctx)
    with open_ledger(ctx) as ledger:
        ledger_id = ledger.ledger_id()
        reading = read_anchors(path, ledger_id, name)
        outcome = inspect(ledger, reading.anchors)
    problem = outcome.problem
    if problem is None and reading.broken:
        problem = Problem(reading.broken)
    result = VerifyResult(
        ledger=name, ledger_id=ledger_id, intact=problem is None, events=outcome.events,
        head=outcome.head, problem=problem.message if problem else None,
        bad_event=problem.seq if problem else None, bad_task=problem.task if problem else None,
        anchors_file=str(path), anchors_checked=len(reading.anchors),
        anchors_unreadable=reading.unreadable)
    if not reading.anchors:
        result.notes.append(_("no outside anchor of this ledger yet: a consistent rewrite of its "
                              "history cannot be detected; keep its head elsewhere with "
                              "luoshi verify --anchor-to FILE"))
    if reading.where:
        result.notes.append(_("{path} held another ledger before ({ids}): it was replaced").format(
            path=name, ids=", ".join(reading.where)))
    if result.intact and result.head is not None:
        result.warning = record_anchor(ctx, path, ledger_id, name, result.head, "verify")
        result.anchor_recorded = result.warning is None
        if anchor_to:
            result.warning = result.warning or _keep_elsewhere(ctx, anchor_to, ledger_id, name,
                                                               result.head, out)
    return result


def _keep_elsewhere(ctx: Context, target: str, ledger_id: str, where: str, head: Head,
                    out) -> str | None:
    """`--anchor-to`: the head appended to another anchors file, or printed ("-")."""
    from luoshi.store.anchors import anchor_line

    if target == "-":
        out.write(anchor_line(anchor_entry(ctx, ledger_id, where, head, "verify --anchor-to")))
        return None
    return record_anchor(ctx, Path(target).expanduser().absolute(), ledger_id, where, head,
                         "verify --anchor-to")
