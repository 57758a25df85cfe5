"""`backup` and `restore`: whole-ledger copies that are verified before they land.

A backup is a consistent snapshot of a live ledger (SQLite's online backup API; writers
carry on meanwhile), verified like `luoshi verify` — chain, replay and this ledger's anchors
— before it replaces FILE, so FILE is never partial or unverified. Its head is anchored.

A restore verifies the file first (a corrupt file, a file that is not a luoshi ledger or
has another schema than luoshi's, or one from a newer luoshi is refused and the ledger left
as it was), then swaps it in for the ledger atomically. Restoring rolls history back to the
backup's head, deliberately: the restored ledger gets an id of its own (the old one's
anchors describe the history that was replaced), and the restore is anchored, naming the
ledger it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from luoshi.errors import BadInput, Refused
from luoshi.i18n import _
from luoshi.services.context import Context
from luoshi.services.integrity import (
    Head, Outcome, anchors_path, inspect, ledger_name, record_anchor,
)
from luoshi.services.ledger import is_team, ledger_path, open_ledger


@dataclass(kw_only=True)
class CopyResult:
    """What `backup --json` and `restore --json` print."""

    ledger: str
    file: str
    events: int
    head: Head | None
    previous_head: Head | None = None  # restore: the head the ledger had before
    anchors_file: str
    anchor_recorded: bool = False
    warning: str | None = None


def _verified(outcome: Outcome, what: str, nothing: str, hint: str) -> Outcome:
    if outcome.problem is not None:
        raise Refused(_("{what} does not verify: {problem}; {nothing}").format(
            what=what, problem=outcome.problem.message, nothing=nothing), hint)
    return outcome


def _refuse_team(ctx: Context) -> None:
    if is_team(ctx.db):
        raise Refused(_("backup and restore copy a ledger file; a team ledger lives on its server"),
                      _("back the server up with pg_dump; `luoshi export` writes every event of it"))


def backup(ctx: Context, file: str, anchor_file: str | None = None) -> CopyResult:
    from luoshi.store.anchors import read_anchors
    from luoshi.store.copy import write_copy
    from luoshi.store.files import writable_target

    _refuse_team(ctx)
    target = writable_target(file, _("a backup"), "luoshi-backup.db")
    name = ledger_name(ctx)
    if target.resolve() == Path(name):
        raise BadInput(_("{path} is the ledger itself").format(path=target),
                       _("back it up to another file"))
    path = anchors_path(anchor_file)
    with open_ledger(ctx) as ledger:
        ledger_id = ledger.ledger_id()
        reading = read_anchors(path, ledger_id)
        outcome = write_copy(ledger, target, lambda copy: _verified(
            inspect(copy, reading.anchors), _("the copy"), _("no backup was written"),
            _("see what is wrong with the ledger itself: luoshi verify")))
    result = CopyResult(ledger=name, file=str(target), events=outcome.events,
                        head=outcome.head, anchors_file=str(path))
    result.warning = record_anchor(ctx, path, ledger_id, name, result.head, "backup",
                                   file=str(target))
    result.anchor_recorded = result.head is not None and result.warning is None
    return result


def restore(ctx: Context, file: str, anchor_file: str | None = None) -> CopyResult:
    from luoshi.store.copy import restore_copy

    _refuse_team(ctx)
    source = Path(file).expanduser().absolute()
    target = Path(ledger_path(ctx.db)).expanduser().absolute()
    name = ledger_name(ctx)
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        raise BadInput(_("{path} is the ledger itself").format(path=source),
                       _("restore from a backup file"))
    before = _current_head(target)
    replaced = _current_id(target)

    def check(copy) -> Outcome:
        outcome = _verified(inspect(copy), str(source), _("the ledger was not changed"),
                            _("restore another backup"))
        copy.renew_ledger_id()
        return outcome

    outcome = restore_copy(source, target, check)
    path = anchors_path(anchor_file)
    result = CopyResult(ledger=name, file=str(source), events=outcome.events,
                        head=outcome.head, previous_head=before, anchors_file=str(path))
    with open_ledger(ctx) as ledger:
        new_id = ledger.ledger_id()
    result.warning = record_anchor(ctx, path, new_id, name, result.head or Head(seq=0, hash=""),
                                   "restore", file=str(source), replaces=replaced or "")
    result.anchor_recorded = result.warning is None
    return result


def _current_id(target: Path) -> str | None:
    from luoshi.store.copy import id_of

    return id_of(target)


def _current_head(target: Path) -> Head | None:
    """The head of the ledger about to be replaced, when it can still be read."""
    from luoshi.store.copy import head_of

    head = head_of(target)
    return Head(seq=head[0], hash=head[1]) if head else None
