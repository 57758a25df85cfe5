"""Babel extraction method for luoshi: every `_()`, `N_()` and `ngettext()` call, read from the AST.

Why not Babel's own Python extractor: on Python 3.11 it reads an f-string as one token and so
misses `f"luoshi: {_('error')}: …"`, while on 3.12 it finds it — the catalogue would depend on
the Python that ran `make messages`. Parsing the module with `ast` finds every call with a
constant string argument on every Python version. Registered in babel.cfg; `make messages`
puts this folder on PYTHONPATH, and tests/cli/test_i18n.py passes the function directly.
"""

from __future__ import annotations

import ast
from typing import IO, Any, Iterator


def extract(fileobj: IO[bytes], keywords: dict[str, Any], comment_tags: list[str],
            options: dict[str, Any]) -> Iterator[tuple[int, str, tuple[str | None, ...], list[str]]]:
    """(line, function, arguments, comments) for each call of a keyword function; an argument
    that is not a constant string is None (Babel keeps only the ones its keyword spec names)."""
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in keywords and node.args):
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                     for a in node.args)
        if args[0] is not None:
            yield node.lineno, node.func.id, args, []
