"""Translation entry point: every user-facing string goes through `_()`.

The language is chosen once per process (`--lang`, LUOSHI_LANG, then LANG). Catalogues are
standard gettext `.mo` files shipped in `luoshi/locale`; when a catalogue is missing the
English source string is used, so a message is never lost.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_lang = "en"


def detect_lang(explicit: str | None = None) -> str:
    """The output language: explicit, else LUOSHI_LANG, else LANG; 'zh' or 'en'."""
    for value in (explicit, os.environ.get("LUOSHI_LANG"), os.environ.get("LANG")):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str) -> None:
    global _translation, _lang  # the one process-wide choice, made at start-up
    _lang = lang
    _translation = _gettext.translation(
        "luoshi", localedir=_LOCALE_DIR, languages=[lang], fallback=True
    )


def current_lang() -> str:
    return _lang


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
