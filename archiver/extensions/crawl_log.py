"""Write the run's crawl log (archiver.run.crawl_log): a line per URL, with its outcome.

A thin adapter over signals. A download's facts (status, size, media type, hop
path, via, duration, WARC location) are noted in its request.meta when it is
downloaded (after the WARC capture, which is connected first, so its location is
known), and its line is written once the outcome is: a record written
(`item_scraped`), a page that gave no record and why (`item_dropped`), not
modified, listed, not a page, failed or ignored (`url_done` from the crawl
state and the frontier), refused by the frontier (`url_skipped`) or by Scrapy's
duplicate filter (`request_dropped`). Downloads that never reach the spider
(redirect hops, robots.txt fetched for the robots.txt middleware) get their
line at once; a download whose request is sent again (a retried 5xx, a meta
refresh: the new request carries the old one's meta) gets its line when the next
download of it comes. Closed before the run report reads its path and counts.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver import meta
from archiver.cluster import file_host
from archiver.extensions.crawl_state import PageOutcome
from archiver.extensions.warc_capture import fetch_started_at
from archiver.pipelines.jsonl_export import NotWritten
from archiver.run.crawl_log import CrawlLog, LogLine, crawl_log_name, media_type
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.paths import output_paths
from archiver.signals import disk_full, url_done, url_skipped
from archiver.spidermiddlewares.hops import hop_path, via
from archiver.warc.writer import safe_host

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

REDIRECTS = frozenset({301, 302, 303, 307, 308})


def response_facts(request: Request, response: Response) -> dict[str, Any]:
    """What the line of a download says of it, whatever its outcome."""
    pointer = request.meta.get(meta.WARC)
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    return {"url": request.url, "status": response.status, "size": len(response.body),
            "mime": media_type(content_type),
            "duration": max(0.0, datetime.now(timezone.utc).timestamp()
                            - fetch_started_at(request)),
            "warc": {"file": pointer["warc_file"], "offset": pointer["offset"]}
            if pointer else None}


class CrawlLogExtension:
    def __init__(self, crawler: Crawler, log: CrawlLog) -> None:
        self.crawler = crawler
        self.log = log
        self.disk_is_full = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLogExtension:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_CRAWL_LOG_ENABLED"):
            raise NotConfigured
        name = crawl_log_name(datetime.now(timezone.utc), safe_host(file_host(settings)))
        log = CrawlLog(output_paths(settings).logs_dir / name, max_remembered_skips=settings.getint(
            "ARCHIVER_CRAWL_LOG_MAX_REMEMBERED_SKIPS"))
        extension = cls(crawler, log)
        for handler, signal in ((extension.response_downloaded, signals.response_downloaded),
                                (extension.item_scraped, signals.item_scraped),
                                (extension.item_dropped, signals.item_dropped),
                                (extension.request_dropped, signals.request_dropped),
                                (extension.spider_error, signals.spider_error),
                                (extension.url_done, url_done),
                                (extension.url_skipped, url_skipped),
                                (extension.spider_closed, signals.spider_closed),
                                (extension.disk_full, disk_full)):
            crawler.signals.connect(handler, signal=signal)
        return extension

    # --- downloads -------------------------------------------------------------

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        earlier = request.meta.pop(meta.LOG_FACTS, None)
        if earlier is not None:  # an earlier download gave way to this one (copied meta)
            retried = earlier["status"] >= 500 or earlier["status"] in (408, 429)
            self._write(request, "retried" if retried else "redirect", None, earlier)
        facts = response_facts(request, response)
        if meta.KEY not in request.meta:  # robots.txt for its middleware: no callback of ours
            self._write(request, "fetched", None, facts)
        elif response.status in REDIRECTS and b"Location" in response.headers:
            self._write(request, "redirect", None, facts)
        else:
            request.meta[meta.LOG_FACTS] = facts

    # --- outcomes --------------------------------------------------------------

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        if isinstance(item, dict) and "id" in item:
            self._write(response.request, "record", None, record_id=item["id"])

    def item_dropped(self, item: Any, response: Response, exception: BaseException,
                     spider: Spider) -> None:
        if isinstance(exception, PageOutcome):
            self._write(response.request, exception.outcome, exception.reason)
        elif isinstance(exception, NotWritten):
            self._write(response.request, "no_record", "disk_full")
        else:
            self._write(response.request, "no_record", "invalid_record")

    def url_done(self, request: Request, response: Response | None, outcome: str,
                 reason: str | None = None) -> None:
        self._write(request, outcome, reason)

    def url_skipped(self, url: str, reason: str, via: str | None = None) -> None:
        self._emit(LogLine(url=url, outcome="skipped", reason=reason, via=via))

    def request_dropped(self, request: Request, spider: Spider) -> None:
        self._write(request, "skipped", "duplicate_request")

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        self._write(response.request, "failed", f"spider_error:{failure.type.__name__}")

    # --- the file --------------------------------------------------------------

    def _write(self, request: Request, outcome: str, reason: str | None,
               facts: dict[str, Any] | None = None, record_id: str | None = None) -> None:
        facts = dict(facts or request.meta.pop(meta.LOG_FACTS, None) or {})
        self._emit(LogLine(url=facts.pop("url", request.url), outcome=outcome, reason=reason,
                           hops=hop_path(request), via=via(request), record_id=record_id,
                           **facts))

    def _emit(self, line: LogLine) -> None:
        if self.disk_is_full:
            return
        try:
            self.log.write(line)
        except OSError as error:
            if not is_disk_full(error):
                raise
            self.crawler.signals.send_catch_log(disk_full, error=DiskFullError(self.log.path))

    def disk_full(self, error: DiskFullError) -> None:
        self.disk_is_full = True

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats
        if self.disk_is_full:
            self.log.abandon()
            return
        written = self.log.close()
        stats.set_value("archiver/crawl_log", str(written) if written else None)
        stats.set_value("archiver/mime_types", dict(sorted(self.log.mime_types.items())))
        stats.set_value("archiver/crawl_log_outcomes", dict(sorted(self.log.outcomes.items())))
