"""A throwaway demo ledger: the example meetings, with three weeks of history as it happened.

The ledger lives in a new temporary directory, never the user's own (`discard` removes it; a
build that fails removes it itself). History is recorded day by day with its own "now" (as
LUOSHI_NOW would), from a fixed seed, so two demos built on the same day tell the same story:
work checked in, finished, closed and rated; a blocker; a task that went silent and was
escalated; an extension; a hand-over.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from luoshi.clock import to_utc_text
from luoshi.errors import BadInput, LuoshiError
from luoshi.i18n import _
from luoshi.services import assign, steps
from luoshi.services.context import Context
from luoshi.services.ledger import open_ledger

LEADS = {"county": "王主任", "product": "Maya"}


def examples_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "examples"


def build(ctx: Context, source: Path | None = None) -> Context:
    """Build the demo ledger; returns the context that points at it (now = ctx.now)."""
    source = source or examples_dir()
    files = sorted(source.glob("*.txt")) if source.is_dir() else []
    if not files:
        raise BadInput(_("no example meetings (*.txt) in {folder}").format(folder=source),
                       _("pass --from DIR"))
    path = Path(tempfile.mkdtemp(prefix="luoshi-demo-")) / "demo.db"
    start = (ctx.now - timedelta(days=21 + ctx.now.weekday())).replace(
        hour=9, minute=30, second=0)
    base = replace(ctx, db=str(path))
    try:
        for f in files:
            lead = next((v for k, v in LEADS.items() if k in f.name), ctx.actor)
            at = replace(base, actor=lead, now=start, key=uuid.uuid4().hex)
            assign.record_assignments(at, assign.parse_lines(at, f.read_text("utf-8"), f.name))
        _history(base, start, random.Random(f"luoshi-{start.date()}"))
    except BaseException:
        discard(base)
        raise
    return base


def discard(demo: Context) -> None:
    """Remove the demo ledger's folder, whatever is in it."""
    shutil.rmtree(Path(demo.db).parent, ignore_errors=True)


def review_context(demo: Context) -> tuple[Context, bool]:
    """The context the demo's weekly review is taken in, and whether that is last week's.

    On a Monday this week has no history yet (nothing done, nobody scored), and a Monday
    meeting reviews the week before: the review is then last week's, as the ledger stood at
    the end of Sunday. Any other day it is this week's, as of now."""
    if demo.now.weekday() != 0:
        return demo, False
    sunday = (demo.now - timedelta(days=1)).replace(hour=23, minute=59, second=0, microsecond=0)
    return replace(demo, now=sunday), True


def _history(base: Context, start, rng: random.Random) -> None:
    with open_ledger(base) as ledger:
        tasks = ledger.tasks()
    silent = {t.id for t in tasks[2::5]}  # some owners never report: 议而不决
    for day in range(1, (base.now - start).days + 1):
        moment = start + timedelta(days=day, hours=rng.randint(0, 8))
        if moment >= base.now or moment.weekday() >= 5:
            continue
        for task in tasks:
            _one_day(base, task, moment, rng, task.id in silent)


def _one_day(base: Context, task, moment, rng: random.Random, silent: bool) -> None:
    def ctx(actor: str) -> Context:
        return replace(base, actor=actor, now=moment, key=uuid.uuid4().hex)

    with open_ledger(base) as ledger:
        state = ledger.task(task.id)
    due_passed = to_utc_text(moment) > state.due
    try:
        if state.status == "open" and not silent and rng.random() < 0.45:
            progress = min(100, state.progress + rng.choice((10, 20, 30, 40)))
            blocker = "等待财政局批复资金" if state.id == 5 and progress < 60 else None
            steps.checkin(ctx(state.owner), state.id, progress, None, blocker)
        elif state.status == "open" and due_passed and state.escalation < 2:
            steps.escalate(ctx(state.lead), state.id, "逾期未办结 / overdue")
        elif state.status == "done" and rng.random() < 0.6:
            steps.score(ctx(state.lead), state.id, rng.choice((3, 4, 4, 5)))
            steps.close(ctx(state.lead), state.id)
    except LuoshiError:
        pass  # a step the rules refuse is simply not part of the story
