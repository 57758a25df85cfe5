"""One-line summaries for the commands that keep the ledger: verify, backup, restore,
export and import. Paths and other user text go through `inert()`.
"""

from __future__ import annotations

import sys

from luoshi.i18n import _
from luoshi.render.text import inert


def short(digest: str | None) -> str:
    return f"{digest[:8]}…" if digest else "—"


def warn(message: str | None) -> None:
    """A warning that does not change the outcome, on stderr."""
    if message:
        sys.stderr.write(f"luoshi: {_('warning')}: {inert(message)}\n")


def print_verify(result, sctx) -> None:
    """'ledger intact: N events, head #N abcd1234…' (a failure is reported on stderr)."""
    if not result.intact:
        return
    if result.head is None:
        print(_("ledger intact: no events yet"))
    else:
        print(_("ledger intact: {n} events, head #{seq} {hash}").format(
            n=result.events, seq=result.head.seq, hash=short(result.head.hash)))
    if result.anchors_checked:
        print("  " + _("matches {n} anchor(s) in {path}").format(
            n=result.anchors_checked, path=inert(result.anchors_file)))
    if result.anchors_unreadable:
        warn(_("{n} unreadable line(s) in {path} were skipped").format(
            n=result.anchors_unreadable, path=result.anchors_file))
    for note in result.notes:
        warn(note)
    warn(result.warning)


def print_backup(result, sctx) -> None:
    print(_("backed up {n} events (head #{seq} {hash}) to {file}; the copy verifies").format(
        n=result.events, seq=result.head.seq if result.head else 0,
        hash=short(result.head.hash if result.head else None), file=inert(result.file)))
    warn(result.warning)


def print_restore(result, sctx) -> None:
    print(_("restored {n} events (head #{seq} {hash}) from {file}").format(
        n=result.events, seq=result.head.seq if result.head else 0,
        hash=short(result.head.hash if result.head else None), file=inert(result.file)))
    before = result.previous_head
    if before is not None and (result.head is None or before.seq > result.head.seq):
        print("  " + _("the ledger had {n} events before: history after event {seq} was "
                       "rolled back").format(n=before.seq,
                                             seq=result.head.seq if result.head else 0))
    warn(result.warning)


def print_export(result, sctx) -> None:
    if result.file is not None:
        print(_("exported {n} events to {file}").format(n=result.events, file=inert(result.file)))


def print_import(result, sctx) -> None:
    print(_("imported {n} events ({tasks} tasks) from {file}").format(
        n=result.events, tasks=result.tasks, file=inert(result.file)))
    if result.needs_due:
        ids = ", ".join(f"#{i}" for i in result.needs_due)
        print("  " + _("needs a deadline: {ids} (give one with luoshi extend ID --due WHEN "
                       "--reason …)").format(ids=ids))
    if getattr(result, "dropped", None):
        warn(_("Taskwarrior fields luoshi does not keep were dropped: {fields}").format(
            fields=", ".join(result.dropped)))
    for reason in result.skipped:
        print("  " + _("skipped: {reason}").format(reason=inert(reason)))
