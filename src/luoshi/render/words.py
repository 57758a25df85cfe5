"""The words every review document uses, in the language it is rendered in.

Each renderer takes a `lang` and speaks it whatever language the process chose: `Say(lang)`
translates a msgid (marked with `N_` where it is defined, so `make messages` finds it) through
that language's catalogue. Pure strings: no Rich, no clock. User text is never passed
through here; each format makes it inert and escapes it in its own way.
"""

from __future__ import annotations

import gettext
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from luoshi.i18n import N_

_LOCALE = Path(__file__).resolve().parents[1] / "locale"


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> gettext.NullTranslations:
    return gettext.translation("luoshi", localedir=_LOCALE, languages=[lang], fallback=True)


class Say:
    """`say(N_("Done"))` → 已办结 in Chinese, Done in English."""

    def __init__(self, lang: str) -> None:
        self.lang = "zh" if lang.lower().startswith("zh") else "en"
        self.zh = self.lang == "zh"
        self._gettext = _catalogue(self.lang).gettext

    def __call__(self, msgid: str) -> str:
        return self._gettext(msgid)


HEALTH = {
    "on_track": N_("on track"), "due_soon": N_("due soon"), "behind": N_("behind"),  # 滞后
    "late": N_("late"), "stalled": N_("stalled"), "blocked": N_("blocked"),
    "needs_due": N_("needs a deadline"), "open": N_("open"), "done": N_("done"),
    "closed": N_("closed"), "cancelled": N_("cancelled"),
}
FINISHED = {  # how a task finished in the period
    "on_time": N_("finished on time"), "after_extension": N_("on time after an extension"),
    "late": N_("finished late"), "waived": N_("finished late, excused"),  # 容错办结
}
SOURCES = {
    "meeting": N_("meeting decision"), "instruction": N_("leader's instruction"),
    "transfer": N_("transferred from above"), "self": N_("self-commitment"),
}
STARS = {"execution_star": N_("execution star"), "quality_star": N_("quality star"),
         "checkin_star": N_("check-in star")}
PATTERNS = {
    "silent_since_assigned": N_("silent since assigned"), "bounced": N_("bounced"),
    "moves_only_when_pushed": N_("moves only when pushed"),
    "strong_start_then_silence": N_("strong start, then silence"),
    "reports_without_progress": N_("reports without progress"),
}
# The colour each state is shown in, by name; every format maps these to its own colours.
TONE = {"late": "red", "blocked": "red", "due_soon": "yellow", "behind": "yellow",
        "on_track": "green", "stalled": "magenta", "needs_due": "yellow"}
FINISHED_TONE = {"on_time": "green", "after_extension": "green", "waived": "green", "late": "red"}


def _word(say: Say, table: dict, key) -> str:
    return say(table[key]) if key in table else ("" if key is None else str(key))


def health_word(say: Say, health: str | None) -> str:
    return _word(say, HEALTH, health)


def source_word(say: Say, source: str | None) -> str:
    return _word(say, SOURCES, source)


def pattern_word(say: Say, pattern: str) -> str:
    return _word(say, PATTERNS, pattern)


def status_word(say: Say, task: dict) -> str:
    """How a task stands: its finish (按期办结, 逾期办结…) once finished, else its health."""
    finished = task.get("finished")
    if finished:
        word = _word(say, FINISHED, finished)
        return word + (" · " + say(HEALTH["closed"]) if task.get("status") == "closed" else "")
    return health_word(say, task.get("health"))


def tone(task: dict) -> str | None:
    """red, yellow, green, magenta or None: the colour of a task's state in every format."""
    if task.get("finished"):
        return FINISHED_TONE.get(task["finished"])
    return TONE.get(task.get("health") or "")


def rung_word(rung: int | None, lang: str) -> str:
    """催办…通报 / remind…notice; empty for no rung."""
    from luoshi.domain.ladder import rung_name

    return rung_name(rung, lang) if rung else ""


def rung_tone(rung: int | None) -> str | None:
    """The notice's colour: blue 催办, yellow 督办, red 约谈 and above, none without a rung."""
    if not rung:
        return None
    return {1: "blue", 2: "yellow"}.get(rung, "red")


def stars_words(say: Say, person: dict) -> str:
    names = [_word(say, STARS, s) for s in person.get("stars") or []]
    if person.get("bottom"):
        names.append(say(N_("bottom")))  # 末位
    return ("、" if say.zh else ", ").join(names)


def percent(rate: float | None) -> str:
    """0.833 → 83%; no rate → —."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def figure(value: object) -> str:
    """A number as shown: 2.5, 67.5, 4; one not computed is a dash."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def totals_line(totals: dict, lang: str) -> str:
    """交办 N · 办结 N (按期 N · 延期后按期 N · 逾期 N · 容错 N) · 在办 N (正常 N · 临期 N · 滞后 N ·
    超期 N · 停滞 N · 受阻 N) · 销号 N · 按期办结率 N% · 办结率 N%; 撤销 and 无时限 only when
    there are some. The parts in brackets add up to the figure before them."""
    say, words = Say(lang), dict(_TOTALS)
    n = lambda key: totals.get(key) or 0  # noqa: E731
    part = lambda key: say(words[key]).format(n=n(key))  # noqa: E731
    done = " · ".join(part(k) for k in ("done_on_time", "done_after_extension", "done_late",
                                        "done_waived"))
    open_keys = ["on_track", "due_soon", "behind", "late", "stalled", "blocked"]
    opened = " · ".join(part(k) for k in open_keys + (["needs_due"] if n("needs_due") else []))
    parts = [part("assigned"), f"{part('done')} ({done})", f"{part('open')} ({opened})",
             part("closed")] + ([part("cancelled")] if n("cancelled") else [])
    parts += [say(words[k]).format(rate=percent(totals.get(k))) for k in ("on_time_rate", "done_rate")]
    return " · ".join(parts)


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_ZH_QUARTERS = "一二三四"


