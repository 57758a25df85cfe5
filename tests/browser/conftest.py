"""Headless Chromium for the browser check (Debian's `chromium` with `fonts-noto-cjk`, which
`make test` installs through tools/ensure-services, like PostgreSQL).

Skipped with the reason when the browser or the Chinese fonts are missing — failed instead
under LUOSHI_REQUIRE_SERVICES=1 (CI), as tests/conftest.py does for PostgreSQL. The browser
only ever opens file:// pages written in tmp_path, with networking features turned off."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars")


def _unavailable() -> str | None:
    if not os.access(CHROMIUM, os.X_OK):
        return f"no {CHROMIUM} (Debian's chromium package; `make test` installs it when run as root)"
    if shutil.which("fc-list"):
        families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True,
                                  text=True, timeout=30).stdout
        if "Noto Sans CJK SC" not in families:
            return "no Chinese font (Debian's fonts-noto-cjk; `make test` installs it when run as root)"
    return None


@pytest.fixture(scope="session")
def chromium():
    """A function that runs headless Chromium on a local file with extra arguments."""
    reason = _unavailable()
    if reason:
        if os.environ.get("LUOSHI_REQUIRE_SERVICES") == "1":
            pytest.fail(f"Chromium is required here (LUOSHI_REQUIRE_SERVICES=1): {reason}")
        pytest.skip(reason)

    def run(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
        url = page.resolve().as_uri()
        assert url.startswith("file://")  # never another address
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                              capture_output=True, timeout=60)

    return run
