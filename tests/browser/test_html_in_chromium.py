"""The HTML report opened in a real browser: the text a reader sees holds the totals, and the
page is not blank where the charts are (Chinese text rendered with the Noto CJK fonts)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from luoshi.render.report import render_document
from tests.browser import png
from tests.render.conftest import NOW

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report-week-zh.json"
CHART_ROWS = 1000  # the header and the charts are in the page's first 1000 pixel rows


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ("style", "title")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def test_the_report_renders_in_chromium_with_its_totals_and_charts(chromium, tmp_path):
    report = json.loads(FIXTURE.read_text(encoding="utf-8"))
    page = tmp_path / "周报.html"
    page.write_bytes(render_document(report, "html", "zh", NOW))

    dom = chromium(page, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-500:]
    seen = Text()
    seen.feed(dom.stdout.decode("utf-8"))
    text = " ".join(seen.parts)
    assert "交办 8 · 办结 5 (按期 2" in text and "按期办结率 80%" in text
    assert "督查台账 (13)" in text and "人员 (6)" in text

    shot = tmp_path / "page.png"
    done = chromium(page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0 and shot.exists(), done.stderr.decode(errors="replace")[-500:]
    width, height, rows = png.read(shot.read_bytes(), CHART_ROWS)
    assert (width, height) == (1280, 2000)
    step = len(rows[0]) // width
    # the bars of three charts: thousands of strongly coloured pixels (a blank page has none)
    assert png.vivid_pixels(rows, step) > 20_000


def test_the_png_reader_sees_a_blank_page_as_blank(tmp_path):
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x01" + b"\xff\xff\xff" + b"\x00" * 3 * 3 for _ in range(4))  # Sub filter
    data = (png.SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    width, height, decoded = png.read(data)
    assert (width, height) == (4, 4) and decoded[0] == b"\xff" * 12
    assert png.vivid_pixels(decoded, 3) == 0
