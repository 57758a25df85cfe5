"""The review's charts as inline SVG, written by hand: the open tasks by health, each person's
on-time rate and score, the trend of done vs late, and a timeline (Gantt-like) of tasks.

Each chart function returns one `<svg>` element, to be inlined in HTML, with a viewBox (it
scales to the page and prints sharp), a `<title>` for screen readers, no script, no external
reference, and the same output for the same input. `timeline()` is the timeline's geometry
alone, for any other drawing of it (the terminal board, render/board.py). Every label that
comes from users is made inert and escaped. Text uses
FONTS, a stack that finds a CJK font on Linux, Windows and macOS.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from luoshi.i18n import N_
from luoshi.render import words as w
from luoshi.render.text import inert

FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
         '"PingFang SC", sans-serif')
COLOURS = {"red": "#d93025", "yellow": "#f2a600", "green": "#1e8e3e", "magenta": "#a142f4",
           "blue": "#1a73e8", "grey": "#9aa0a6", "ink": "#202124", "faint": "#e8eaed"}
HEALTH_ORDER = ("late", "blocked", "stalled", "behind", "due_soon", "on_track", "needs_due")


def esc(value: object) -> str:
    """User or catalogue text, safe as SVG/HTML text or attribute."""
    return html.escape(inert(value), quote=True)


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> str:
    return (f'<svg class="chart {css_class}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'font-family=\'{FONTS}\' font-size="13">'
            f"<title>{esc(title)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: object, anchor: str = "start", fill: str = "ink",
          size: int | None = None) -> str:
    font = f' font-size="{size}"' if size else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{COLOURS.get(fill, fill)}"'
            f'{font}>{esc(text)}</text>')


def _bar(x: float, y: float, width: float, height: float, colour: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
            f'fill="{COLOURS.get(colour, colour)}"/>')


def health_chart(totals: dict, lang: str) -> str:
    """One bar per health of the open tasks (超期, 受阻, 停滞, 滞后, 临期, 正常), with its count."""
    say = w.Say(lang)
    rows = [(h, totals.get(h) or 0) for h in HEALTH_ORDER if h != "needs_due" or totals.get(h)]
    top = max([n for _, n in rows] + [1])
    label_w, bar_w, row_h = 110, 420, 28
    body = []
    for i, (health, n) in enumerate(rows):
        y = 10 + i * row_h
        colour = w.TONE.get(health, "grey")
        body += [_text(label_w - 8, y + 15, w.health_word(say, health), "end"),
                 _bar(label_w, y + 2, bar_w * n / top, row_h - 10, colour),
                 _text(label_w + bar_w * n / top + 6, y + 15, n)]
    title = say(N_("Open tasks by health"))
    return _svg(label_w + bar_w + 40, 20 + row_h * len(rows), title, body, "health")


def people_chart(people: list[dict], lang: str) -> str:
    """For each ranked person, two bars out of 100: the on-time rate and the score."""
    say = w.Say(lang)
    ranked = [p for p in people if p.get("score") is not None]
    label_w, bar_w, row_h = 120, 360, 40
    body = [_bar(label_w, 8, 12, 10, "green"), _text(label_w + 16, 17, say(N_("On-time rate")), size=12),
            _bar(label_w + 140, 8, 12, 10, "blue"), _text(label_w + 156, 17, say(N_("Score")), size=12)]
    for i, p in enumerate(ranked):
        y = 28 + i * row_h
        rate = _on_time_rate(p)
        name = f"{p.get('rank') or '—'}. {p.get('name')}"
        body += [_text(label_w - 8, y + 19, name, "end", "red" if p.get("bottom") else "ink"),
                 _bar(label_w, y + 4, bar_w * (rate or 0), 12, "green"),
                 _text(label_w + bar_w * (rate or 0) + 4, y + 14, w.percent(rate), size=11),
                 _bar(label_w, y + 18, bar_w * p["score"] / 100, 12, "blue"),
                 _text(label_w + bar_w * p["score"] / 100 + 4, y + 28, w.figure(p["score"]), size=11)]
    title = say(N_("On-time rate and score by person"))
    return _svg(label_w + bar_w + 50, 36 + row_h * max(len(ranked), 1), title, body, "people")


def _on_time_rate(p: dict) -> float | None:
    if (p.get("components") or {}).get("on_time") is not None:
        return p["components"]["on_time"]
    done = p.get("done") or 0
    good = sum(p.get(k) or 0 for k in ("done_on_time", "done_after_extension", "done_waived"))
    return good / done if done else None


def trend_chart(trend: list[dict], lang: str) -> str:
    """Done (green) and late (red) per period, oldest first, the report's own period last."""
    say = w.Say(lang)
    top = max([max(t.get("done") or 0, t.get("late") or 0) for t in trend] + [1])
    left, plot_h, col_w = 36, 150, 64
    body = [_bar(left, 6, 12, 10, "green"), _text(left + 16, 15, say(N_("done")), size=12),
            _bar(left + 90, 6, 12, 10, "red"), _text(left + 106, 15, say(N_("late")), size=12),
            f'<line x1="{left}" y1="{30 + plot_h}" x2="{left + col_w * len(trend)}" '
            f'y2="{30 + plot_h}" stroke="{COLOURS["grey"]}"/>']
    for i, t in enumerate(trend):
        x = left + i * col_w
        for j, (key, colour) in enumerate((("done", "green"), ("late", "red"))):
            n = t.get(key) or 0
            h = plot_h * n / top
            body += [_bar(x + 10 + j * 22, 30 + plot_h - h, 20, h, colour),
                     _text(x + 20 + j * 22, 26 + plot_h - h, n, "middle", size=11)]
        start = datetime.fromisoformat(t["start"])
        label = f"{start.month}月{start.day}日" if say.zh else f"{start.day}/{start.month}"
        body.append(_text(x + 31, 48 + plot_h, label, "middle", size=11))
    title = say(N_("Done and late, period by period"))
    return _svg(left + col_w * max(len(trend), 1) + 10, 60 + plot_h, title, body, "trend")


