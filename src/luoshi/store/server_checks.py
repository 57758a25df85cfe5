"""PL/pgSQL generated from the domain's declarations, so the server checks what the client
checks: event payloads (domain/events.py), team settings (config.py) and who may record
what (domain/rules.py's WHO).

Each generator returns SQL text; server.py places it inside the server's functions.
Every JSON test is a CASE, because SQL does not promise to evaluate AND's operands in
order (a cast of a string to a number must never be reached).
"""

from __future__ import annotations

from luoshi.domain.events import PAYLOADS
from luoshi.domain.rules import FINISHED_ONLY, LEAD_ONLY_RUNG, LED_BY_ANOTHER, OPEN_ONLY, WHO
from luoshi.domain.shape import Field, declared

_CONTROL = r"[\u0001-\u001f\u007f-\u009f]"
_UTC = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _num(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def value_ok(f: Field, e: str) -> str:
    """A boolean SQL expression: the jsonb expression `e` fits the field `f`."""
    if f.base is tuple:
        return _tuple_ok(f, e)
    lim = f.limits
    if f.base is bool:
        return f"(jsonb_typeof({e}) = 'boolean')"
    if f.base in (int, float):
        tests = []
        if f.base is int:
            tests.append(f"({e})::numeric = trunc(({e})::numeric)")
        if lim.lo is not None:
            tests.append(f"({e})::numeric >= {_num(lim.lo)}")
        if lim.hi is not None:
            tests.append(f"({e})::numeric <= {_num(lim.hi)}")
        return (f"(CASE WHEN jsonb_typeof({e}) = 'number' THEN "
                f"{' AND '.join(tests) or 'true'} ELSE false END)")
    s = f"({e} #>> '{{}}')"
    tests = [f"char_length({s}) >= {max(lim.min_len, 0)}"]
    if lim.max_len is not None:
        tests.append(f"char_length({s}) <= {lim.max_len}")
    if lim.line or lim.word:
        tests.append(f"{s} !~ {_quote(_CONTROL)}")
    if lim.word:
        tests.append(f"{s} !~ '\\s'")
    if lim.utc:
        tests.append(f"luoshi_utc({s})")
    if lim.choices:
        tests.append(f"{s} IN ({', '.join(map(_quote, lim.choices))})")
    return f"(CASE WHEN jsonb_typeof({e}) = 'string' THEN {' AND '.join(tests)} ELSE false END)"


def _tuple_ok(f: Field, e: str) -> str:
    if f.repeat:
        size = f"jsonb_array_length({e}) <= {f.limits.max_len}" if f.limits.max_len else "true"
        item = value_ok(f.items[0], "x.v")
        return (f"(CASE WHEN jsonb_typeof({e}) = 'array' THEN {size} AND NOT EXISTS ("
                f"SELECT 1 FROM jsonb_array_elements({e}) AS x(v) WHERE NOT {item}) ELSE false END)")
    items = " AND ".join(value_ok(item, f"{e}->{i}") for i, item in enumerate(f.items))
    return (f"(CASE WHEN jsonb_typeof({e}) = 'array' AND jsonb_array_length({e}) = {len(f.items)}"
            f" THEN {items} ELSE false END)")


def field_ok(f: Field, var: str = "p") -> str:
    """The field of the jsonb object `var` is absent-and-optional, null-and-optional, or fits."""
    e = f"{var}->{_quote(f.name)}"
    check = value_ok(f, e)
    if f.optional:
        check = f"(jsonb_typeof({e}) = 'null' OR {check})"
    if not f.required:
        check = f"(NOT ({var} ? {_quote(f.name)}) OR {check})"
    return check


def payload_checks() -> str:
    """The body of `payload_problem(kind, p)`: the first thing wrong, or NULL."""
    out = []
    for kind, cls in PAYLOADS.items():
        fields = declared(cls)
        names = ", ".join(_quote(f.name) for f in fields)
        out.append(f"    IF kind = {_quote(kind)} THEN")
        out.append("        IF EXISTS (SELECT 1 FROM jsonb_object_keys(p) AS k(name) "
                   f"WHERE name <> ALL (ARRAY[{names}])) THEN")
        out.append(f"            RETURN 'a {kind} event holds a field it does not have';")
        out.append("        END IF;")
        for f in fields:
            out.append(f"        IF NOT {field_ok(f)} THEN")
            out.append(f"            RETURN 'field {f.name} of a {kind} event is not valid';")
            out.append("        END IF;")
        out.append("        RETURN NULL;")
        out.append("    END IF;")
    out.append("    RETURN format('unknown event kind %s', kind);")
    return "\n".join(out)


def setting_checks(sections: dict[str, type], keys: tuple[str, ...]) -> str:
    """The body of `setting_problem(key, v)` for the team's settings: NULL when fine."""
    out = []
    for section, cls in sections.items():
        for f in declared(cls):
            key = f"{section}.{f.name}"
            out.append(f"    IF key = {_quote(key)} THEN")
            check = value_ok(f, "v")
            if f.optional:
                check = f"(jsonb_typeof(v) = 'null' OR {check})"
            out.append(f"        RETURN CASE WHEN {check} THEN NULL ELSE 'not a valid value for {key}' END;")
            out.append("    END IF;")
    for key in keys:
        out.append(f"    IF key = {_quote(key)} THEN RETURN NULL; END IF;")
    out.append("    RETURN format('unknown setting %s', key);")
    return "\n".join(out)


def status_rules() -> str:
    """A boolean SQL expression: the task `t`'s status refuses an event of kind `k`."""
    open_only = ", ".join(map(_quote, OPEN_ONLY))
    finished = ", ".join(map(_quote, FINISHED_ONLY))
    return (f"(t.status = 'cancelled' OR (k IN ({open_only}) AND t.status <> 'open') "
            f"OR (k IN ({finished}) AND t.status NOT IN ('done', 'closed')) "
            "OR (k = 'closed' AND t.status = 'closed') OR (k = 'reopened' AND t.status = 'open') "
            f"OR (k IN ({', '.join(map(_quote, LED_BY_ANOTHER))}) AND t.owner = t.lead))")


def who_rules() -> str:
    """A CASE on the kind `k`: whether `person` (with `is_lead`) may record it on task `t`."""
    lines = ["CASE"]
    for kind, who in WHO.items():
        if who.anyone:
            test = "true"
        else:
            parts = []
            if who.owner:
                parts.append("person = t.owner")
            if who.helper:
                parts.append("(t.helpers::jsonb ? person)")
            if who.task_lead:
                parts.append("person = t.lead")
            if who.lead:
                parts.append("is_lead")
            test = "(" + " OR ".join(parts) + ")"
            if who.not_owner:
                test = f"(person <> t.owner AND {test})"
        lines.append(f"        WHEN k = {_quote(kind)} THEN {test}")
    lines.append("        ELSE false END")
    return "\n".join(lines)


LEAD_RUNG = LEAD_ONLY_RUNG
