"""Each HTML page parsed once, by an extraction worker: its links become candidates here.

The spider yields a `FetchedPage` for an HTML page and nothing else of it. This
middleware, inside the frontier's (a higher order: it sees the spider's output
first), has a worker of the pool (archiver.extraction.pool) read the page: its
links and, on a seed page, the feeds it announces (archiver.extraction.analysis),
its requisites as ARCHIVER_REQUISITES wants them, and its article unless the body is
the one the crawl state already stored (or the page is loaded again in the browser
before extraction, a source with `browser = true`). It then yields the page's
candidates, one hop further (archiver.frontier.candidates.page), for the frontier,
hop path and cluster middlewares to see as they saw the spider's own, and the
`FetchedPage` with the worker's analysis for the extraction pipeline. The crawl
process parses no HTML page.

A page the worker cannot read (empty, binary, too large for the extractor, no HTML
document) is still archived (its capture is written before the spider sees it) and
gives no links: that is logged with the reason and counted as
archiver/links/unread/REASON. A page whose article runs out of time or kills its
worker gets its links from a second worker, which reads them without the article
(archiver.extraction.pool); only if that fails too has it none, logged alike. The
pipeline logs its article's fate as before.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import attrs
from scrapy import signals
from scrapy.http import TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS

from archiver import meta
from archiver import signals as archiver_signals
from archiver.extensions.crawl_state import known_state
from archiver.extraction import PageAnalysis, Wanted
from archiver.extraction.pool import ExtractionPool
from archiver.frontier import candidates
from archiver.pipelines.extraction import FetchedPage
from archiver.spidermiddlewares import browser

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from archiver.frontier.admission import Candidate

logger = logging.getLogger(__name__)

# LinkExtractor's default filter, as the spider used it (archiver.discovery.links).
DENY_EXTENSIONS = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)


class PageAnalysisMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.autodiscovery = settings.getbool("ARCHIVER_FEED_AUTODISCOVERY")
        self.requisites = settings.get("ARCHIVER_REQUISITES")
        self.pool = ExtractionPool.from_settings(settings)
        self._first_analysed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageAnalysisMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self, spider: Spider) -> None:
        self.pool.close()

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any],
                                    spider: Spider | None = None) -> AsyncIterator[Any]:
        async for item in result:
            if not isinstance(item, FetchedPage):
                yield item
                continue
            page = await self.analysed(item)
            for candidate in self.candidates(page):
                yield candidate
            yield page

    async def analysed(self, page: FetchedPage) -> FetchedPage:
        response = page.response
        page = attrs.evolve(page, known=known_state(self.crawler.spider.state, page.fetch))
        wanted = self.wanted(page)
        if not wanted.anything:
            return attrs.evolve(page, analysis=PageAnalysis())
        analysis = await self.pool.analyse(response.body, response.url, page.content_type,
                                           wanted)
        if not self._first_analysed:
            self._first_analysed = True
            self.crawler.signals.send_catch_log(signal=archiver_signals.extraction_started)
        if analysis.unread is not None and (wanted.links or wanted.requisites == "all"):
            unread = analysis.unread
            self.stats.inc_value(f"archiver/links/unread/{unread.reason}")
            logger.info("No links or requisites from %s (%s: %s)", response.url,
                        unread.reason, unread.detail)
        return attrs.evolve(page, analysis=analysis)

    def wanted(self, page: FetchedPage) -> Wanted:
        """What the worker reads: what the spider read before, and the article when the
        pipeline will extract it."""
        response = page.response
        extract = not page.unchanged_body() and not (
            browser.browser_mode(self.crawler, response) == "true"
            and not browser.in_browser(response))  # replaced by its load in the browser
        links = response.meta.get(meta.HOPS_LEFT, 0) > 0 and isinstance(response, TextResponse)
        seed = response.meta.get(meta.DISCOVERY, {}).get("method") == "seed"
        return Wanted(article=extract, links=links, feeds=links and seed and self.autodiscovery,
                      requisites=self.requisites if extract else "none",
                      deny_extensions=DENY_EXTENSIONS)

    def candidates(self, page: FetchedPage) -> list[Candidate]:
        analysis, response = page.analysis, page.response
        if not analysis.links and not analysis.feeds:
            return []
        return candidates.page(self.crawler.spider.source_of(response), response.url,
                               response.meta.get(meta.HOPS_LEFT, 0),
                               [link.url for link in analysis.links], analysis.feeds)
