"""The accountability ladder (督办 ladder): rung numbers, their names, and reading a rung.

Rung 0 means "not escalated". The names are data, not translations: a user may type either
the Chinese or the English word, or the number.
"""

from __future__ import annotations

RUNGS: dict[int, tuple[str, str]] = {
    1: ("催办", "remind"),
    2: ("督办", "supervise"),
    3: ("约谈", "talk"),
    4: ("限期整改", "rectify"),
    5: ("通报", "notice"),
}
TOP = max(RUNGS)


def rung_name(rung: int, lang: str) -> str:
    if rung <= 0:
        return "—"
    zh, en = RUNGS.get(rung, (str(rung), str(rung)))
    return zh if lang == "zh" else en


def parse_rung(text: str) -> int | None:
    """1–5, 催办…通报 or remind…notice; None when it names no rung."""
    word = text.strip().lower()
    if word.isdigit() and int(word) in RUNGS:
        return int(word)
    for rung, names in RUNGS.items():
        if word in names:
            return rung
    return None
