"""The fixtures add up the way the data side guarantees, so the renderers are tried on
reports that could really happen."""

from __future__ import annotations

import pytest

from tests.render.conftest import load


@pytest.mark.parametrize("name", ["report-week-zh.json", "report-month-en.json"])
def test_each_fixtures_totals_agree_with_its_tasks(name):
    r = load(name)
    t = r["totals"]
    assert t["tasks"] == len(r["tasks"]) == len({x["id"] for x in r["tasks"]})
    assert t["done"] == sum(t[k] for k in ("done_on_time", "done_after_extension", "done_late", "done_waived"))
    assert t["open"] == sum(t[k] for k in ("on_track", "due_soon", "behind", "late", "stalled", "blocked", "needs_due"))
    places = [x["in_period"] for x in r["tasks"]]
    assert (places.count("done"), places.count("open"), places.count("cancelled")) == (t["done"], t["open"], t["cancelled"])
    for key in ("escalations", "extensions", "handovers", "waivers", "closures", "patterns"):
        assert t[key] == len(r[key]), key
    assert len(r["trend"]) == 8
