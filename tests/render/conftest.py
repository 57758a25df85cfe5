"""Hand-written reports of the shape `report --json` gives (notes/report-shape.md): a county
office's week in Chinese (13 tasks, every section filled) and a team's month in English, and
one task's detail (`show --json`) for the notice. Renderers are tested on these directly."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime.fromisoformat("2026-11-23T09:30:00+08:00")  # the Monday after the week


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def week_zh() -> dict:
    return load("report-week-zh.json")


@pytest.fixture
def month_en() -> dict:
    return load("report-month-en.json")


@pytest.fixture
def notice_detail() -> dict:
    return load("task-9-zh.json")


@pytest.fixture(params=["zh", "en"])
def any_report(request) -> tuple[str, dict]:
    """(lang, report): the Chinese week in Chinese, the English month in English."""
    return request.param, load("report-week-zh.json" if request.param == "zh" else "report-month-en.json")


HOSTILE = "<script>alert('x')</script> & \"quoted\" 'single' \x1b[31mred\x07 =SUM(A1) | pipe"


def hostile(report: dict) -> dict:
    """The report with user text that tries to act: markup, quotes, control characters, a formula."""
    out = copy.deepcopy(report)
    for task in out["tasks"]:
        if task["id"] == 9 or task["id"] == 5:
            task["title"] = HOSTILE
            task["blocker"] = "=HYPERLINK(\"http://x\")"
            task["latest_note"] = "<img src=http://evil/x.png>"
    for key in ("late", "done"):
        for task in out[key]:
            if task["id"] in (5, 9):
                task["title"] = HOSTILE
    out["people"][0]["name"] = "<b>张伟</b>"
    out["formula"] = out["formula"] + " <script>x</script>"
    return out
