"""In a cluster: the requests a page yields go to the shared queue before the page is done.

Returned from the callback, they would reach the queue only after the state
took the page that found them out of this worker's in-flight set; a worker
killed in between would lose them, for no other worker refetches that page.
Alone, the state's pending table holds them already, and this middleware is off
(ARCHIVER_CLUSTER_ENQUEUE_EARLY, which cluster mode sets).

It is the outermost spider middleware (the lowest order), so the requests it
pushes carry the hop path and the Referer the other middlewares gave them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class EarlyEnqueueMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EarlyEnqueueMiddleware:
        if not crawler.settings.getbool("ARCHIVER_CLUSTER_ENQUEUE_EARLY"):
            raise NotConfigured
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Spider | None = None) -> Iterator[Any]:
        for item in result:
            if isinstance(item, Request) and self.crawler.crawling:
                self.crawler.engine.crawl(item)
            else:
                yield item

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        async for item in result:
            if isinstance(item, Request) and self.crawler.crawling:
                self.crawler.engine.crawl(item)
            else:
                yield item
