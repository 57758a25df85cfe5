"""`verify`: is this ledger still exactly what luoshi wrote?

Checks, in order, each stopping at the first problem: SQLite's own page check; every event
re-hashed from its stored columns and linked to the one before (seq 1..N from GENESIS),
each payload fitting its kind; every anchor of this ledger (a head written down outside
the database) still present with its hash; and the tasks table equal to a replay of the
events. Rows are streamed inside one read transaction, so memory stays flat and a writer
committing meanwhile cannot make the checks disagree.

When everything holds, the head is appended to the anchors file, so a later truncation or
rewrite of the tail — invisible to the chain alone — is caught next time.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    anchors_file: str
    anchors_checked: int = 0
    anchors_unreadable: int = 0
    anchor_recorded: bool = False
    warning: str | None = None


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
    """How anchors name a ledger: its absolute path, or its URL without the password."""
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
        with ledger.reading():
            links = check_links(ledger.event_links(), anchors)
            history = check_history(ledger.event_rows_by_task(), ledger.tasks_by_id())
    except LuoshiError as exc:  # the store could not read a row: the file is damaged
        return Outcome(0, GENESIS, Problem(exc.message))
    problem = first_problem(links, history)
    if problem is not None and problem.seq:
        return Outcome(problem.seq - 1, "", problem)
    return Outcome(links.count, links.head_hash, problem)


def record_anchor(ctx: Context, path: Path, ledger: str, head: Head | None, by: str,
                  **extra: str) -> str | None:
    """Append the head to the anchors file; a warning (not a failure) when it cannot be."""
    if head is None:
        return None  # an empty ledger has no head worth anchoring
    from luoshi.store.anchors import append_anchor

    entry = {"ledger": ledger, "seq": head.seq, "hash": head.hash,
             "at": ctx.now.isoformat(), "by": by} | extra
    try:
        append_anchor(path, entry)
    except OSError as exc:
        return _("could not record the anchor in {path}: {problem}").format(
            path=path, problem=exc.strerror or exc)
    return None


def verify(ctx: Context, anchor_file: str | None = None) -> VerifyResult:
    from luoshi.store.anchors import read_anchors

    path = anchors_path(anchor_file)
    name = ledger_name(ctx)
    anchors, unreadable = read_anchors(path, name)
    with open_ledger(ctx) as ledger:
        outcome = inspect(ledger, anchors)
    problem = outcome.problem
    result = VerifyResult(
        ledger=name, intact=problem is None, events=outcome.events, head=outcome.head,
        problem=problem.message if problem else None,
        bad_event=problem.seq if problem else None, bad_task=problem.task if problem else None,
        anchors_file=str(path), anchors_checked=len(anchors), anchors_unreadable=unreadable,
    )
    if result.intact:
        result.warning = record_anchor(ctx, path, name, result.head, "verify")
        result.anchor_recorded = result.head is not None and result.warning is None
    return result
