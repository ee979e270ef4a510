"""The download handler when pages may be loaded in the browser.

Requests with `meta["playwright"]` go to scrapy-playwright's handler, which drives
Chromium; every other request (feeds, sitemaps, robots.txt, the plain fetch of every
page) goes to the wire-faithful archiving handler (archiver.core.download_handler), as
without the browser. scrapy-playwright's own handler would send those through Scrapy's
plain HTTP handler (it subclasses it, with no setting to choose another), hence this
dispatcher rather than its class in DOWNLOAD_HANDLERS.

Scrapy builds one handler per scheme; both share one scrapy-playwright handler, so
there is one browser process. Each page in the browser:
- is watched by a PageCapture (archiver.browser.capture): requests to private
  addresses are refused as the crawl refuses them, every response is kept;
- settles (network quiet, scrolled to the end, screenshot) as a page method;
- has ARCHIVER_BROWSER_PAGE_TIMEOUT seconds in all: past it the page is closed and
  the request fails with BrowserPageError("browser_timeout"); a browser that dies fails
  its pages with "browser_crashed" and is started again for the next page
  (PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from archiver import meta
from archiver.browser.capture import PageCapture, as_page_method
from archiver.browser.processes import kill_all, processes_with_tmp, run_tmp
from archiver.core.download_handler import ArchivingHttpDownloadHandler
from archiver.downloadermiddlewares.private_address import REFUSED_STAT, AddressPolicy

if TYPE_CHECKING:
    from playwright.async_api import Page
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


# Seconds the browser has to answer a question (or to close) before it counts as hung.
HUNG_AFTER = 10.0


class BrowserPageError(Exception):
    """A page the browser could not capture; `reason` is the skip reason."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


