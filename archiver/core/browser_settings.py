"""The settings that switch browser capture on (archiver.core.browser_handler).

Applied by `archiver crawl` (archiver.commands.crawl, which knows the sources file's
`browser` keys) and by the spider's update_settings (`scrapy crawl news -s
ARCHIVER_BROWSER=auto`). Without a mode nothing is changed and nothing is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from archiver.browser import MODES
from archiver.browser.launch import (
    BrowserError,
    check_playwright,
    find_chromium,
    playwright_settings,
)

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from archiver.frontier.sources import Source


HANDLER = "archiver.core.browser_handler.BrowserDownloadHandler"


def browser_enabled(settings: BaseSettings) -> bool:
    return settings.getdict("DOWNLOAD_HANDLERS").get("http") == HANDLER


def browser_modes(settings: BaseSettings, sources: Iterable[Source] = ()) -> set[str]:
    """The browser modes the crawl uses ("true", "auto"), the sources' and the setting's."""
    default = str(settings.get("ARCHIVER_BROWSER") or "").lower()
    return ({default if s.browser is None else s.browser for s in sources} | {default}) - {""}


def apply_browser_settings(settings: BaseSettings, sources: Iterable[Source] = (),
                           priority: str = "cmdline") -> None:
    """The browser's download handler and scrapy-playwright's settings, when some source
    needs the browser; raises BrowserError (one line) for a bad mode, BrowserMissing when
    no Chromium or no scrapy-playwright is found."""
    modes = browser_modes(settings, sources)
    bad = modes - set(MODES)
    if bad:
        raise BrowserError(f"ARCHIVER_BROWSER must be true, auto or empty, got {bad.pop()!r}")
    if not modes:
        return
    check_playwright()
    executable = find_chromium(settings.get("ARCHIVER_BROWSER_EXECUTABLE") or "")
    settings.set("DOWNLOAD_HANDLERS", {"http": HANDLER, "https": HANDLER}, priority=priority)
    for name, value in playwright_settings(
            executable, settings.getint("ARCHIVER_BROWSER_MAX_PAGES"),
            settings.get("ARCHIVER_BROWSER_VIEWPORT"),
            settings.getfloat("ARCHIVER_BROWSER_PAGE_TIMEOUT")).items():
        settings.set(name, value, priority=priority)
