"""Command-line words taken as they are, without building a pydantic validator for each.

Typer (0.29) converts every parameter's value through a pydantic `TypeAdapter` that it builds
at parse time, even for a plain `str`. luoshi's parameters are words (`str`), flags (`bool`)
and repeated words (`list[str]`): `take_words` gives each such parameter of a command a
`Words` converter, which returns a value already of its type as it is (a word from the command
line or the environment, a flag Click has parsed) and hands anything else (bytes, a flag from
an environment string, …) to Typer's own conversion, built only then. Parameters of any other
type, or with their own parser, are left to Typer. Parsing a command line, and so shell
completion, which parses one and runs nothing, imports no pydantic.

This leans on two names inside Typer (`_TyperParameter._runtime_param` and
`typer._coercion.RuntimeParam`); if a Typer release renames them, `take_words` changes nothing
and Typer converts every value itself, as before (tests/cli/test_words.py fails to say so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

try:
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
except ImportError:  # a Typer without this layer: nothing to take over
    RuntimeParam = None

_WORD_TYPES = (str, bool, list[str])

if RuntimeParam is not None:

    @dataclass(frozen=True)
    class Words(RuntimeParam):
        """A str, bool or list[str] parameter's values as given; anything else, Typer's way."""

        descriptor: TypeDescriptor | None = None

        def _coerce_value(self, value: Any, param, ctx) -> Any:
            if self.annotation is str and isinstance(value, str):
                return value
            if self.annotation is bool and isinstance(value, bool):
                return value
            if (self.annotation == list[str] and isinstance(value, (list, tuple))
                    and all(isinstance(item, str) for item in value)):
                return list(value)
            typer_way = build_runtime_param(self.descriptor)
            return typer_way._coerce_value(value, param=param, ctx=ctx)


def take_words(command, ctx) -> None:
    """Give the plain parameters of `command` `Words`: its own, and the help option Click
    makes for it in `ctx` (a flag whose value is None until given)."""
    if RuntimeParam is None:
        return
    for param in command.get_params(ctx):
        descriptor = getattr(param, "type_descriptor", None)
        if (descriptor is None or getattr(param, "_runtime_param", "absent") is not None
                or descriptor.file_annotation is not None
                or descriptor.parameter_info.parser is not None
                or descriptor.annotation not in _WORD_TYPES):
            continue
        param._runtime_param = Words(parameter_info=descriptor.parameter_info,
                                     annotation=descriptor.annotation, descriptor=descriptor)
