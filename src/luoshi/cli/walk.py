"""The interactive check-in: walk through my open tasks, most urgent first.

For each task it asks the progress and a note; Enter keeps the current progress (and with
no note either, records nothing for that task), `d`, `done` or 完成 means finished, `s` skips
the task, `q` stops. Full-width digits (６０％) are read as digits. Each answer is recorded as
it is given, so stopping half-way — with `q`, end of input or Ctrl-C — loses nothing already
answered, and the walk says what it saved.
"""

from __future__ import annotations

import typer

from luoshi.cli.common import fail, service_context
from luoshi.errors import LuoshiError

_URGENCY = {"late": 0, "blocked": 1, "stalled": 2, "behind": 3, "due_soon": 4, "on_track": 5}


def walk(ctx: typer.Context) -> None:
    from dataclasses import replace
    import uuid

    from datetime import datetime

    from luoshi.i18n import _, ngettext
    from luoshi.render.dates import format_relative, format_when
    from luoshi.render.labels import health_label
    from luoshi.render.text import inert
    from luoshi.services import steps
    from luoshi.services.browse import list_tasks

    try:
        sctx = service_context(ctx, needs_actor=True)
        tasks = [t for t in list_tasks(sctx, owner=sctx.actor) if not t.rolled]  # a parent: its milestones
    except LuoshiError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    if not tasks:
        print(_("{name} has no open tasks.").format(name=inert(sctx.actor)))
        return
    tasks.sort(key=lambda t: (_URGENCY.get(t.health, 9), t.due or "~"))
    print(ngettext("{n} open task. Enter keeps the progress, d finishes, s skips, q stops.",
                   "{n} open tasks. Enter keeps the progress, d finishes, s skips, q stops.",
                   len(tasks)).format(n=len(tasks)))
    saved: list[str] = []
    try:
        for t in tasks:
            when = "—"
            if t.due:
                due = datetime.fromisoformat(t.due)
                when = f"{format_when(due, sctx.lang, sctx.now)} ({format_relative(due, sctx.now, sctx.lang)})"
            print(f"\n#{t.id} {inert(t.title)} · {t.progress}% · {health_label(t.health)} · {when}")
            progress = _ask_progress(t.progress)
            if progress == "q":
                break
            if progress == "s":
                continue
            note = _ask(_("note"))
            if note is None:
                break
            if progress == t.progress and not note:
                print("  " + _("kept as it was; nothing recorded"))
                continue
            try:
                steps.checkin(replace(sctx, key=uuid.uuid4().hex), t.id, progress, note or None)
                saved.append(f"#{t.id} {progress}%")
                print("  " + _("recorded"))
            except LuoshiError as exc:
                print(f"  {inert(exc.message)}")
    except KeyboardInterrupt:
        print("\n" + _("stopped"))
    recorded = len(saved)
    print("\n" + ngettext("{n} check-in recorded.", "{n} check-ins recorded.", recorded).format(n=recorded)
          + (f" ({', '.join(saved)})" if saved else ""))


def _ask_progress(current: int) -> int | str:
    """A valid progress, or 's' (skip) / 'q' (stop, also on end of input)."""
    from luoshi.domain.rules import check_progress
    from luoshi.i18n import _

    while True:
        answer = _ask(_("progress [{p}%]").format(p=current))
        if answer is None or answer.lower() == "q":
            return "q"
        if answer.lower() == "s":
            return "s"
        value, problem = check_progress(answer or current)
        if problem is None:
            return value
        print(f"  {problem.message}; {problem.hint}")


def _ask(prompt: str) -> str | None:
    try:
        return input(f"  {prompt}: ").strip()
    except EOFError:
        return None
