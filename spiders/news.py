"""The news spider: the crawl's policy, from sources to candidates (`archiver crawl`).

A seed may be a page, a feed, a sitemap (index) or robots.txt; its kind is read from the
response. The spider says what a response lists and with how many hops left (an HTML page's
links are read from its one parse, in an extraction worker: archiver.spidermiddlewares.
page_analysis); the components in archiver/settings.py do the rest (admission, archiving,
extraction, browser, state).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from scrapy import Spider
from scrapy.http import Response

from archiver import meta
from archiver.cluster.settings import apply_cluster_settings
from archiver.core.browser_settings import apply_browser_settings
from archiver.discovery.feeds import feed_listing
from archiver.discovery.kinds import Entry, detect_kind, maybe_gunzip
from archiver.discovery.sitemaps import robots_sitemaps, sitemap_entries
from archiver.extensions.crawl_state import fetch_of
from archiver.frontier import candidates
from archiver.frontier.sources import Source, split_seeds
from archiver.pipelines.extraction import FetchedPage
from archiver.run.paths import user_agent
from archiver.spidermiddlewares.frontier import ListingDone

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from archiver.frontier.admission import Candidate
    from archiver.state.backends import CrawlStateBackend


class NewsSpider(Spider):
    """`outcomes` and `embeds` are set by the crawl-state and requisites extensions."""
    name = "news"

    def __init__(self, seeds: str | list[str] = "", *args: Any,
                 sources: list[Source] | None = None, state: CrawlStateBackend | None = None,
                 recovered: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = sources or [Source.from_seeds(split_seeds(seeds))]
        self.sources = {source.name: source for source in sources}
        self.seeds = [seed for source in sources for seed in source.seeds]
        self.allowed_domains = sorted({d for s in sources for d in s.allowed_domains})
        self.state, self.recovered = state, recovered

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Not a private contact (Scrapy logs USER_AGENT): downloadermiddlewares.useragent's.
        if not settings.getbool("ARCHIVER_CONTACT_PRIVATE"):
            settings.set("USER_AGENT", user_agent(settings), priority="spider")
        apply_cluster_settings(settings)  # the Redis backends when ARCHIVER_CLUSTER_REDIS_URL
        apply_browser_settings(settings, priority="spider")  # Chromium when ARCHIVER_BROWSER

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("seeds", crawler.settings.get("ARCHIVER_SEEDS"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        get = crawler.settings
        spider.page_depth, spider.entry_depth, spider.max_decompressed = (
            get.getint("ARCHIVER_DEPTH"), get.getint("ARCHIVER_FEED_ENTRY_DEPTH"),
            get.getint("ARCHIVER_MAX_DECOMPRESSED_SIZE"))
        return spider

    async def start(self) -> AsyncIterator[Candidate]:
        if not self.seeds:
            self.logger.error("No seeds given: nothing to crawl")
        resumed = [candidates.resumed(pending, self.sources[pending.source])
                   for pending in self.state.pending(self.sources)]
        self.crawler.stats.set_value("archiver/resumed", len(resumed))
        self.crawler.stats.set_value("archiver/recovered", self.recovered)
        for candidate in resumed + (self.seed_candidates() if self.state.claim_seeds() else []):
            yield candidate

    def seed_candidates(self) -> list[Candidate]:
        """The seeds as start() yields them (what `archiver enqueue` pushes)."""
        return candidates.seeds(self.sources.values(), self.page_depth)

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        if meta.EMBED in response.meta:  # a requisite: never extracted; a stylesheet's follow
            return self.embeds.fetched(response)
        self.crawler.stats.inc_value("archiver/fetched")
        if response.status == 304:
            self.outcomes.not_modified(response)
            return ()
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            body = maybe_gunzip(response.body, self.max_decompressed)
        except (ValueError, OSError, zlib.error) as error:  # too big once opened, or broken
            return self._not_listed(response, "bad_gzip", str(error))
        kind = detect_kind(body, content_type, response.url)
        self.crawler.stats.inc_value(f"archiver/kind/{kind}")
        if kind == "feed":
            listing = feed_listing(body, response.url, content_type)
            return self._listing(response, "feed", listing.pages, listing.sitemaps)
        if kind == "sitemap":
            is_index, entries = sitemap_entries(body, response.url)
            return self._listing(response, "sitemapindex" if is_index else "sitemap",
                                 () if is_index else entries, entries if is_index else ())
        if kind == "robots":
            sitemaps = robots_sitemaps(body, response.url).sitemaps
            return self._listing(response, "robots", (), sitemaps)
        if kind == "html":  # its links: archiver.spidermiddlewares.page_analysis
            return [FetchedPage(response, content_type, fetch_of(response, "page"))]
        return self._not_listed(response, "not_html", f"content type {content_type or 'unknown'}")

    def errback(self, failure: Failure) -> None:
        self.outcomes.failed(failure)

    def _not_listed(self, response: Response, reason: str, detail: str) -> tuple[()]:
        self.crawler.stats.inc_value(f"archiver/skipped/{reason}")
        self.logger.info("Not an article: %s (%s: %s)", response.url, reason, detail)
        self.outcomes.fetched(response, "other", reason)
        return ()

    def _listing(self, response: Response, kind: str, pages: Iterable[Entry],
                 sitemaps: Iterable[Entry]) -> Iterator[Any]:
        source = self.source_of(response)
        entry_hops = self.entry_depth if source.depth is None else source.depth
        nesting = response.meta.get(meta.NESTING, 0) + 1
        yield from candidates.listing(source, "feed" if kind == "feed" else "sitemap",
                                      response.url, response.meta.get(meta.HOPS_LEFT, 0),
                                      entry_hops, nesting, pages, sitemaps)
        yield ListingDone(fetch_of(response, kind))

    def source_of(self, response: Response) -> Source:
        return self.sources[response.meta.get(meta.SOURCE, next(iter(self.sources)))]