class BrowserPages:
    """One scrapy-playwright handler (one browser) for the crawl, and the page policy."""

    def __init__(self, crawler: Crawler) -> None:
        # Imported here: a crawl without the browser never loads Playwright.
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

        self.crawler = crawler
        self.handler = ScrapyPlaywrightDownloadHandler.from_crawler(crawler)
        # scrapy-playwright loads a page again (up to 3 times, no setting) when its browser
        # closes under it; a page that crashes Chromium would then crash it again. The page
        # is skipped instead (browser_crashed) and the next page gets a new browser.
        self.handler.config.target_closed_max_retries = 0
        # Chromium's own temporary files (its singleton socket folder, org.chromium.*) go
        # into a folder of the run's, removed at the end: a killed Chromium leaves them
        # behind otherwise. Set here, not in PLAYWRIGHT_LAUNCH_OPTIONS, since Scrapy logs
        # settings and the environment may hold secrets (a proxy's password). A short path
        # under the system's temporary folder: the socket's path must stay under 108 bytes.
        self.tmp = run_tmp()
        self.handler.config.launch_options["env"] = dict(os.environ) | {"TMPDIR": str(self.tmp)}
        get = crawler.settings
        self.page_timeout = get.getfloat("ARCHIVER_BROWSER_PAGE_TIMEOUT")
        self.idle_timeout = get.getfloat("ARCHIVER_BROWSER_IDLE_TIMEOUT")
        self.steps = get.getint("ARCHIVER_BROWSER_SCROLL_STEPS")
        self.pause = get.getfloat("ARCHIVER_BROWSER_SCROLL_PAUSE")
        self.max_size = get.getint("DOWNLOAD_MAXSIZE")
        self._policy: AddressPolicy | None = None
        self._closed = False

    def refusal(self, url: str, ip: Any) -> str | None:
        if self._policy is None:  # the spider's seeds are known once it runs
            self._policy = AddressPolicy.from_crawler(self.crawler)
        return self._policy.refusal(url, ip)

    async def download(self, request: Request) -> Response:
        capture = request.meta[meta.BROWSER_CAPTURE] = PageCapture(
            self.refusal, request.meta.get("download_maxsize", self.max_size))
        request.meta[meta.PLAYWRIGHT_PAGE_INIT] = _init_callback(capture)
        request.meta[meta.PLAYWRIGHT_PAGE_METHODS] = [_page_method(
            as_page_method(capture, self.idle_timeout, self.steps, self.pause))]
        stats = self.crawler.stats
        try:
            response = await asyncio.wait_for(self.handler.download_request(request),
                                              self.page_timeout)
        except asyncio.TimeoutError:
            await _close(capture.page)
            stats.inc_value("archiver/browser/timeout")
            await self._restart_if_hung()
            raise BrowserPageError("browser_timeout", f"{request.url} not captured in "
                                   f"{self.page_timeout:g}s") from None
        except Exception as error:
            await _close(capture.page)
            reason = _reason(error)
            stats.inc_value(f"archiver/browser/{reason.removeprefix('browser_')}")
            if reason == "browser_timeout":  # Playwright's own navigation timeout
                await self._restart_if_hung()
            logger.warning("Browser capture failed: %s (%s: %s)", request.url, reason,
                           _first_line(error))
            raise BrowserPageError(reason, f"{request.url}: {_first_line(error)}") from None
        stats.inc_value("archiver/browser/pages")
        if capture.refused:  # counted as the crawl's own refusals are
            stats.inc_value(REFUSED_STAT, len(capture.refused))
        if capture.too_large:
            stats.inc_value("archiver/browser/too_large", len(capture.too_large))
        if not capture.idle:
            stats.inc_value("archiver/browser/not_idle")
        return response

    async def _restart_if_hung(self) -> None:
        """After a page timed out: a browser that does not answer is killed; the next
        page starts a new one (PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER)."""
        browser = getattr(self.handler, "browser", None)
        if browser is None:
            return
        try:
            session = await asyncio.wait_for(browser.new_browser_cdp_session(), HUNG_AFTER)
            await asyncio.wait_for(session.send("Browser.getVersion"), HUNG_AFTER)
            await session.detach()
        except Exception as error:
            logger.warning("The browser does not answer (%s): killed, the next page starts "
                           "a new one", _first_line(error))
            self.crawler.stats.inc_value("archiver/browser/restarted")
            kill_all(processes_with_tmp(self.tmp))
            # Until scrapy-playwright has seen it go (its disconnect callback forgets the
            # browser): a page started before would be opened in the dead one.
            for _ in range(int(HUNG_AFTER * 10)):
                if getattr(self.handler, "browser", None) is not browser:
                    break
                await asyncio.sleep(0.1)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:  # a hung browser would hold the end of the run
            await asyncio.wait_for(self.handler.close(), HUNG_AFTER * 2)
        except Exception as error:
            logger.warning("The browser did not close (%s): killed", _first_line(error))
        finally:
            kill_all(processes_with_tmp(self.tmp))
            shutil.rmtree(self.tmp, ignore_errors=True)


_shared: WeakKeyDictionary[Any, BrowserPages] = WeakKeyDictionary()


class BrowserDownloadHandler:
    """DOWNLOAD_HANDLERS for http and https when ARCHIVER_BROWSER or a source asks for it."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self.http = ArchivingHttpDownloadHandler(crawler)
        if crawler not in _shared:
            _shared[crawler] = BrowserPages(crawler)
        self.browser = _shared[crawler]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        if request.meta.get(meta.PLAYWRIGHT):
            return await self.browser.download(request)
        return await self.http.download_request(request)

    async def close(self) -> None:
        await self.http.close()
        await self.browser.close()


def _init_callback(capture: PageCapture) -> Any:
    async def init(page: Page, request: Request) -> None:
        await capture.attach(page)
    return init


def _page_method(method: Any) -> Any:
    from scrapy_playwright.page import PageMethod

    return PageMethod(method)


def _reason(error: BaseException) -> str:
    """browser_timeout (Playwright's own navigation timeout), browser_launch_failed,
    browser_crashed (the browser or the page went away), or browser_error."""
    if type(error).__name__ == "TimeoutError":
        return "browser_timeout"
    if "BrowserType.launch" in str(error):
        return "browser_launch_failed"
    text = str(error).lower()
    if any(word in text for word in ("closed", "crash", "disconnected")):
        return "browser_crashed"
    return "browser_error"


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}"


async def _close(page: Page | None) -> None:
    if page is None or page.is_closed():
        return
    try:
        await asyncio.wait_for(page.close(), 5)
    except Exception as error:  # a dead or hung browser: it is started again
        logger.debug("Closing a browser page failed: %s", error)

