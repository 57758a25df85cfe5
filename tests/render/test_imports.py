"""A file format does not pay for the terminal's library: Rich is imported only to print."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SRC
from tests.render.conftest import FIXTURES

SCRIPT = """
import json, sys
from datetime import datetime
from luoshi.render.report import render_document
from luoshi.render.notice import render_notice
report = json.loads(open(sys.argv[1], encoding="utf-8").read())
now = datetime.fromisoformat("2026-11-23T09:30:00+08:00")
for fmt in ("json", "md", "csv", "html", "xlsx", "docx"):
    render_document(report, fmt, "zh", now)
for fmt in ("md", "html", "docx"):
    render_notice(json.loads(open(sys.argv[2], encoding="utf-8").read()), fmt, "zh", now)
print(sorted(m for m in ("rich", "pygal", "jinja2") if m in sys.modules))
"""


def test_every_file_format_renders_without_importing_rich():
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(FIXTURES / "report-week-zh.json"),
                           str(FIXTURES / "task-9-zh.json")], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
