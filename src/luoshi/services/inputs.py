"""Checks on what users type, before anything is opened or written.

Text is stored as given (escape sequences and markup included: the renderers make them
inert), except what a ledger must never hold: NUL characters (SQLite keeps them and then
hides everything after them), text that is not valid UTF-8, empty names, and text longer
than the documented limits.

`what` names the field in the user's language (the caller passes it through `_()`).
"""

from __future__ import annotations

from luoshi.domain.events import MAX_TASK_ID, NAME_LIMIT, TEXT_LIMIT, TITLE_LIMIT
from luoshi.errors import BadInput
from luoshi.i18n import _

NOTE_LIMIT = TEXT_LIMIT


def _check_encoding(value: str, what: str) -> None:
    if "\x00" in value:
        raise BadInput(_("the {what} contains a NUL character").format(what=what),
                       _("remove it and try again"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(_("the {what} is not valid UTF-8 text").format(what=what),
                       _("check your terminal's encoding (LANG=…UTF-8)")) from None


def text(value: str | None, what: str, limit: int = NOTE_LIMIT, required: bool = False) -> str | None:
    """A title, note, reason or evidence: stripped; None when empty and optional."""
    if value is None or not value.strip():
        if required:
            raise BadInput(_("the {what} is empty").format(what=what),
                           _("give a {what}").format(what=what))
        return None
    _check_encoding(value, what)
    value = value.strip()
    if len(value) > limit:
        raise BadInput(
            _("the {what} is {length} characters long; the limit is {limit}").format(
                what=what, length=len(value), limit=limit),
            _("shorten it, or keep the details elsewhere and link to them"))
    return value


def name(value: str, what: str | None = None) -> str:
    """A person's name: non-empty, one line, no control characters, at most 64 characters."""
    what = what or _("name")
    _check_encoding(value, what)
    value = value.strip()
    if not value:
        raise BadInput(_("the {what} is empty").format(what=what),
                       _("give a person's name, like 张三"))
    if any(ord(c) < 32 or ord(c) == 127 or 0x80 <= ord(c) < 0xA0 for c in value):
        raise BadInput(_("the {what} {value!r} contains control characters").format(what=what, value=value),
                       _("names are plain text on one line"))
    if len(value) > NAME_LIMIT:
        raise BadInput(_("the {what} is longer than {limit} characters").format(what=what, limit=NAME_LIMIT))
    return value


def label(value: str, what: str) -> str:
    """A project or tag: a name without spaces."""
    value = name(value.lstrip("#+"), what)
    if any(c.isspace() for c in value):
        raise BadInput(_("the {what} {value!r} contains spaces").format(what=what, value=value),
                       _("write the {what} as one word").format(what=what))
    return value


def task_id(value: str | int) -> int:
    """A task id as typed: a positive whole number."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_TASK_ID:
        return value
    raw = str(value).strip().lstrip("#")
    if raw.isascii() and raw.isdigit() and len(raw) <= 12 and 0 < int(raw) <= MAX_TASK_ID:
        return int(raw)
    raise BadInput(_("{value!r} is not a task id").format(value=value),
                   _("task ids are whole numbers; see them with: luoshi list"))


def when(value: str, now, what: str | None = None):
    """A date or time as typed, understood relative to `now`."""
    from luoshi.domain.dates import DateError, parse_when

    what = what or _("deadline")
    _check_encoding(value, what)
    try:
        return parse_when(value, now)
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what=what, problem=exc)) from None


def deadline(ctx, value: str, what: str | None = None, extending=None):
    """A deadline as typed, read forward from now; its warnings (a weekend, a holiday, less
    than a working day away, a date far ahead) go to `ctx.warn`. With `extending` (the task),
    a date in the past, before the current deadline, or a month-day whose reading is in
    doubt is refused."""
    from luoshi.domain.dates import DateError, extension_problem, read_deadline
    from luoshi.domain.times import parse_utc

    what = what or _("deadline")
    _check_encoding(value, what)
    try:
        reading = read_deadline(value, ctx.now, ctx.calendar)
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what=what, problem=exc)) from None
    if extending is not None:
        current = parse_utc(extending.due) if extending.due else ctx.now
        problem = extension_problem(value, reading, current, ctx.now)
        if problem:
            raise BadInput(problem, _("give a later date, with its year if in doubt"))
    for warning in reading.warnings:
        ctx.warn(warning)
    return reading.moment


def bound(ctx, value: str, what: str):
    """A period bound as typed (a day), read towards the past from now: 上周一, 11月16日."""
    from luoshi.domain.dates import DateError, parse_bound

    _check_encoding(value, what)
    try:
        return parse_bound(value, ctx.now)
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what=what, problem=exc)) from None


def cadence(value: str, what: str | None = None):
    """A check-in cadence as typed: a duration (3d, 每周) or a weekday (friday, 每周五)."""
    from luoshi.domain.dates import DateError, parse_cadence

    what = what or _("cadence (--every)")
    _check_encoding(value, what)
    try:
        return parse_cadence(value)
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what=what, problem=exc)) from None


def duration(value: str, what: str | None = None) -> int:
    from luoshi.domain.dates import DateError, parse_duration

    what = what or _("cadence")
    _check_encoding(value, what)
    try:
        return int(parse_duration(value).total_seconds())
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what=what, problem=exc)) from None


def backdate(ctx, value: str):
    """`assign --at WHEN`: a moment in the past (a meeting held earlier), read backwards."""
    from luoshi.domain.dates import DateError, parse_past_moment

    _check_encoding(value, "--at")
    try:
        moment = parse_past_moment(value, ctx.now)
    except DateError as exc:
        raise BadInput(_("{what}: {problem}").format(what="--at", problem=exc)) from None
    if moment > ctx.now:
        raise BadInput(_("--at {when} is in the future; it backdates an assignment").format(when=value))
    return moment


def _folded(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", name).casefold().replace(" ", "")


def known_person(ctx, name: str, known: list[str]) -> str:
    """A typed name as the ledger knows it: one written in another case or width than a
    known person's is read as theirs (said on stderr); a near miss gets a "did you mean"."""
    if name in known:
        return name
    folded = _folded(name)
    same = [k for k in known if _folded(k) == folded]
    if same:
        ctx.warn(_("{typed!r} is read as {known!r}, a person the ledger knows").format(
            typed=name, known=same[0]))
        return same[0]
    from difflib import get_close_matches

    close = get_close_matches(name, known, n=1, cutoff=0.8)
    if close:
        ctx.warn(_("{typed!r} is new to this ledger; did you mean {known!r}?").format(
            typed=name, known=close[0]))
    return name
