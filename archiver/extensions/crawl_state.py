"""The crawl state's bookkeeping: what each fetch's outcome means for the next run.

The spider and the pipelines say what happened to a fetch (not modified, not a
page, not an article, written as a record, failed); this extension stores it
in the crawl state (archiver.state.backends), so that a URL leaves the state's
queue only once its outcome is stored, and an exported one only once its JSON
line is written (`item_scraped` comes after the export pipeline).

It opens the state when the spider was given none (`scrapy crawl news`; the
`archiver crawl` runner opens it first, to finish what a killed run left).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import attrs
from scrapy import signals
from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from archiver import meta
from archiver.core.download_handler import DownloadsStopped
from archiver.downloadermiddlewares.private_address import ignored_reason
from archiver.frontier.keys import url_key
from archiver.pipelines.jsonl_export import NotWritten
from archiver.records.build import sha1_digest
from archiver.signals import disk_full, embed_failed, url_done
from archiver.state.backends import open_state
from archiver.state.sqlite import Fetch, UrlState

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

    from archiver.run.diskfull import DiskFullError
    from archiver.state.backends import CrawlStateBackend

logger = logging.getLogger(__name__)

# Failures that may pass by the next run; others (404, 410, 403, ...) are final.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})


def skip_reason(message: str) -> str:
    """The crawl log's reason for an IgnoreRequest raised by a downloader middleware."""
    if "robots.txt" in message:
        return "robots_disallowed"
    if "offsite" in message.lower():
        return "offsite"
    return ignored_reason(message) or "ignored"


class PageOutcome(DropItem):
    """A page that makes no record this run (not an article, or unchanged), its fetch as
    the state keeps it, and why (the crawl log's reason). Logged at debug: the extraction
    pipeline logs why."""

    outcome = "no_record"

    def __init__(self, fetch: Fetch, reason: str) -> None:
        super().__init__(f"no record for {fetch.url} ({reason})", log_level="DEBUG")
        self.fetch = fetch
        self.reason = reason


def fetch_of(response: Response, kind: str, with_body: bool = True) -> Fetch:
    """The fetch of a response as the crawl state stores it."""
    requested = response.meta.get("redirect_urls", [response.url])[0]
    key = response.meta.get(meta.KEY) or url_key(requested)
    final = url_key(response.url)
    header = lambda name: response.headers.get(name, b"").decode("latin-1") or None  # noqa: E731
    return Fetch(
        key=key, url=requested, source=response.meta.get(meta.SOURCE, ""), kind=kind,
        status=response.status, etag=header(b"ETag"), last_modified=header(b"Last-Modified"),
        body_digest=sha1_digest(response.body) if with_body else None,
        listed_date=response.meta.get(meta.LISTED),
        final=(final, response.url) if final != key else None)


def known_state(state: CrawlStateBackend, fetch: Fetch) -> UrlState | None:
    """The state of the page, preferring the final URL's when that is a known article."""
    rows = [state.get(key) for key, _url in fetch.rows()]
    articles = [row for row in rows if row is not None and row.kind == "article"]
    return articles[-1] if articles else rows[0]


