"""The news spider: sources in, WARC-archived fetches and article records out.

`archiver crawl URL ...`, `archiver crawl --config sources.toml` and `scrapy
crawl news -a seeds=URL,URL` run this spider. A seed may be a page, a feed, a
sitemap (index) or robots.txt; every response's kind is read from the
response. Pages become article records when the extractor says they are
articles; every fetch is archived by the WARC capture extension whether or not
it becomes a record.

Runs are incremental through the crawl state (archiver.state): archiver.frontier
decides which discovered URLs are fetched and with which validators; a 304, an
identical body or an unchanged article makes no record, a changed article a
new version. A URL leaves the state's queue when its outcome is stored, and an
exported one only once its JSON line is written (the `item_scraped` signal
comes after the export pipeline).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timezone
from itertools import chain, islice
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

import attrs
from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import canonicalize_url

from archiver.cluster import clustered, open_cluster_budget
from archiver.cluster.settings import apply_cluster_settings
from archiver.discovery import Entry, detect_kind, maybe_gunzip
from archiver.diskfull import DiskFullError, disk_full
from archiver.extensions.warc_capture import META_FETCHED_AT, META_WARC
from archiver.extraction import Skipped, extractor_versions
from archiver.extraction_pool import ExtractionPool
from archiver.feeds import autodiscovered_feeds, feed_listing
from archiver.frontier import Candidate, Decision, Frontier, SitemapLimits, conditional_headers
from archiver.handlers import DownloadsStopped
from archiver.items import Discovery
from archiver.paths import user_agent
from archiver.pipelines.jsonl_export import NotWritten
from archiver.queued_request import NamedCallbackRequest
from archiver.records import build_record, content_digest, sha1_digest
from archiver.runfiles import open_state
from archiver.safety import ignored_reason
from archiver.since import parse_listing_date, parse_refresh_after, parse_since
from archiver.sitemaps import robots_sitemaps, sitemap_entries
from archiver.sources import Source, split_seeds
from archiver.state import CrawlState, Fetch, Pending, UrlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

META_HOPS_LEFT = "archiver_hops_left"
META_VIA = "archiver_via"
META_KEY = "archiver_key"
META_SOURCE = "archiver_source"
META_DISCOVERY = "archiver_discovery"
META_LISTED = "archiver_listed_date"
META_NESTING = "archiver_nesting"
_META_EXPORT = "_archiver_export"
# Failures that may pass by the next run; others (404, 410, 403, ...) are final.
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_GONE_STATUSES = frozenset({404, 410})


def page_links(links: LinkExtractor, response: TextResponse) -> list[str]:
    """The URLs a page links to; none when its <base href> does not parse (LinkExtractor
    raises ValueError then, which would cost the page its record too)."""
    try:
        return [link.url for link in links.extract_links(response)]
    except ValueError:
        return []


class NewsSpider(Spider):
    name = "news"

    def __init__(self, seeds: str | list[str] = "", *args: Any,
                 sources: list[Source] | None = None, state: CrawlState | None = None,
                 recovered: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = sources or [Source.from_seeds(split_seeds(seeds))]
        self.sources = {source.name: source for source in sources}
        self.seeds = [seed for source in sources for seed in source.seeds]
        self.allowed_domains = sorted({d for s in sources for d in s.allowed_domains})
        self.state = state
        self.owns_state = state is None
        self.recovered = recovered

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Spider priority: a USER_AGENT given on the command line still wins. A private
        # contact stays out of it (Scrapy logs it); archiver.middlewares sends it then.
        if not settings.getbool("ARCHIVER_CONTACT_PRIVATE"):
            settings.set("USER_AGENT", user_agent(settings), priority="spider")
        apply_cluster_settings(settings)  # scrapy-redis scheduler when ARCHIVER_CLUSTER_REDIS_URL

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("seeds", crawler.settings.get("ARCHIVER_SEEDS"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider._configure(crawler.settings)
        for handler, signal in ((spider._exported, signals.item_scraped),
                                (spider._dropped, signals.item_dropped),
                                (spider._request_dropped, signals.request_dropped),
                                (spider._closed, signals.spider_closed),
                                (spider._disk_full, disk_full)):
            crawler.signals.connect(handler, signal=signal)
        return spider

    def _configure(self, settings: BaseSettings) -> None:
        self.clustered = clustered(settings)
        self.page_depth = settings.getint("ARCHIVER_DEPTH")
        self.entry_depth = settings.getint("ARCHIVER_FEED_ENTRY_DEPTH")
        self.max_decompressed = settings.getint("ARCHIVER_MAX_DECOMPRESSED_SIZE")
        self.autodiscovery = settings.getbool("ARCHIVER_FEED_AUTODISCOVERY")
        self.max_attempts = settings.getint("ARCHIVER_STATE_MAX_ATTEMPTS")
        self.listing_chunk = settings.getint("ARCHIVER_LISTING_CHUNK")
        self.extractor = extractor_versions()
        self.pool = ExtractionPool.from_settings(settings)
        self.links = LinkExtractor(unique=True)
        if self.state is None:  # `scrapy crawl`: no lock and no leftovers; see archiver.runner
            self.state = open_state(settings)
        if isinstance(self.state, CrawlState):  # its own write finding the disk full stops all
            self.state.on_disk_full = lambda error: self.crawler.signals.send_catch_log(
                disk_full, error=error)
        now = datetime.now(timezone.utc)
        since = settings.get("ARCHIVER_SINCE")
        self.frontier = Frontier(
            self.state, since=parse_since(since, now) if since else None,
            refresh_after=parse_refresh_after(settings.get("ARCHIVER_REFRESH_AFTER")),
            default_max_pages=settings.getint("ARCHIVER_MAX_PAGES"), now=now,
            budget=open_cluster_budget(settings) if self.clustered else None,
            sitemap_limits=SitemapLimits.from_settings(settings))

    # --- start -----------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        if not self.seeds:
            self.logger.error("No seeds given: nothing to crawl")
        resumed = [self._resumed(p) for p in self.state.pending(self.sources)]
        self.crawler.stats.set_value("archiver/resumed", len(resumed))
        self.crawler.stats.set_value("archiver/recovered", self.recovered)
        seeds = self._seeds() if self.state.claim_seeds() else []
        for request in self._schedule(resumed + seeds):
            yield request

    def seed_requests(self) -> list[Request]:
        """The seeds' requests as start() schedules them (what `archiver enqueue` pushes)."""
        return self._schedule(self._seeds())

    def _seeds(self) -> list[Candidate]:
        return [self._seed(seed, source) for source in self.sources.values()
                for seed in source.seeds]

    def _seed(self, url: str, source: Source) -> Candidate:
        discovery = {"method": "seed", "via": None, "source": source.name or None}
        return Candidate(url=url, source=source, hops_left=self._depth(source, pages=True),
                         discovery=discovery, filtered=False, always=True)

    def _resumed(self, pending: Pending) -> Candidate:
        return Candidate(url=pending.url, source=self.sources[pending.source],
                         hops_left=pending.hops_left, discovery=pending.discovery,
                         date=parse_listing_date(pending.listed_date), always=True)

    # --- responses ---------------------------------------------------------------

    async def parse(self, response: Response, **kwargs: Any) -> Iterable[Any]:
        # A coroutine returning an iterable, not an async generator: Scrapy handles an
        # async generator's output item by item through asyncio tasks, which cost the
        # crawl process a fifth of its time on a 1,000-entry sitemap. A listing's
        # iterable is a generator, which Scrapy drains as it schedules (_listing).
        self.crawler.stats.inc_value("archiver/fetched")
        if response.status == 304:
            self._not_modified(response)
            return ()
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        try:
            body = maybe_gunzip(response.body, self.max_decompressed)
        except (ValueError, OSError, zlib.error) as error:  # too big once opened, or broken
            self._skip(response, "bad_gzip", str(error))
            self.state.fetched(self._fetch(response, "other"))
            return ()
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
            return await self._page(response, content_type)
        self._skip(response, "not_html", f"content type {content_type or 'unknown'}")
        self.state.fetched(self._fetch(response, "other"))
        return ()

    def _not_modified(self, response: Response) -> None:
        self.crawler.stats.inc_value("archiver/not_modified")
        self.state.not_modified(self._fetch(response, "", with_body=False))

    def _listing(self, response: Response, kind: str, pages: Iterable[Entry],
                 sitemaps: Iterable[Entry] = ()) -> Iterator[Request]:
        """The listing's requests, admitted a chunk at a time as Scrapy takes them.

        A sitemap of 50,000 URLs would otherwise be 50,000 requests in memory at
        once. The listing itself is stored as fetched after its last entry is
        queued in the state: a run stopped in between fetches it again.
        """
        source = self._source(response)
        method = "feed" if kind == "feed" else "sitemap"
        via = {"method": method, "via": response.url, "source": source.name or None}
        hops = response.meta.get(META_HOPS_LEFT, 0)
        entry_hops = self._depth(source, pages=False)
        hub = self._fetch(response, kind)
        nesting = response.meta.get(META_NESTING, 0) + 1
        candidates = chain(
            (Candidate(url=e.url, source=source, hops_left=hops, date=e.date, discovery=via,
                       filtered=False, nesting=nesting, listing=True) for e in sitemaps),
            (Candidate(url=e.url, source=source, hops_left=entry_hops, date=e.date,
                       discovery={**via, **e.fields}, nesting=nesting) for e in pages))
        while chunk := list(islice(candidates, self.listing_chunk)):
            yield from self._schedule(chunk)
        yield from self._schedule((), hub=hub)

    async def _page(self, response: Response, content_type: str) -> list[Any]:
        fetch = self._fetch(response, "page")
        known = self._known(fetch)
        record = None
        if known is not None and known.kind and known.body_digest == fetch.body_digest:
            if known.kind == "article":  # the same body again: no extraction, no record
                self.crawler.stats.inc_value("archiver/unchanged")
            fetch = attrs.evolve(fetch, kind=known.kind)
        else:
            record, fetch = await self._article(response, content_type, fetch, known)
        if record is not None:
            response.meta[_META_EXPORT] = fetch
        requests = self._schedule(self._page_candidates(response),
                                  hub=None if record is not None else fetch)
        return [record, *requests] if record is not None else requests

    async def _article(self, response: Response, content_type: str, fetch: Fetch,
                       known: UrlState | None) -> tuple[Any, Fetch]:
        result = await self.pool.extract(response.body, response.url, content_type)
        if isinstance(result, Skipped):
            self._skip(response, result.reason, result.detail)
            return None, fetch
        self.crawler.stats.inc_value("archiver/articles")
        # The record as the dict it is exported as, made once (the pipelines take it as is).
        record = self._record(response, result, known).to_dict()
        fetch = attrs.evolve(fetch, kind="article", content_digest=content_digest(record))
        if known is not None and known.content_digest == fetch.content_digest:
            self.crawler.stats.inc_value("archiver/unchanged")
            return None, fetch
        return record, fetch

    def _page_candidates(self, response: Response) -> list[Candidate]:
        source = self._source(response)
        hops_left = response.meta.get(META_HOPS_LEFT, 0)
        via = {"method": "link", "via": response.url, "source": source.name or None}
        if hops_left <= 0 or not isinstance(response, TextResponse):
            return []
        candidates = [Candidate(url=url, source=source, hops_left=hops_left - 1, discovery=via)
                      for url in page_links(self.links, response)]
        if self.autodiscovery and response.meta.get(META_DISCOVERY, {}).get("method") == "seed":
            # A feed a seed page announces is one hop away, like its links.
            candidates += [Candidate(url=url, source=source, hops_left=0, discovery=via,
                                     filtered=False)
                           for url in autodiscovered_feeds(response.body, response.url)]
        return candidates

    def _record(self, response: Response, article: Any, known: UrlState | None) -> Any:
        pointer = response.meta.get(META_WARC)
        digest = pointer["payload_digest"] if pointer else sha1_digest(response.body)
        return build_record(
            article,
            url=response.url,
            requested_url=response.meta.get("redirect_urls", [response.url])[0],
            status=response.status,
            fetched_at=response.meta.get(META_FETCHED_AT) or datetime.now(timezone.utc),
            payload_digest=digest,
            pointer=pointer,
            extractor=self.extractor,
            discovery=Discovery(**response.meta.get(META_DISCOVERY, {"method": "seed"})),
            version=(known.version if known else 0) + 1,
            previous_id=known.record_id if known else None,
        )

    # --- scheduling --------------------------------------------------------------

    def _schedule(self, candidates: Iterable[Candidate], hub: Fetch | None = None
                  ) -> list[Request]:
        """Requests for the admitted candidates; the state learns of all in one transaction."""
        seen, queued, requests = [], [], []
        for candidate in candidates:
            candidate = attrs.evolve(candidate, url=urldefrag(candidate.url)[0])
            decision = self.frontier.admit(candidate)
            if decision.in_scope:
                seen.append((decision.key, candidate.url, candidate.source.name))
            if decision.skip:
                self.crawler.stats.inc_value(f"archiver/skipped/{decision.skip}")
            if decision.admitted:
                requests.append(self._request(candidate, decision))
                queued.append(Pending(key=decision.key, url=candidate.url,
                                      source=candidate.source.name,
                                      hops_left=candidate.hops_left,
                                      discovery=candidate.discovery,
                                      listed_date=candidate.listed_date))
        if hub is not None and self.crawler.stats.get_value("archiver/skipped/max_pages"):
            # Entries left out by the page limit must not hide behind a 304 next time.
            hub = attrs.evolve(hub, etag=None, last_modified=None)
        self.crawler.stats.set_value("archiver/discovered", len(self.frontier.discovered))
        requests = self._enqueued_now(requests)
        self.state.listed(seen, queued, hub)
        return requests

    def _enqueued_now(self, requests: list[Request]) -> list[Request]:
        """In a cluster: the requests pushed to the shared queue before the page is done.

        Returned from the callback, they would reach the queue only after the state
        took the page that found them out of this worker's in-flight set; a worker
        killed in between would lose them, for no other worker refetches that page.
        Alone, the state's pending table holds them already.
        """
        if not self.clustered or not self.crawler.crawling:
            return requests  # `archiver enqueue` builds the seed requests without crawling
        for request in requests:
            self.crawler.engine.crawl(request)
        return []

    def _request(self, candidate: Candidate, decision: Decision) -> Request:
        source = candidate.source
        meta: dict[str, Any] = {
            META_HOPS_LEFT: candidate.hops_left, META_VIA: candidate.discovery.get("via"),
            META_KEY: decision.key, META_SOURCE: source.name,
            META_DISCOVERY: candidate.discovery, META_LISTED: candidate.listed_date,
            META_NESTING: candidate.nesting,
        }
        headers = conditional_headers(decision.known, listings=self.frontier.refresh_after < 0)
        if headers:
            meta["handle_httpstatus_list"] = [304]  # else HttpErrorMiddleware drops it
        if source.download_slot:
            meta["download_slot"] = source.download_slot
            # AutoThrottle would otherwise lower the source's own delay.
            meta["autothrottle_dont_adjust_delay"] = source.delay is not None
        if urlsplit(candidate.url).path == "/robots.txt":
            meta["dont_obey_robotstxt"] = True
        return NamedCallbackRequest(candidate.url, callback=self.parse, errback=self.errback,
                                    headers=headers, meta=meta)

    # --- outcomes ----------------------------------------------------------------

    def errback(self, failure: Failure) -> None:
        request = failure.request
        key = request.meta.get(META_KEY) or canonicalize_url(request.url)
        if failure.check(DownloadsStopped):  # the crawl is stopping: left queued, no attempt
            self.crawler.stats.inc_value("archiver/stop/not_fetched")
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            reason, retry = f"http_{status}", status in _RETRY_STATUSES
            self.crawler.stats.inc_value("archiver/fetched")
            if status in _GONE_STATUSES:  # not fetched again unless a listing dates it newer
                self.state.fetched(self._fetch(failure.value.response, "missing", False))
        elif failure.check(IgnoreRequest):  # robots.txt or offsite: counted by their middlewares
            self.logger.info("Not fetched: %s (%s)", request.url, failure.value)
            reason = ignored_reason(str(failure.value))
            if reason and reason != "private_address":  # that one is counted where refused
                self.crawler.stats.inc_value(f"archiver/skipped/{reason}")
            self.state.done(key)
            return
        else:
            reason, retry = failure.type.__name__, True
        self.state.failed(key, retry=retry, max_attempts=self.max_attempts)
        self.crawler.stats.inc_value(f"archiver/failed/{reason}")
        self.logger.warning("Failed %s: %s", request.url, reason)

    def _exported(self, item: Any, response: Response, spider: Spider) -> None:
        fetch = response.meta.get(_META_EXPORT)
        if fetch is None or not isinstance(item, dict):
            return
        version = item["version"]
        self.state.exported(fetch, record_id=item["id"], version=version)
        self.crawler.stats.inc_value(
            "archiver/articles_new" if version == 1 else "archiver/articles_updated")

    def _dropped(self, item: Any, response: Response, exception: BaseException,
                 spider: Spider) -> None:
        fetch = response.meta.get(_META_EXPORT)
        if fetch is not None and not isinstance(exception, NotWritten):
            # A record that failed validation would fail again.
            self.state.fetched(attrs.evolve(fetch, body_digest=None, content_digest=None))

    def _disk_full(self, error: DiskFullError) -> None:
        """Nothing more goes into the state: the run stops as if killed here (a full disk)."""
        if isinstance(self.state, CrawlState):
            self.state.freeze()

    def _request_dropped(self, request: Request, spider: Spider) -> None:
        if META_KEY in request.meta:  # Scrapy's duplicate filter, e.g. a redirect target
            self.state.done(request.meta[META_KEY])

    def _closed(self, spider: Spider, reason: str) -> None:
        self.pool.close()
        for name, count in self.state.counts().items():
            self.crawler.stats.set_value(f"archiver/state/{name}", count)
        if self.owns_state:
            self.state.close()

    # --- helpers -----------------------------------------------------------------

    def _fetch(self, response: Response, kind: str, with_body: bool = True) -> Fetch:
        meta = response.meta
        requested = meta.get("redirect_urls", [response.url])[0]
        key, final = meta.get(META_KEY) or canonicalize_url(requested), canonicalize_url(
            response.url)
        header = lambda name: response.headers.get(name, b"").decode("latin-1") or None  # noqa: E731
        return Fetch(
            key=key, url=requested, source=meta.get(META_SOURCE, ""), kind=kind,
            status=response.status, etag=header(b"ETag"), last_modified=header(b"Last-Modified"),
            body_digest=sha1_digest(response.body) if with_body else None,
            listed_date=meta.get(META_LISTED),
            final=(final, response.url) if final != key else None)

    def _known(self, fetch: Fetch) -> UrlState | None:
        """The state of the page, preferring the final URL's when that is a known article."""
        rows = [self.state.get(key) for key, _url in fetch.rows()]
        articles = [row for row in rows if row is not None and row.kind == "article"]
        return articles[-1] if articles else rows[0]

    def _source(self, response: Response) -> Source:
        return self.sources[response.meta.get(META_SOURCE, next(iter(self.sources)))]

    def _depth(self, source: Source, pages: bool) -> int:
        if source.depth is not None:
            return source.depth
        return self.page_depth if pages else self.entry_depth

    def _skip(self, response: Response, reason: str, detail: str) -> None:
        self.crawler.stats.inc_value(f"archiver/skipped/{reason}")
        self.logger.info("Not an article: %s (%s: %s)", response.url, reason, detail)
