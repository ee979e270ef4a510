"""Which Chromium to start, with which flags, and the settings scrapy-playwright reads."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

# Searched on PATH in this order when ARCHIVER_BROWSER_EXECUTABLE is "".
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# --no-sandbox: Chromium refuses to start as root with its sandbox. The rest keeps it
# from calling home (component updates, sync, field trials...): on a closed network
# those connections are refused many at a time, and none belongs in a capture.
# Playwright gives every launch a fresh profile of its own (a temporary
# --user-data-dir, removed when the browser closes).
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
)


class BrowserError(Exception):
    """Browser capture cannot be set up: the message is the one line to show."""


class BrowserMissing(BrowserError):
    """No Chromium (or no scrapy-playwright) to start."""


def check_playwright() -> None:
    """Raises BrowserMissing when scrapy-playwright is not installed (not imported here)."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise BrowserMissing("browser capture needs scrapy-playwright: pip install -e "
                             "'.[browser]' (make install installs it)")


def find_chromium(configured: str) -> str:
    """The executable's path; raises BrowserMissing with what to do."""
    if configured:
        path = shutil.which(configured) or configured
        if Path(path).is_file():
            return path
        raise BrowserMissing(f"ARCHIVER_BROWSER_EXECUTABLE: no browser at {configured!r}")
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing("browser capture needs Chromium: none found on PATH (install "
                         "Debian's chromium package, or set ARCHIVER_BROWSER_EXECUTABLE)")


def viewport(text: str) -> dict[str, int]:
    width, _, height = text.lower().partition("x")
    return {"width": int(width), "height": int(height)}


def playwright_settings(executable: str, max_pages: int, view: str,
                        page_timeout: float) -> dict[str, Any]:
    """scrapy-playwright's settings for one headless Chromium with `max_pages` pages."""
    return {
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": executable, "headless": True,
                                      "args": list(CHROMIUM_ARGS)},
        # One context. The User-Agent is not set here: scrapy-playwright sends the Scrapy
        # request's headers with the page and its User-Agent with every other request of
        # the page (use_scrapy_headers), so the browser says what plain fetches say, and
        # a private contact stays out of the settings Scrapy logs.
        "PLAYWRIGHT_CONTEXTS": {"default": {"viewport": viewport(view),
                                            "service_workers": "block",
                                            "accept_downloads": False}},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": page_timeout * 1000,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        # A browser that died is started again for the next page.
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
    }
