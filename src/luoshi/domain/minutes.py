"""Meeting minutes as a secretary types them, read into commitments (`assign --from FILE`).

One commitment a line: `[- ]OWNER: TITLE @WHEN [#project] [+tag]…` (`:` or `：`). A line may be
numbered (`1.`, `1、`, `1 `, `2）`, `(3)`, `（3）`, `一、`, `十二、`, `①`) and may name helpers
(`张伟（配合：李娜、王强）：…`, `张伟+李娜: …`, `李娜、赵敏: …`: the first is the owner). Header
lines `主持: NAME` / `lead: NAME` set the lead, and `来源: …` / `source: …` the source, of every
line below them; a `#` comment that carries `主持:NAME` (`# 2026年11月9日 主持:王主任 记录:李秘书`)
sets the lead too. Blank lines and other `#` comments are skipped.

The plan form (`parse_minutes(text, milestones=True)`, for `luoshi plan`) reads milestones:
`[OWNER:] TITLE @WHEN [*WEIGHT] [#project] [+tag]…`. The owner is optional (the caller gives
the parent's), and so the owner is only the text before a colon that comes before the `@`
(a title with a colon of its own then needs its owner: `张伟：阶段一：调研 @月底`). `*3` (or
`＊3`) gives the milestone a weight, a whole number from 1 to 100000.

What it guarantees:
- Pure: text in, a `Minutes` value out. `when` is kept as typed: the caller reads it with
  the date grammar at its own "now".
- Every bad line is in `problems`, with its number (1-based, as an editor counts: CRLF, CR
  and LF all end a line) and one translated reason; no line is silently dropped.
- `decode_minutes` reads UTF-8 (with or without a BOM), UTF-16 with a BOM, else GB18030 (what
  Notepad and WPS save on a Chinese Windows), and says when it fell back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luoshi.i18n import _

# Every way a source is written, to the ledger's four values.
SOURCES = {
    "meeting": "meeting", "会议": "meeting", "会议决定": "meeting", "会议纪要": "meeting",
    "instruction": "instruction", "批示": "instruction", "领导批示": "instruction",
    "transfer": "transfer", "转办": "transfer", "上级转办": "transfer",
    "self": "self", "自己": "self", "自我承诺": "self",
}
_LEAD_KEYS = ("主持人", "主持", "牵头领导", "牵头", "lead")
_SOURCE_KEYS = ("来源", "source")


@dataclass(frozen=True)
class MinutesLine:
    """One commitment as written: `when` is the deadline text, not yet read."""

    number: int
    owner: str | None  # None only in the plan form, when the line names nobody
    helpers: tuple[str, ...]
    title: str
    when: str
    project: str | None
    tags: tuple[str, ...]
    lead: str | None  # from the nearest 主持/lead header above, if any
    source: str | None  # meeting, instruction, transfer or self, from a 来源/source header
    weight: int | None = None  # the plan form's `*N`; None when not given


@dataclass(frozen=True)
class Minutes:
    lines: tuple[MinutesLine, ...]
    problems: tuple[tuple[int, str], ...]  # (line number, reason) for every bad line


class MinutesDecodeError(ValueError):
    """Bytes that are no text luoshi reads; `.line` is the first line that fails."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Bad(Exception):
    """A line's problem (internal: collected into `Minutes.problems`)."""


