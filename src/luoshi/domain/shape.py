"""Declared data checked from its declaration: event payloads and config sections.

A plain frozen dataclass declares each field once: its type (`str`, `int`, `float`, `bool`,
`tuple[X, ...]`, `tuple[X, Y]`, `X | None`) and, in `Annotated[...]`, its `Limits`. From that
one declaration `problem(cls, data)` checks a decoded JSON or TOML mapping — exact keys,
exact types (a bool is not a number; a whole number is accepted where a float is declared),
limits — and `build(cls, data)` makes the instance. The team ledger's server derives its own
checks from the same declarations (store/), so the client and the server refuse the same
events.

Messages are one sentence in the chosen language (`luoshi.i18n`). Pure: no I/O.
"""

from __future__ import annotations

import math
import re
import types
import typing
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from typing import Any, Annotated, get_args, get_origin

from luoshi.i18n import _

UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@dataclass(frozen=True, slots=True)
class Limits:
    """What a value may be beyond its type. Numbers: `lo`..`hi`; text: `min_len`..`max_len`
    characters, `line` (no control characters), `word` (no spaces either), `utc` (a stored
    UTC time, 2026-11-23T01:30:00Z), `choices` (one of these words)."""

    lo: float | None = None
    hi: float | None = None
    min_len: int = 0
    max_len: int | None = None
    line: bool = False
    word: bool = False
    utc: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
    """One declared field, resolved: name, base type, whether None is allowed, limits, the
    item declaration of a tuple, and whether it must be present."""

    name: str
    base: Any  # str, int, float, bool or tuple
    optional: bool
    limits: Limits
    items: tuple["Field", ...]  # a tuple's item types: one with `repeat`, else one per position
    repeat: bool
    required: bool


def _resolve(name: str, hint: Any, required: bool) -> Field:
    limits, optional = Limits(), False
    if get_origin(hint) in (types.UnionType, typing.Union):
        others = [a for a in get_args(hint) if a is not type(None)]
        optional, hint = True, others[0]
    if get_origin(hint) is Annotated:
        hint, *meta = get_args(hint)
        limits = next((m for m in meta if isinstance(m, Limits)), limits)
    if get_origin(hint) is tuple:
        args = get_args(hint)
        repeat = len(args) == 2 and args[1] is Ellipsis
        items = tuple(_resolve(name, a, True) for a in (args[:1] if repeat else args))
        return Field(name, tuple, optional, limits, items, repeat, required)
    return Field(name, hint, optional, limits, (), False, required)


@lru_cache(maxsize=None)
def declared(cls: type) -> tuple[Field, ...]:
    """The fields of a dataclass, resolved once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(_resolve(f.name, hints[f.name],
                          f.default is MISSING and f.default_factory is MISSING)
                 for f in fields(cls))


def _type_name(f: Field) -> str:
    names = {str: _("text"), int: _("a whole number"), float: _("a number"), bool: _("true or false"),
             tuple: _("a list")}
    return names.get(f.base, str(f.base))


def value_problem(f: Field, value: Any) -> str | None:
    """Why `value` does not fit the field, or None."""
    if value is None:
        return None if f.optional else _("must not be empty")
    base, lim = f.base, f.limits
    if base is float:
        ok = type(value) in (int, float)
    elif base is tuple:
        ok = isinstance(value, (list, tuple))
    else:
        ok = type(value) is base
    if not ok:
        return _("must be {kind}").format(kind=_type_name(f))
    if base is tuple:
        return _items_problem(f, value)
    if base in (int, float):
        if base is float and not math.isfinite(value):
            return _("must be a finite number")
        if (lim.lo is not None and value < lim.lo) or (lim.hi is not None and value > lim.hi):
            return _("must be from {lo:g} to {hi:g}").format(
                lo=lim.lo if lim.lo is not None else -math.inf,
                hi=lim.hi if lim.hi is not None else math.inf)
    if base is str:
        return _text_problem(lim, value)
    return None


def _items_problem(f: Field, value: list | tuple) -> str | None:
    if not f.repeat and len(value) != len(f.items):
        return _("must be a list of {n} values").format(n=len(f.items))
    if f.limits.max_len is not None and len(value) > f.limits.max_len:
        return _("must hold at most {n} values").format(n=f.limits.max_len)
    for i, item in enumerate(value):
        problem = value_problem(f.items[0] if f.repeat else f.items[i], item)
        if problem:
            return _("item {n} {problem}").format(n=i + 1, problem=problem)
    return None


def _text_problem(lim: Limits, value: str) -> str | None:
    if "\x00" in value:
        return _("must not contain a NUL character")
    if len(value) < lim.min_len:
        return _("must not be empty")
    if lim.max_len is not None and len(value) > lim.max_len:
        return _("must be at most {n} characters").format(n=lim.max_len)
    if lim.utc and not (UTC_TEXT.fullmatch(value) and _real_time(value)):
        return _("must be a UTC time like 2026-11-23T01:30:00Z")
    if (lim.line or lim.word) and any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value):
        return _("must not contain control characters")
    if lim.word and any(c.isspace() for c in value):
        return _("must be one word")
    if lim.choices and value not in lim.choices:
        return _("must be one of: {choices}").format(choices=", ".join(lim.choices))
    return None


def _real_time(text: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def problem(cls: type, data: Any, where: str = "") -> str | None:
    """Why the mapping `data` cannot be an instance of the dataclass `cls`, or None.
    `where` prefixes the field name in the message (e.g. "payload." or "score.")."""
    if not isinstance(data, dict):
        return _("{where}must be a mapping of names to values").format(where=where)
    known = {f.name: f for f in declared(cls)}
    for key in data:
        if key not in known:
            return _("{key}: unknown name (known: {names})").format(
                key=f"{where}{key}", names=", ".join(known))
    for f in known.values():
        if f.name not in data:
            if f.required:
                return _("{key}: missing").format(key=f"{where}{f.name}")
            continue
        found = value_problem(f, data[f.name])
        if found:
            return f"{where}{f.name}: {found}"
    return None


def build(cls: type, data: dict[str, Any]):
    """An instance from a mapping that `problem` accepted (lists become tuples)."""
    values = {}
    for f in declared(cls):
        if f.name in data:
            values[f.name] = _frozen(data[f.name])
    return cls(**values)


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def as_dict(instance) -> dict[str, Any]:
    """Every declared field of an instance, tuples as lists: the JSON form."""
    return {f.name: _thawed(getattr(instance, f.name)) for f in fields(instance)}


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thawed(v) for v in value]
    return value
