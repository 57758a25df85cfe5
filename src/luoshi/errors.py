"""The two kinds of user-facing failure, as values the CLI edge turns into one line.

Every layer may raise these; only the CLI prints them. A `LuoshiError` always means
"nothing was written": services raise them before they append, inside a transaction that
is then rolled back. Bugs are ordinary exceptions and are never dressed up as these.
"""

from __future__ import annotations


class LuoshiError(Exception):
    """A failure the user can act on: a one-line message, an optional hint, an exit code."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class BadInput(LuoshiError):
    """The user must fix the input (exit 2): unknown id, bad date, progress out of range…"""

    exit_code = 2


class Refused(LuoshiError):
    """The input was understood but the ledger refuses it (exit 1)."""

    exit_code = 1
