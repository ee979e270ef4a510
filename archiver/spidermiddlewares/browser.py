"""Pages loaded again in the browser (archiver.core.browser_handler).

Every page is fetched plainly first: what it is (a page, a feed, a sitemap) is only
known from the response, and feeds, sitemaps and robots.txt never go to the browser.
Then, for a source whose `browser` is "true", this middleware replaces the page's
`FetchedPage` with a request for the same URL in the browser; with "auto", the
extraction pipeline does so when the page gave no record and looks built by a script
(archiver.browser.detect). The plain fetch stays archived as it came.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from archiver import meta
from archiver.browser.detect import script_built
from archiver.pipelines import extraction  # its FetchedPage; extraction imports this module
from archiver.spidermiddlewares.hops import hop_path

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

# The page's facts the request in the browser keeps (the rest are the plain fetch's).
_KEPT = (meta.VIA, meta.KEY, meta.SOURCE, meta.DISCOVERY, meta.LISTED, "download_slot",
         "autothrottle_dont_adjust_delay")


def browser_mode(crawler: Crawler, response: Response) -> str:
    """"true", "auto" or "" for the page's source."""
    sources = getattr(crawler.spider, "sources", {})
    source = sources.get(response.meta.get(meta.SOURCE, ""))
    if source is not None and source.browser is not None:
        return source.browser
    return str(crawler.settings.get("ARCHIVER_BROWSER") or "").lower()


def in_browser(response: Response) -> bool:
    return bool(response.meta.get(meta.PLAYWRIGHT))


def browser_request(response: Response, reason: str) -> Request:
    """The page again, in the browser, with the hops it had left: links that only its
    rendered DOM has are followed too (those of its HTML are already scheduled)."""
    kept = {key: response.meta[key] for key in _KEPT if key in response.meta}
    kept |= {meta.HOPS_LEFT: response.meta.get(meta.HOPS_LEFT, 0),
             meta.HOP_PATH: hop_path(response.request),
             meta.PLAYWRIGHT: True, meta.PLAYWRIGHT_CONTEXT: "default",
             meta.BROWSER_REASON: reason}
    # A step ahead of the queue: loaded soon after its plain fetch, as one capture.
    return response.request.replace(url=response.url, meta=kept, headers={}, dont_filter=True,
                                    priority=response.request.priority + 1)


def load_in_browser(crawler: Crawler, response: Response, reason: str) -> None:
    crawler.stats.inc_value(f"archiver/browser/requested/{reason}")
    crawler.engine.crawl(browser_request(response, reason))


def maybe_script_built(crawler: Crawler, response: Response) -> str | None:
    """For a page that gave no record: load it in the browser if its source says "auto"
    and it looks built by a script; the signal that decided it, or None."""
    if in_browser(response) or browser_mode(crawler, response) != "auto":
        return None
    signal = script_built(response.body)
    if signal is not None:
        load_in_browser(crawler, response, signal)
    return signal


class BrowserPagesMiddleware:
    """For sources with `browser = true`: each page's extraction waits for the browser."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserPagesMiddleware:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Any = None) -> Iterator[Any]:
        for item in result:
            if (isinstance(item, extraction.FetchedPage) and not in_browser(response)
                    and browser_mode(self.crawler, response) == "true"):
                load_in_browser(self.crawler, response, "true")
                continue
            yield item

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Any = None) -> AsyncIterator[Any]:
        async for item in result:
            for output in self.process_spider_output(response, [item]):
                yield output
