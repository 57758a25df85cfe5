"""Who acts on a ledger file: --as, LUOSHI_USER or config user.name; when none is set, a
command that records something asks once on a terminal and saves the answer as user.name,
and without a terminal it acts as the login name and says on stderr how to set a name.
(On a team ledger the connected role decides: services/team.py.)
"""

from __future__ import annotations

import os
import sys

from luoshi.errors import BadInput, LuoshiError
from luoshi.i18n import _


def known_actor(explicit: str | None, config) -> str | None:
    """Who acts as the user has said it: --as, LUOSHI_USER, config user.name; else None."""
    for value in (explicit, os.environ.get("LUOSHI_USER"), config.user.name):
        if value and value.strip():
            from luoshi.services.inputs import name

            return name(value, _("user name (--as)"))
    return None


def _who_hint() -> str:
    return _("set it once: luoshi config set user.name NAME (or --as NAME, or LUOSHI_USER)")


def resolve_actor(explicit: str | None, config, ask: bool = False) -> str:
    """Who acts: as the user said, else (when `ask`) asked on a terminal and saved, else the
    login name — with a hint on stderr when the command records something."""
    known = known_actor(explicit, config)
    if known is not None:
        return known
    if ask and sys.stdin.isatty():
        return _ask_who()
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        raise LuoshiError(_("cannot tell who you are"), _who_hint()) from None
    if ask:
        sys.stderr.write(f"luoshi: {_('hint')}: "
                         + _("acting as {login} (your login name); {how}").format(login=login, how=_who_hint())
                         + "\n")
    return login


def _ask_who() -> str:
    """Ask once who the user is and save it as user.name, the way `luoshi config set` does."""
    from luoshi.services import settings
    from luoshi.services.inputs import name

    while True:
        sys.stderr.write(_("Who are you? (your name as colleagues write it)") + " ")
        sys.stderr.flush()
        try:
            answer = input()
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\n")
            raise LuoshiError(_("cannot tell who you are"), _who_hint()) from None
        if not answer.strip():
            continue
        try:
            chosen = name(answer, _("name"))
        except BadInput as exc:
            sys.stderr.write(f"  {exc.message}\n")
            continue
        saved = settings.set_value("user.name", chosen)
        sys.stderr.write(_("Saved as user.name in {path}; change it with: luoshi config set user.name NAME")
                         .format(path=saved["path"]) + "\n")
        return chosen