def period_kind(period: dict) -> str:
    """The period's kind as given, else read from its bounds (a report of the old shape)."""
    if period.get("kind"):
        return period["kind"]
    start, end = datetime.fromisoformat(period["start"]), datetime.fromisoformat(period["end"])
    if end - start == timedelta(days=7) and start.weekday() == 0 and start.hour == 0:
        return "week"
    if start.day == 1 and end.day == 1 and start.hour == 0:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 12 and start.month == 1:
            return "year"
        if months == 3 and start.month % 3 == 1:
            return "quarter"
        if months == 1:
            return "month"
    return "custom"


def period_words(period: dict, lang: str) -> str:
    """2026年11月16日至22日，第47周 / 16–22 November 2026, week 47; a month, quarter or year
    is named as one (2026年11月, 2026年第四季度, 2026年 / November 2026, Q4 2026, 2026)."""
    start = datetime.fromisoformat(period["start"])
    last = datetime.fromisoformat(period["end"]) - timedelta(seconds=1)
    kind, zh = period_kind(period), lang.lower().startswith("zh")
    if kind == "month":
        return f"{start.year}年{start.month}月" if zh else f"{_EN_MONTHS[start.month - 1]} {start.year}"
    if kind == "quarter":
        q = (start.month - 1) // 3 + 1
        return f"{start.year}年第{_ZH_QUARTERS[q - 1]}季度" if zh else f"Q{q} {start.year}"
    if kind == "year":
        return f"{start.year}年" if zh else str(start.year)
    span = _span_zh(start, last) if zh else _span_en(start, last)
    if kind == "week":
        week = start.isocalendar().week
        return f"{span}，第{week}周" if zh else f"{span}, week {week}"
    return span


def _span_zh(a: datetime, b: datetime) -> str:
    head = f"{a.year}年{a.month}月{a.day}日"
    if a.date() == b.date():
        return head
    if a.year != b.year:
        return f"{head}至{b.year}年{b.month}月{b.day}日"
    return f"{head}至{b.day}日" if a.month == b.month else f"{head}至{b.month}月{b.day}日"


def _span_en(a: datetime, b: datetime) -> str:
    month = lambda d: _EN_MONTHS[d.month - 1]  # noqa: E731
    if a.date() == b.date():
        return f"{a.day} {month(a)} {a.year}"
    if a.year != b.year:
        return f"{a.day} {month(a)} {a.year} – {b.day} {month(b)} {b.year}"
    if a.month == b.month:
        return f"{a.day}–{b.day} {month(a)} {a.year}"
    return f"{a.day} {month(a)} – {b.day} {month(b)} {a.year}"


def deadline_words(task: dict, lang: str, now) -> str:
    """The deadline as read: 11月20日 周五 18:00, or original → current (the extension's reason).
    The reason is user text: the caller makes it inert and escapes it."""
    from luoshi.render.dates import format_when

    if not task.get("due"):
        return Say(lang)(HEALTH["needs_due"])
    due = format_when(datetime.fromisoformat(task["due"]), lang, now)
    original = task.get("original_due")
    if not original or original == task["due"]:
        return due
    text = f"{format_when(datetime.fromisoformat(original), lang, now)} → {due}"
    reason = task.get("extension_reason")
    if reason:
        text += f"（{reason}）" if Say(lang).zh else f" ({reason})"
    return text


def when_words(text: str | None, lang: str, now) -> str:
    """An event's or a task's time as read (format_when); empty for none."""
    if not text:
        return ""
    from luoshi.render.dates import format_when

    return format_when(datetime.fromisoformat(text), lang, now)


_TOTALS = (("assigned", N_("Assigned {n}")), ("done", N_("Done {n}")),
           ("done_on_time", N_("on time {n}")), ("done_after_extension", N_("after extension {n}")),
           ("done_late", N_("late {n}")), ("done_waived", N_("waived {n}")),
           ("open", N_("Open {n}")), ("on_track", N_("on track {n}")), ("due_soon", N_("due soon {n}")),
           ("behind", N_("behind {n}")), ("late", N_("overdue {n}")), ("stalled", N_("stalled {n}")),
           ("blocked", N_("blocked {n}")), ("needs_due", N_("no deadline {n}")),
           ("closed", N_("Closed {n}")), ("cancelled", N_("Cancelled {n}")),
           ("on_time_rate", N_("On-time rate {rate}")), ("done_rate", N_("Done rate {rate}")))


def totals_pairs(totals: dict, lang: str) -> list[tuple[str, str, object]]:
    """(key, label, value) for each total, labelled with the totals line's own words."""
    say = Say(lang)
    return [(key, say(msgid).replace("{n}", "").replace("{rate}", "").strip(), totals.get(key))
            for key, msgid in _TOTALS]


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-width grid: East Asian wide characters count 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
