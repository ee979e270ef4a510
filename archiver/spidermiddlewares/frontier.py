"""Frontier admission: the spider's candidates in, the admitted requests out.

The spider yields `Candidate`s (seeds, resumed URLs, listing entries, links)
and, at the end of a listing, a `ListingDone` with the listing's own fetch.
This middleware asks the frontier (archiver.frontier.admission) which to fetch,
builds their requests, and tells the crawl state of every candidate seen and
every one queued in one transaction a chunk, so that a listing whose fetch is
stored never loses the entries it queued. Everything else passes through.

It is the innermost spider middleware (the highest order), so the hop paths
and the Referer (archiver.spidermiddlewares.hops, Scrapy's RefererMiddleware)
are set on its requests, alone and in a cluster alike.

A page's requisites come from the extraction pipeline, once it knows whether
the page is an article (the `requisites_found` signal, see
archiver.extensions.requisites): they are admitted alike, given the page's
hop path plus E and the page as Referer here, and scheduled directly.
Requisites are fetched before pages (a higher priority), each with its own
size cap, and handed to the requisites extension by the spider.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

import attrs

from archiver import meta
from archiver.core.queued_request import NamedCallbackRequest
from archiver.dates import parse_refresh_after, parse_since
from archiver.frontier.admission import (
    Candidate,
    Decision,
    Frontier,
    SitemapLimits,
    conditional_headers,
)
from archiver.signals import requisites_found, url_done, url_skipped
from archiver.spidermiddlewares.hops import embed_of
from archiver.state.backends import open_page_budget
from archiver.state.sqlite import Fetch, Pending

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


EMBED_PRIORITY = 10


@attrs.frozen
class ListingDone:
    """The end of a listing's candidates: its fetch is stored with the last chunk."""

    fetch: Fetch


class FrontierMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.chunk = settings.getint("ARCHIVER_LISTING_CHUNK")
        self.embed_maxsize = settings.getint("ARCHIVER_REQUISITES_MAXSIZE")
        self.embed_robots = settings.getbool("ARCHIVER_REQUISITES_OBEY_ROBOTSTXT")
        self.frontier = _frontier(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.schedule_requisites, signal=requisites_found)
        return middleware

    def schedule_requisites(self, candidates: list[Candidate], response: Response) -> None:
        """A page's requisites, admitted and scheduled as embeds of the page."""
        for request in self.requests_for(candidates):
            self.crawler.engine.crawl(embed_of(request, response))

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        candidates: list[Candidate] = []
        async for item in start:
            if isinstance(item, Candidate):
                candidates.append(item)
            else:
                yield item
        for request in self.requests_for(candidates):
            yield request

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Spider | None = None) -> Iterator[Any]:
        batch: list[Candidate] = []
        for item in result:
            yield from self._take(response, item, batch)
        yield from self._flush(batch)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        """As process_spider_output, a chunk at a time: the output of every page comes this
        way (the page analysis middleware awaits its worker)."""
        batch: list[Candidate] = []
        async for item in result:
            for output in self._take(response, item, batch):
                yield output
        for request in self._flush(batch):
            yield request

    def _take(self, response: Response, item: Any, batch: list[Candidate]) -> Iterator[Any]:
        """`item` into the output: a candidate into the batch, whose requests pass on when it
        is full or anything else comes; the end of a listing (stored with the last chunk)
        said only once its requests have passed on."""
        if isinstance(item, Candidate):
            batch.append(item)
            if len(batch) >= self.chunk:
                yield from self._flush(batch)
        elif isinstance(item, ListingDone):
            yield from self._flush(batch, hub=item.fetch)
            self.crawler.signals.send_catch_log(url_done, request=response.request,
                                                response=response, outcome="listing")
        else:
            yield from self._flush(batch)
            yield item

    def _flush(self, batch: list[Candidate], hub: Fetch | None = None) -> list[Request]:
        requests = self.requests_for(batch, hub=hub)
        batch.clear()
        return requests

    def requests_for(self, candidates: Iterable[Candidate], hub: Fetch | None = None
                     ) -> list[Request]:
        """Requests for the admitted candidates; the state learns of all in one transaction."""
        seen, queued, requests = [], [], []
        for candidate in candidates:
            candidate = attrs.evolve(candidate, url=urldefrag(candidate.url)[0])
            decision = self.frontier.admit(candidate)
            if decision.in_scope:
                seen.append((decision.key, candidate.url, candidate.source.name))
            if decision.skip:
                self.stats.inc_value(f"archiver/skipped/{decision.skip}")
                self.crawler.signals.send_catch_log(
                    url_skipped, url=candidate.url, reason=decision.skip,
                    via=candidate.discovery.get("via"))
            if decision.admitted:
                requests.append(self._request(candidate, decision))
                queued.append(Pending(key=decision.key, url=candidate.url,
                                      source=candidate.source.name,
                                      hops_left=candidate.hops_left,
                                      discovery=candidate.discovery,
                                      listed_date=candidate.listed_date))
        if not seen and not queued and hub is None:
            return requests
        if hub is not None:
            hub = self.crawler.spider.outcomes.stored_hub(hub)
        self.stats.set_value("archiver/discovered", len(self.frontier.discovered))
        self.frontier.state.listed(seen, queued, hub)
        return requests

    def _request(self, candidate: Candidate, decision: Decision) -> Request:
        source = candidate.source
        request_meta: dict[str, Any] = {
            meta.HOPS_LEFT: candidate.hops_left, meta.VIA: candidate.discovery.get("via"),
            meta.KEY: decision.key, meta.SOURCE: source.name,
            meta.DISCOVERY: candidate.discovery, meta.LISTED: candidate.listed_date,
            meta.NESTING: candidate.nesting,
        }
        validators = conditional_headers(decision.known,
                                         listings=self.frontier.refresh_after < 0)
        if validators:
            request_meta[meta.VALIDATORS] = validators
        if source.download_slot:
            request_meta["download_slot"] = source.download_slot
            # AutoThrottle would otherwise lower the source's own delay.
            request_meta["autothrottle_dont_adjust_delay"] = source.delay is not None
        if urlsplit(candidate.url).path == "/robots.txt":
            request_meta["dont_obey_robotstxt"] = True
        spider = self.crawler.spider
        if candidate.embed is None:
            return NamedCallbackRequest(candidate.url, callback=spider.parse,
                                        errback=spider.errback, meta=request_meta)
        return self._embed(candidate, request_meta)

    def _embed(self, candidate: Candidate, request_meta: dict[str, Any]) -> Request:
        request_meta |= {meta.EMBED: candidate.embed,
                         meta.EMBED_SCOPE: candidate.source.embeds or "any"}
        if self.embed_maxsize:
            request_meta["download_maxsize"] = self.embed_maxsize
        if not self.embed_robots:
            request_meta["dont_obey_robotstxt"] = True
        spider = self.crawler.spider
        # Before pages: a page's record waits for its images (archiver.records.captures).
        return NamedCallbackRequest(candidate.url, callback=spider.parse,
                                    errback=spider.errback, meta=request_meta,
                                    priority=EMBED_PRIORITY)


def _frontier(crawler: Crawler) -> Frontier:
    settings = crawler.settings
    now = datetime.now(timezone.utc)
    since = settings.get("ARCHIVER_SINCE")
    return Frontier(
        crawler.spider.state, since=parse_since(since, now) if since else None,
        refresh_after=parse_refresh_after(settings.get("ARCHIVER_REFRESH_AFTER")),
        default_max_pages=settings.getint("ARCHIVER_MAX_PAGES"), now=now,
        budget=open_page_budget(settings), sitemap_limits=SitemapLimits.from_settings(settings))
