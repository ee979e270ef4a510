"""Archive every fetch in WARC files, straight from the downloader.

Listens to `response_downloaded`, which Scrapy sends before any downloader
middleware's process_response runs: the body is still content-encoded and the
headers are still as received (HttpCompressionMiddleware edits them in place
later, RedirectMiddleware turns 3xx into new requests). Each redirect hop,
retry and robots.txt fetch is a download of its own and is archived as such.
Responses served from HttpCacheMiddleware never reach the downloader, so they
are not archived again.
"""

from __future__ import annotations

import logging
import platform
import time
from datetime import datetime, timezone
from http import HTTPStatus
from typing import TYPE_CHECKING

import attrs
from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver import __version__
from archiver.paths import output_paths, user_agent
from archiver.warc.exchange import Header, HttpExchange
from archiver.warc.records import HEADER_CHANGES
from archiver.warc.writer import RollingWarcWriter

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

META_WARC = "archiver_warc"
META_FETCHED_AT = "archiver_fetched_at"
_META_HEADERS_AT = "_archiver_headers_received_at"


def flat_headers(headers: Headers) -> list[Header]:
    return [(name, value) for name, values in headers.items() for value in values]


def fetch_started_at(request: Request) -> datetime:
    """When the download handler started the request.

    Scrapy records `download_latency` (start to headers) but not the start
    itself; the headers_received signal tells when the headers arrived.
    """
    headers_at = request.meta.get(_META_HEADERS_AT, time.time())
    latency = request.meta.get("download_latency", 0.0)
    return datetime.fromtimestamp(headers_at - latency, timezone.utc)


def exchange_from(request: Request, response: Response) -> HttpExchange:
    status = response.status
    return HttpExchange(
        url=request.url,
        method=request.method,
        request_headers=flat_headers(request.headers),
        request_body=request.body,
        protocol=response.protocol or "HTTP/1.1",
        status=status,
        # Scrapy does not keep the reason phrase it received; the standard one is used.
        reason=HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "",
        response_headers=flat_headers(response.headers),
        body=response.body,
        started_at=fetch_started_at(request),
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated="disconnect" if "dataloss" in response.flags else None,
    )


def warcinfo_fields(crawler: Crawler) -> dict[str, str]:
    settings = crawler.settings
    fields = {
        "software": f"archiver/{__version__} (Scrapy, warcio)",
        "hostname": platform.node(),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": user_agent(settings),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "http-header-changes": HEADER_CHANGES,
    }
    operator = settings.get("ARCHIVER_WARC_OPERATOR")
    if operator:
        fields["operator"] = operator
    return fields


class WarcCaptureExtension:
    def __init__(self, writer: RollingWarcWriter, stats: StatsCollector) -> None:
        self.writer = writer
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureExtension:
        settings = crawler.settings
        if not settings.getbool("ARCHIVER_WARC_ENABLED"):
            raise NotConfigured
        writer = RollingWarcWriter(
            output_paths(settings).warc_dir,
            prefix=settings.get("ARCHIVER_WARC_PREFIX"),
            max_size=settings.getint("ARCHIVER_WARC_MAX_SIZE"),
            warcinfo_fields=warcinfo_fields(crawler),
        )
        extension = cls(writer, crawler.stats)
        crawler.signals.connect(extension.headers_received, signal=signals.headers_received)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def headers_received(self, headers: Headers, body_length: int, request: Request,
                         spider: Spider) -> None:
        request.meta[_META_HEADERS_AT] = time.time()

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if "cached" in response.flags:
            return
        exchange = exchange_from(request, response)
        written = self.writer.write_exchange(exchange)
        request.meta[META_WARC] = attrs.asdict(written)
        request.meta[META_FETCHED_AT] = exchange.started_at
        self.stats.inc_value("archiver/warc/responses")
        self.stats.inc_value("archiver/warc/body_bytes", len(exchange.body))

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.writer.close()
        self.stats.set_value("archiver/warc/files", [p.name for p in self.writer.closed_files])
        logger.info("WARC files written: %d in %s", len(self.writer.closed_files),
                    self.writer.directory)


