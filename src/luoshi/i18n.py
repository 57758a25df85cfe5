"""Translation entry point: every user-facing string goes through `_()`.

The language is chosen once per process (`--lang`, LUOSHI_LANG, then LANG): `luoshi.cli`
pre-scans the command line when it is imported, because Typer evaluates help texts at import
time, before `--lang` is parsed. Catalogues are standard gettext `.mo` files shipped in
`luoshi/locale` (built from the `.po` files with `make compile-messages`; Babel is a tool of
development only, never imported here). The English catalogue is the msgids themselves; when
a catalogue or an entry is missing the English source string is used, so a message is never
lost. Messages with fields are constant msgids formatted afterwards:
`_("there is no task {id}").format(id=7)`.
"""

from __future__ import annotations

import gettext as _gettext
import os
from pathlib import Path

LANGUAGES = ("en", "zh")
_LOCALE_DIR = Path(__file__).parent / "locale"
_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_lang = "en"


def detect_lang(explicit: str | None = None) -> str:
    """The output language: explicit, else LUOSHI_LANG, else LANG; 'zh' or 'en'."""
    for value in (explicit, os.environ.get("LUOSHI_LANG"), os.environ.get("LANG")):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def lang_from_argv(args: list[str]) -> str:
    """The language a command line asks for: `--lang en|zh` before any `--`, else detect_lang()."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else (args[i + 1] if i + 1 < len(args) else "")
            if value in LANGUAGES:
                return value
            break  # an unknown language: the CLI refuses it once it parses the options
    return detect_lang()


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


def N_(message: str) -> str:
    """Marks a msgid for extraction where it is defined; `_()` translates it where it is shown."""
    return message


class speaking:
    """`with speaking("zh"):` — messages in that language inside, the chosen one after (what
    `luoshi notify` sends follows `notify.lang`, whatever the terminal speaks)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __enter__(self) -> None:
        self.before = _lang
        if self.lang != _lang:
            set_lang(self.lang)

    def __exit__(self, *exc: object) -> None:
        if _lang != self.before:
            set_lang(self.before)