@dataclass(frozen=True)
class Span:
    """One task on a timeline, as fractions (0–1) of the whole time axis."""

    task: dict
    start: float  # where its bar begins: its creation
    end: float  # where its bar ends: its deadline
    done: float  # its progress, 0–1 of the bar
    expected: float | None  # where its progress should be by now, 0–1 of the bar; None: unknown
    tone: str  # red, yellow, green, magenta or grey


def timeline_axis(tasks: list[dict], now: datetime) -> tuple[datetime, datetime]:
    """The timeline's first and last moment: the first creation, and the last deadline or now
    when that is later (now and now without a task that has both)."""
    rows = [t for t in tasks if t.get("due") and t.get("created")]
    if not rows:
        return now, now
    first = min(datetime.fromisoformat(t["created"]) for t in rows)
    return first, max([datetime.fromisoformat(t["due"]) for t in rows] + [now])


def timeline(tasks: list[dict], now: datetime) -> tuple[list[Span], float]:
    """The timeline's geometry, shared by every drawing of it (this SVG, a terminal board):
    a span per task with a creation time and a deadline, and where `now` falls (0–1). The axis
    runs from the first creation to the last deadline, or to now when that is later. A task's
    expected progress is its `expected` (the milestones' dates, domain/health.py) when it
    carries that field — None for finished work — else the straight line from creation to
    deadline."""
    rows = [t for t in tasks if t.get("due") and t.get("created")]
    if not rows:
        return [], 0.0
    times = [(datetime.fromisoformat(t["created"]), datetime.fromisoformat(t["due"])) for t in rows]
    first, last = timeline_axis(tasks, now)
    scale = max((last - first).total_seconds(), 1)
    at = lambda moment: (moment - first).total_seconds() / scale  # noqa: E731
    spans = []
    for t, (a, b) in zip(rows, times):
        length = max((b - a).total_seconds(), 1)
        if "expected" in t:
            expected = None if t["expected"] is None else min(max(t["expected"] / 100, 0), 1)
        else:
            expected = min(max((now - a).total_seconds() / length, 0), 1)
        spans.append(Span(t, at(a), at(b), (t.get("progress") or 0) / 100, expected,
                          w.tone(t) or "grey"))
    return spans, at(now)


def timeline_chart(tasks: list[dict], now: datetime, lang: str) -> str:
    """A bar per task from its creation to its deadline, filled as far as its progress; a thin
    line under it reaches where progress should be by now; a dashed line marks now. Coloured
    by state; a milestone that follows its parent is indented. Tasks without a deadline are
    left out; none at all gives an empty string."""
    spans, now_at = timeline(tasks, now)
    if not spans:
        return ""
    label_w, plot_w, row_h = 220, 520, 24
    body = []
    shown: set = set()
    for i, s in enumerate(spans):
        y, x0, width = 10 + i * row_h, label_w + plot_w * s.start, plot_w * (s.end - s.start)
        colour = COLOURS[s.tone]
        indent = "└ " if s.task.get("parent") in shown else ""
        shown.add(s.task.get("id"))
        label = f"{indent}#{s.task['id']} {s.task.get('title', '')}"
        body += [_text(label_w - 8, y + 14, label[:24], "end", size=12),
                 f'<rect x="{x0:.1f}" y="{y + 3:.1f}" width="{max(width, 1):.1f}" height="14" '
                 f'fill="none" stroke="{colour}"/>',
                 _bar(x0, y + 3, width * s.done, 14, s.tone)]
        if s.expected is not None:
            body.append(f'<line x1="{x0:.1f}" y1="{y + 19:.1f}" x2="{x0 + width * s.expected:.1f}" '
                        f'y2="{y + 19:.1f}" stroke="{COLOURS["ink"]}" stroke-width="1.5"/>')
    x_now, height = label_w + plot_w * now_at, 20 + row_h * len(spans)
    body.append(f'<line x1="{x_now:.1f}" y1="4" x2="{x_now:.1f}" y2="{height - 4}" '
                f'stroke="{COLOURS["blue"]}" stroke-dasharray="4 3"/>')
    return _svg(label_w + plot_w + 20, height, w.Say(lang)(N_("Timeline")), body, "timeline")
