"""The news spider: the crawl's policy, from sources to candidates.

`archiver crawl URL ...`, `archiver crawl --config sources.toml` and `scrapy
crawl news -a seeds=URL,URL` run this spider. A seed may be a page, a feed, a
sitemap (index) or robots.txt; every response's kind is read from the
response. The spider decides what each response lists (feed and sitemap
entries, child sitemaps, a page's links and autodiscovered feeds) and with how
many hops left; the components do the rest (archiver/settings.py lists them):
the frontier middleware admits candidates and builds their requests, the
conditional-request middleware sends validators, the extraction pipeline turns
pages into records, and the crawl-state extension stores every outcome.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any

from scrapy import Spider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from archiver import meta
from archiver.cluster.settings import apply_cluster_settings
from archiver.dates import parse_listing_date
from archiver.discovery.feeds import autodiscovered_feeds, feed_listing
from archiver.discovery.kinds import Entry, detect_kind, maybe_gunzip
from archiver.discovery.sitemaps import robots_sitemaps, sitemap_entries
from archiver.extensions.crawl_state import fetch_of
from archiver.frontier.admission import Candidate
from archiver.frontier.sources import Source, split_seeds
from archiver.pipelines.extraction import FetchedPage
from archiver.run.paths import user_agent
from archiver.spidermiddlewares.frontier import ListingDone

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from archiver.extensions.crawl_state import CrawlStateExtension
    from archiver.state.backends import CrawlStateBackend
    from archiver.state.sqlite import Pending


def page_links(links: LinkExtractor, response: TextResponse) -> list[str]:
    """The URLs a page links to; none when its <base href> does not parse (LinkExtractor
    raises ValueError then, which would cost the page its record too)."""
    try:
        return [link.url for link in links.extract_links(response)]
    except ValueError:
        return []


class NewsSpider(Spider):
    name = "news"
    state: CrawlStateBackend | None
    outcomes: CrawlStateExtension  # set by the crawl-state extension

    def __init__(self, seeds: str | list[str] = "", *args: Any,
                 sources: list[Source] | None = None, state: CrawlStateBackend | None = None,
                 recovered: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = sources or [Source.from_seeds(split_seeds(seeds))]
        self.sources = {source.name: source for source in sources}
        self.seeds = [seed for source in sources for seed in source.seeds]
        self.allowed_domains = sorted({d for s in sources for d in s.allowed_domains})
        self.state = state  # None: the crawl-state extension opens the output folder's
        self.recovered = recovered
        self.links = LinkExtractor(unique=True)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Spider priority: a USER_AGENT given on the command line still wins. A private
        # contact stays out of it (Scrapy logs it); the downloader middleware
        # archiver.downloadermiddlewares.useragent sends it then.
        if not settings.getbool("ARCHIVER_CONTACT_PRIVATE"):
            settings.set("USER_AGENT", user_agent(settings), priority="spider")
        apply_cluster_settings(settings)  # the Redis backends when ARCHIVER_CLUSTER_REDIS_URL

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("seeds", crawler.settings.get("ARCHIVER_SEEDS"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.page_depth = settings.getint("ARCHIVER_DEPTH")
        spider.entry_depth = settings.getint("ARCHIVER_FEED_ENTRY_DEPTH")
        spider.max_decompressed = settings.getint("ARCHIVER_MAX_DECOMPRESSED_SIZE")
        spider.autodiscovery = settings.getbool("ARCHIVER_FEED_AUTODISCOVERY")
        return spider

    # --- seeds -------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Candidate]:
        if not self.seeds:
            self.logger.error("No seeds given: nothing to crawl")
        resumed = [self._resumed(pending) for pending in self.state.pending(self.sources)]
        self.crawler.stats.set_value("archiver/resumed", len(resumed))
        self.crawler.stats.set_value("archiver/recovered", self.recovered)
        for candidate in resumed + (self.seed_candidates() if self.state.claim_seeds() else []):
            yield candidate

    def seed_candidates(self) -> list[Candidate]:
        """The seeds as start() yields them (what `archiver enqueue` pushes)."""
        return [Candidate(url=seed, source=source, hops_left=self._depth(source, pages=True),
                          discovery={"method": "seed", "via": None,
                                     "source": source.name or None},
                          filtered=False, always=True)
                for source in self.sources.values() for seed in source.seeds]

    def _resumed(self, pending: Pending) -> Candidate:
        return Candidate(url=pending.url, source=self.sources[pending.source],
                         hops_left=pending.hops_left, discovery=pending.discovery,
                         date=parse_listing_date(pending.listed_date), always=True)

    # --- responses ---------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
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
            if is_index:
                return self._listing(response, "sitemapindex", (), entries)
            return self._listing(response, "sitemap", entries)
        if kind == "robots":
            sitemaps = robots_sitemaps(body, response.url).sitemaps
            return self._listing(response, "robots", (), sitemaps)
        if kind == "html":
            return [*self._page_candidates(response),
                    FetchedPage(response, content_type, fetch_of(response, "page"))]
        return self._not_listed(response, "not_html", f"content type {content_type or 'unknown'}")

    def errback(self, failure: Failure) -> None:
        self.outcomes.failed(failure)

    def _not_listed(self, response: Response, reason: str, detail: str) -> tuple[()]:
        self.crawler.stats.inc_value(f"archiver/skipped/{reason}")
        self.logger.info("Not an article: %s (%s: %s)", response.url, reason, detail)
        self.outcomes.fetched(response, "other")
        return ()

    def _listing(self, response: Response, kind: str, pages: Iterable[Entry],
                 sitemaps: Iterable[Entry] = ()) -> Iterator[Any]:
        """The listing's candidates, lazily (a sitemap may list 50,000), then its end."""
        source = self._source(response)
        method = "feed" if kind == "feed" else "sitemap"
        via = {"method": method, "via": response.url, "source": source.name or None}
        hops, entry_hops = response.meta.get(meta.HOPS_LEFT, 0), self._depth(source, False)
        hub = fetch_of(response, kind)
        yield from chain(
            (Candidate(url=e.url, source=source, hops_left=hops, date=e.date,
                       discovery=via, filtered=False) for e in sitemaps),
            (Candidate(url=e.url, source=source, hops_left=entry_hops, date=e.date,
                       discovery={**via, **e.fields}) for e in pages))
        yield ListingDone(hub)

    def _page_candidates(self, response: Response) -> list[Candidate]:
        source = self._source(response)
        hops_left = response.meta.get(meta.HOPS_LEFT, 0)
        via = {"method": "link", "via": response.url, "source": source.name or None}
        if hops_left <= 0 or not isinstance(response, TextResponse):
            return []
        candidates = [Candidate(url=url, source=source, hops_left=hops_left - 1, discovery=via)
                      for url in page_links(self.links, response)]
        if self.autodiscovery and response.meta.get(meta.DISCOVERY, {}).get("method") == "seed":
            # A feed a seed page announces is one hop away, like its links.
            candidates += [Candidate(url=url, source=source, hops_left=0, discovery=via,
                                     filtered=False)
                           for url in autodiscovered_feeds(response.body, response.url)]
        return candidates

    def _source(self, response: Response) -> Source:
        return self.sources[response.meta.get(meta.SOURCE, next(iter(self.sources)))]

    def _depth(self, source: Source, pages: bool) -> int:
        if source.depth is not None:
            return source.depth
        return self.page_depth if pages else self.entry_depth