def decode_minutes(data: bytes) -> tuple[str, str | None]:
    """The text of a minutes file, and a translated note when it was not read as UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise _undecodable(data, exc.start) from None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        return data.decode("gb18030"), _("the file is not UTF-8: it was read as GB18030 (GBK)")
    except UnicodeDecodeError:
        raise _undecodable(data, first_bad) from None


def _undecodable(data: bytes, offset: int) -> MinutesDecodeError:
    line = data[:offset].count(b"\n") + 1
    return MinutesDecodeError(_("line {number} is neither UTF-8 nor GB18030 text; save the file as UTF-8")
                              .format(number=line), line)


_LINE_END = re.compile(r"\r\n|\r|\n")


def parse_minutes(text: str, milestones: bool = False) -> Minutes:
    """Every commitment of a minutes text, with its line number, and every bad line's reason.
    `milestones`: the plan form (the owner optional, a weight `*N` allowed)."""
    lines, problems = [], []
    lead = source = None
    for number, raw in enumerate(_LINE_END.split(text.removeprefix("\ufeff")), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            if line.startswith("#"):
                lead = _comment_lead(line) or lead
                continue
            header = _header(line)
            if header is not None:
                key, value = header
                if key == "lead":
                    lead = value
                else:
                    source = value
                continue
            lines.append(_commitment(number, line, lead, source, milestones))
        except _Bad as bad:
            problems.append((number, str(bad)))
    return Minutes(tuple(lines), tuple(problems))


def _key(word: str, keys: tuple[str, ...]) -> bool:
    return word.strip().lower() in keys


def _header(line: str) -> tuple[str, str] | None:
    """("lead", NAME) or ("source", VALUE) for a header line; None for anything else."""
    body = _strip_number(line)
    m = re.fullmatch(r"([^:：]*)[:：](.*)", body)
    if not m or "@" in m.group(2) or "＠" in m.group(2):
        return None
    key, value = m.group(1), m.group(2).strip()
    if _key(key, _LEAD_KEYS):
        if not value:
            raise _Bad(_("a lead header names nobody: write 主持: NAME or lead: NAME"))
        return "lead", value
    if _key(key, _SOURCE_KEYS):
        if value.lower() not in SOURCES:
            raise _Bad(_("unknown source {source!r}; use meeting, instruction, transfer or self "
                         "(会议决定/领导批示/上级转办/自我承诺)").format(source=value))
        return "source", SOURCES[value.lower()]
    return None


_COMMENT_LEAD = re.compile(r"(?:主持人?|lead)\s*[:：]\s*([^\s,，;；:：()（）]+)", re.IGNORECASE)


def _comment_lead(line: str) -> str | None:
    """The 主持:NAME a comment carries (# 2026年11月9日(周一)上午 主持:王主任 记录:李秘书)."""
    m = _COMMENT_LEAD.search(line)
    return m.group(1) if m else None


_NUMBERING = re.compile(
    r"^(?:[-*•·]\s*)?"
    r"(?:\d{1,3}\s*[.、．)）]|\d{1,3}\s+(?=\D)|[(（]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]|[①-⑳])?\s*"
)


def _strip_number(line: str) -> str:
    """The line without its bullet and numbering (1. 1、 2） (3) （3） 一、 十二、 ①)."""
    return _NUMBERING.sub("", line, count=1).strip()


_WITH_HELPERS = re.compile(
    r"([^:：(（]+?)\s*[(（]\s*(?:配合|协办|协助|helpers?|with)\s*[:：]?\s*([^)）]*)[)）]\s*[:：](.*)",
    re.IGNORECASE,
)
_NAME_SEP = re.compile(r"\s*[+、，,；;]\s*|\s+(?:和|及|与|and)\s+")


def _people(owner_part: str, helper_part: str = "") -> tuple[str, tuple[str, ...]]:
    names = [n.strip() for n in _NAME_SEP.split(owner_part) if n.strip()]
    for name in _NAME_SEP.split(helper_part):  # 配合：李娜 王强 — Chinese names apart by spaces
        names += name.split() if re.search(r"[\u4e00-\u9fff]", name) else [name.strip()]
    names = [n for n in names if n]
    if not names:
        raise _Bad(_("no owner before the colon; write OWNER: TITLE @WHEN"))
    owner = names[0]
    return owner, tuple(dict.fromkeys(n for n in names[1:] if n != owner))


def _commitment(number: int, line: str, lead: str | None, source: str | None,
                milestones: bool = False) -> MinutesLine:
    body = _strip_number(line)
    m = _WITH_HELPERS.fullmatch(body)
    if m:
        owner, helpers = _people(m.group(1), m.group(2))
        rest = m.group(3)
    else:
        owner_part, sep, rest = _owner_split(body, milestones)
        if not sep:
            if not milestones:
                raise _Bad(_("expected OWNER: TITLE @WHEN"))
            owner, helpers = None, ()
        else:
            owner, helpers = _people(owner_part)
    title, when, project, tags, weight = _rest(rest, milestones)
    return MinutesLine(number, owner, helpers, title, when, project, tags, lead, source, weight)


def _owner_split(body: str, milestones: bool) -> tuple[str, str, str]:
    """(owner part, ":" or "", the rest). In the plan form only a colon before the `@` ends
    an owner (`调研 @明天 15:00` names nobody)."""
    body = body.replace("：", ":", 1) if not milestones else body
    if not milestones:
        return body.partition(":")
    at = max(body.rfind("@"), body.rfind("＠"))
    head = body if at < 0 else body[:at]
    cut = min((i for i in (head.find(":"), head.find("：")) if i >= 0), default=-1)
    if cut < 0:
        return "", "", body
    return body[:cut], ":", body[cut + 1:]


WEIGHT_LIMIT = 100000


def _rest(rest: str, weights: bool = False
          ) -> tuple[str, str, str | None, tuple[str, ...], int | None]:
    """TITLE @WHEN [*WEIGHT] [#project] [+tag]… → (title, when, project, tags, weight); a
    weight only when `weights` (the plan form)."""
    words = rest.replace("＃", "#").replace("＋", "+").replace("＊", "*").split()
    project, tags, weight = None, [], None
    signs = ("#", "+", "*") if weights else ("#", "+")
    while words and words[-1][:1] in signs and len(words[-1]) > 1:
        word = words.pop()
        if word[0] == "#":
            if project is not None:
                raise _Bad(_("more than one #project"))
            project = word[1:]
        elif word[0] == "*":
            if weight is not None:
                raise _Bad(_("more than one *weight"))
            weight = _weight(word[1:])
        else:
            tags.insert(0, word[1:])
    title, at, when = " ".join(words).replace("＠", "@").rpartition("@")
    if not at or not when.strip():
        raise _Bad(_("missing @WHEN (the deadline), e.g. @下周五 or @2026-12-01"))
    if not title.strip():
        raise _Bad(_("no title before @WHEN; write OWNER: TITLE @WHEN"))
    return title.strip(), when.strip(), project, tuple(dict.fromkeys(tags)), weight


def _weight(text: str) -> int:
    import unicodedata

    digits = unicodedata.normalize("NFKC", text)
    if not (digits.isascii() and digits.isdigit() and 1 <= int(digits) <= WEIGHT_LIMIT):
        raise _Bad(_("a weight is a whole number from 1 to {limit}, like *3, not *{text}").format(
            limit=WEIGHT_LIMIT, text=text))
    return int(digits)
