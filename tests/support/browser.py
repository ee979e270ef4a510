"""Headless Chromium for the tests: a page's rendered DOM and a screenshot of it.

Debian's `chromium` package; .ci/run installs it when missing. Tests that need it
are skipped, saying so, where it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--window-size=1280,2000"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does it)")
    return found


def _run(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120)


def dump_dom(url: str, workdir: Path) -> str:
    """The DOM after the page has loaded and run, as HTML."""
    done = _run(url, workdir / "profile-dom", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(url: str, target: Path) -> Path:
    done = _run(url, target.parent / f"profile-{target.stem}", f"--screenshot={target}")
    assert done.returncode == 0 and target.is_file(), done.stderr[-2000:]
    return target


def colours(png: Path) -> int:
    """How many different colours the picture has (1: a blank page)."""
    with Image.open(png) as image:
        found = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return len(found) if found is not None else 1 << 16
