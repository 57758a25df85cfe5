"""Text measured in terminal columns, wrapped and shortened to a width.

A terminal gives a Chinese character two columns (East Asian wide and full-width characters,
Unicode's W and F), a combining mark none, everything else one. `wrap` fills lines up to a
width in those columns: Chinese text breaks between any two characters, never before closing
punctuation (，。）…) nor after opening punctuation (（《“…), and English between words; a
word wider than a whole line is cut. `short_help` gives a help text's first sentence (ended
by '. ', '。', '！' or '？') when it fits in a width, else as much of it as fits — to the end
of a clause where one ends late enough — with '...'. No line either returns is wider than the
width asked for, as long as the indent leaves two columns.
"""

from __future__ import annotations

import re
from unicodedata import combining, east_asian_width

_NO_BREAK_BEFORE = frozenset("，。、；：！？）》」』】〉”’,.;:!?)]}…%")
_NO_BREAK_AFTER = frozenset("（《「『【〈“‘([{")
_SENTENCE_END = r"[.!?](?=\s|$)|[。！？]"
_TRAILING_PUNCTUATION = "，、；：,;: "
_CLAUSE_END = frozenset("，；：,;:")
_OPENING = frozenset("(（[【《「")
_CLOSING = frozenset(")）]】》」")


def char_cells(ch: str) -> int:
    if combining(ch):
        return 0
    return 2 if east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """The columns `text` takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_cells(ch) for ch in text)


def _chunks(text: str) -> list[str]:
    """Pieces a line may break between: runs of spaces, words, single wide characters (with
    the punctuation that must stay beside them)."""
    chunks: list[str] = []
    glue = False  # the previous character opens a bracket: this one stays with it
    for ch in text:
        last = chunks[-1] if chunks else ""
        if ch.isspace():
            if last.isspace():
                chunks[-1] += ch
            else:
                chunks.append(ch)
        elif last and not last.isspace() and (
                glue or ch in _NO_BREAK_BEFORE
                or (char_cells(ch) < 2 and char_cells(last[-1]) < 2)):
            chunks[-1] += ch
        else:
            chunks.append(ch)
        glue = ch in _NO_BREAK_AFTER
    return chunks


def _cut(chunk: str, room: int) -> tuple[str, str]:
    """The longest head of `chunk` that fits in `room` columns, and the rest."""
    used = 0
    for i, ch in enumerate(chunk):
        used += char_cells(ch)
        if used > room:
            return chunk[:i], chunk[i:]
    return chunk, ""


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """`text` as lines of at most `width` columns, indents included."""
    chunks = _chunks(text)[::-1]  # the next chunk is chunks[-1]
    lines: list[str] = []
    while chunks:
        indent = subsequent_indent if lines else initial_indent
        room = max(width - cells(indent), 2)
        if lines:
            while chunks and chunks[-1].isspace():
                chunks.pop()
        line: list[str] = []
        used = 0
        while chunks and used + cells(chunks[-1]) <= room:
            used += cells(chunks[-1])
            line.append(chunks.pop())
        if chunks and cells(chunks[-1]) > room:  # wider than any line: cut it here
            head, rest = _cut(chunks.pop(), room - used)
            if not head and not line:
                head, rest = rest[:1], rest[1:]
            line.append(head)
            if rest:
                chunks.append(rest)
        while line and line[-1].isspace():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
    return lines


def _paragraphs(text: str) -> list[tuple[int, bool, str]]:
    """(indent, keep as written, text) for each paragraph, as Click reads them: separated by a
    blank line; a paragraph whose first line is '\\b' is not rewrapped."""
    found: list[tuple[int, bool, str]] = []
    block: list[str] = []
    indent = 0
    for line in [*text.splitlines(), ""]:
        if line:
            if not block:
                indent = len(line) - len(line.lstrip())
            block.append(line.lstrip() if len(block) == 0 else line)
            continue
        if block:
            raw = block[0].strip() == "\b"
            found.append((indent, raw, "\n".join(block[1:]) if raw else " ".join(block)))
            block = []
    return found


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
         preserve_paragraphs: bool = False) -> str:
    """Click's `wrap_text`, measured in columns."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        return "\n".join(fill(text, width, initial_indent, subsequent_indent))
    out = []
    for indent, raw, body in _paragraphs(text):
        first, rest = initial_indent + " " * indent, subsequent_indent + " " * indent
        if raw:
            out.append("\n".join((rest if i else first) + line
                                 for i, line in enumerate(body.splitlines())))
        else:
            out.append("\n".join(fill(body, width, first, rest)))
    return "\n\n".join(out)


def first_sentence(text: str) -> str:
    paragraph = " ".join(text.partition("\n\n")[0].split())
    end = re.search(_SENTENCE_END, paragraph)
    return paragraph[:end.end()] if end else paragraph


def _last_clause_end(text: str) -> int:
    """Where the last clause of `text` outside brackets ends (at ，；：,;: or before an opening
    bracket), or -1."""
    depth, end = 0, -1
    for i, ch in enumerate(text):
        if ch in _OPENING:
            if depth == 0:
                end = i
            depth += 1
        elif ch in _CLOSING:
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in _CLAUSE_END:
            end = i
    return end


def short_help(text: str, limit: int) -> str:
    """The first sentence of `text` if it fits in `limit` columns, else as much of it as fits
    with "..." (up to a clause's end when that keeps a third of the room or more)."""
    sentence = first_sentence(text)
    if cells(sentence) <= limit:
        return sentence
    room = max(limit - 3, 1)
    head = fill(sentence, room)[0]
    clause = _last_clause_end(head)
    if clause > 0 and cells(head[:clause]) >= room // 3:
        head = head[:clause]
    return head.rstrip(_TRAILING_PUNCTUATION) + "..."