class CrawlStateExtension:
    def __init__(self, crawler: Crawler, state: CrawlStateBackend, owns_state: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = state
        self.owns_state = owns_state
        self.max_attempts = crawler.settings.getint("ARCHIVER_STATE_MAX_ATTEMPTS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStateExtension:
        spider = crawler.spider
        owns_state = getattr(spider, "state", None) is None
        state = open_state(crawler.settings) if owns_state else spider.state
        spider.state = state  # the spider resumes the state's pending URLs
        spider.outcomes = extension = cls(crawler, state, owns_state)
        # Its own write finding the disk full stops all.
        state.on_disk_full = lambda error: crawler.signals.send_catch_log(disk_full, error=error)
        for handler, signal in ((extension.item_scraped, signals.item_scraped),
                                (extension.item_dropped, signals.item_dropped),
                                (extension.request_dropped, signals.request_dropped),
                                (extension.spider_closed, signals.spider_closed),
                                (extension.disk_full, disk_full)):
            crawler.signals.connect(handler, signal=signal)
        return extension

    # --- what the spider reports -----------------------------------------------

    def not_modified(self, response: Response) -> None:
        self.stats.inc_value("archiver/not_modified")
        self.state.not_modified(fetch_of(response, "", with_body=False))
        self._done(response.request, response, "not_modified")

    def fetched(self, response: Response, kind: str, reason: str | None = None) -> None:
        """A fetch that is no page (`reason` says what it is instead)."""
        self.state.fetched(fetch_of(response, kind))
        self._done(response.request, response, "not_page", reason)

    def _done(self, request: Request, response: Response | None, outcome: str,
              reason: str | None = None) -> None:
        """Tell the crawl log (archiver.extensions.crawl_log) what became of the fetch."""
        self.crawler.signals.send_catch_log(url_done, request=request, response=response,
                                            outcome=outcome, reason=reason)

    def embed_fetched(self, response: Response) -> None:
        """A requisite: its validators kept for the next run's conditional request."""
        if response.status == 304:
            self.state.not_modified(fetch_of(response, "", with_body=False))
            self._done(response.request, response, "not_modified", "requisite")
        else:
            self.state.fetched(fetch_of(response, "embed"))
            self._done(response.request, response, "requisite",
                       response.meta.get(meta.EMBED))

    def failed(self, failure: Failure) -> None:
        """A request's errback: the failure's reason, and whether a later run retries."""
        request = failure.request
        key = request.meta.get(meta.KEY) or url_key(request.url)
        if failure.check(DownloadsStopped):  # the crawl is stopping: left queued, no attempt
            self.stats.inc_value("archiver/stop/not_fetched")
            self._done(request, None, "skipped", "stopped_queued")
            return
        if request.meta.get(meta.EMBED):  # a requisite: fetched again when a page needs it
            self._embed_failed(request, key, failure)
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self._ignored(request, key, failure)
            return
        response = None
        if failure.check(HttpError):
            response = failure.value.response
            reason, retry = f"http_{response.status}", response.status in RETRY_STATUSES
            self.stats.inc_value("archiver/fetched")
            if response.status in GONE_STATUSES:  # not fetched again unless listed newer
                self.state.fetched(fetch_of(response, "missing", False))
        else:  # a named reason where the error has one (a browser page's, say)
            reason, retry = getattr(failure.value, "reason", None) or failure.type.__name__, True
        self.state.failed(key, retry=retry, max_attempts=self.max_attempts)
        self.stats.inc_value(f"archiver/failed/{reason}")
        logger.warning("Failed %s: %s", request.url, reason)
        self._done(request, response, "failed", reason)

    def _embed_failed(self, request: Request, key: str, failure: Failure) -> None:
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = ignored_reason(str(failure.value)) if failure.check(IgnoreRequest) else None
            reason = reason or failure.type.__name__
            self.stats.inc_value(f"archiver/requisites/exception/{failure.type.__name__}")
        self.state.done(key)
        self.crawler.signals.send_catch_log(embed_failed, request=request, reason=reason)

    def _ignored(self, request: Request, key: str, failure: Failure) -> None:
        """robots.txt, offsite and the like: counted by their middlewares."""
        logger.info("Not fetched: %s (%s)", request.url, failure.value)
        reason = ignored_reason(str(failure.value))
        if reason and reason != "private_address":  # that one is counted where refused
            self.stats.inc_value(f"archiver/skipped/{reason}")
        self.state.done(key)
        self._done(request, None, "skipped", skip_reason(str(failure.value)))

    # --- signals ---------------------------------------------------------------

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        fetch = response.meta.get(meta.EXPORT)
        if fetch is None or not isinstance(item, dict):
            return
        version = item["version"]
        self.state.exported(fetch, record_id=item["id"], version=version)
        self.stats.inc_value(
            "archiver/articles_new" if version == 1 else "archiver/articles_updated")

    def item_dropped(self, item: Any, response: Response, exception: BaseException,
                     spider: Spider) -> None:
        if isinstance(exception, PageOutcome):
            self.state.fetched(self.stored_hub(exception.fetch))
            return
        fetch = response.meta.get(meta.EXPORT)
        if fetch is not None and not isinstance(exception, NotWritten):
            # A record that failed validation would fail again.
            self.state.fetched(attrs.evolve(fetch, body_digest=None, content_digest=None))

    def stored_hub(self, hub: Fetch) -> Fetch:
        """A listing's (or page's) fetch as the state keeps it."""
        if self.stats.get_value("archiver/skipped/max_pages"):
            # Entries left out by the page limit must not hide behind a 304 next time.
            return attrs.evolve(hub, etag=None, last_modified=None)
        return hub

    def request_dropped(self, request: Request, spider: Spider) -> None:
        if meta.KEY in request.meta:  # Scrapy's duplicate filter, e.g. a redirect target
            self.state.done(request.meta[meta.KEY])

    def disk_full(self, error: DiskFullError) -> None:
        """Nothing more goes into the state: the run stops as if killed here (a full disk)."""
        self.state.freeze()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        for name, count in self.state.counts().items():
            self.stats.set_value(f"archiver/state/{name}", count)
        if self.owns_state:
            self.state.close()
