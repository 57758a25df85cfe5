"""Declared data checked from its declaration: event payloads and config sections.

A plain frozen dataclass declares each field once: its type (`str`, `int`, `float`, `bool`,
`tuple[X, ...]`, `tuple[X, Y]`, `X | None`, another such dataclass — a table in TOML —, or
`dict[str, X]` — a table of named tables, like `[people."张三"]`) and, in `Annotated[...]`,
its `Limits` (on a dict: its keys' limits). A field named like a Python keyword with a
trailing underscore (`from_`) is written without it (`from`). From that
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

    name: str  # as written in the data (`from` for the field `from_`)
    base: Any  # str, int, float, bool, tuple, dict or a dataclass
    optional: bool
    limits: Limits
    items: tuple["Field", ...]  # a tuple's item types: one with `repeat`, else one per position;
    # a dict's (key, value)
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
    if get_origin(hint) is dict:
        key, value = get_args(hint)
        items = (Field(name, key, False, limits, (), False, True), _resolve(name, value, True))
        return Field(name, dict, optional, Limits(), items, False, required)
    return Field(name, hint, optional, limits, (), False, required)


def _written(name: str) -> str:
    """The name a field is written with: `from_` → `from`."""
    return name[:-1] if name.endswith("_") else name


@lru_cache(maxsize=None)
def declared(cls: type) -> tuple[Field, ...]:
    """The fields of a dataclass, resolved once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(_resolve(_written(f.name), hints[f.name],
                          f.default is MISSING and f.default_factory is MISSING)
                 for f in fields(cls))


def _type_name(f: Field) -> str:
    names = {str: _("text"), int: _("a whole number"), float: _("a number"), bool: _("true or false"),
             tuple: _("a list"), dict: _("a table")}
    return names.get(f.base, _("a table") if _is_table(f.base) else str(f.base))


def _is_table(base: Any) -> bool:
    return isinstance(base, type) and hasattr(base, "__dataclass_fields__")


def value_problem(f: Field, value: Any, where: str = "") -> str | None:
    """Why `value` does not fit the field, or None. A table's (or a table of tables') problem
    names its own key, prefixed with `where` (e.g. "notify.smtp.")."""
    if value is None:
        return None if f.optional else _("must not be empty")
    base, lim = f.base, f.limits
    if base is float:
        ok = type(value) in (int, float)
    elif base is tuple:
        ok = isinstance(value, (list, tuple))
    elif base is dict or _is_table(base):
        ok = isinstance(value, dict)
    else:
        ok = type(value) is base
    if not ok:
        return _("must be {kind}").format(kind=_type_name(f))
    if _is_table(base):
        return problem(base, value, where)
    if base is dict:
        return _mapping_problem(f, value, where)
    if base is tuple:
        return _items_problem(f, value, where)
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


def _items_problem(f: Field, value: list | tuple, where: str = "") -> str | None:
    if not f.repeat and len(value) != len(f.items):
        return _("must be a list of {n} values").format(n=len(f.items))
    if f.limits.max_len is not None and len(value) > f.limits.max_len:
        return _("must hold at most {n} values").format(n=f.limits.max_len)
    for i, item in enumerate(value):
        declared_item = f.items[0] if f.repeat else f.items[i]
        if _is_table(declared_item.base):  # a list of tables: [[notify.webhook]]
            found = value_problem(declared_item, item, f"{where}{i + 1}.")
            if found:
                return found if isinstance(item, dict) else _("item {n} {problem}").format(
                    n=i + 1, problem=found)
            continue
        problem = value_problem(declared_item, item)
        if problem:
            return _("item {n} {problem}").format(n=i + 1, problem=problem)
    return None


def _mapping_problem(f: Field, value: dict, where: str) -> str | None:
    """A table of named tables: each name within the key's limits, each value its table."""
    key_field, item = f.items
    for key, found in value.items():
        problem = _text_problem(key_field.limits, key)
        if problem:
            return _("{key}: the name {name!r} {problem}").format(
                key=where.rstrip("."), name=key, problem=problem)
        nested = value_problem(item, found, f"{where}{key}.")
        if nested:
            return nested if isinstance(found, dict) else f"{where}{key}: {nested}"
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
        found = value_problem(f, data[f.name], f"{where}{f.name}.")
        if found:  # a nested table's problem names its own key already
            key = f"{where}{f.name}"
            return found if found.startswith(key) else f"{key}: {found}"
    return None


def build(cls: type, data: dict[str, Any]):
    """An instance from a mapping that `problem` accepted (lists become tuples)."""
    values = {}
    for f, attr in zip(declared(cls), fields(cls)):
        if f.name in data:
            values[attr.name] = _built(f, data[f.name])
    return cls(**values)


def _built(f: Field, value: Any) -> Any:
    """A checked value as its declared type: tables as their dataclasses, lists as tuples."""
    if value is None:
        return None
    if _is_table(f.base):
        return build(f.base, value)
    if f.base is dict:
        return {k: _built(f.items[1], v) for k, v in value.items()}
    if isinstance(value, list):
        if f.base is tuple and f.items:
            return tuple(_built(f.items[0] if f.repeat else f.items[i], v) for i, v in enumerate(value))
        return tuple(_built(f, v) for v in value)
    return value


def as_dict(instance) -> dict[str, Any]:
    """Every declared field of an instance as written (`from`, not `from_`), tuples as lists,
    tables as mappings: the JSON and TOML form."""
    return {_written(f.name): _thawed(getattr(instance, f.name)) for f in fields(instance)}


def _thawed(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_thawed(v) for v in value]
    if isinstance(value, dict):
        return {k: _thawed(v) for k, v in value.items()}
    if _is_table(type(value)):
        return as_dict(value)
    return value
