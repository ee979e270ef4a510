"""Archive every fetch in WARC files, straight from the downloader.

Listens to `response_downloaded`, which Scrapy sends before any downloader
middleware's process_response runs: the body is still content-encoded
(HttpCompressionMiddleware decodes it later, RedirectMiddleware turns 3xx into
new requests). Each redirect hop, retry and robots.txt fetch is a download of
its own and is archived as such. With archiver.core.download_handler as the download
handler, the status line, header lines and request head come from its wire
log, exactly as exchanged; downloads it reports cut short (the
`download_cut_short` signal) are archived with WARC-Truncated. Responses
served from HttpCacheMiddleware never reach the downloader, so they are not
archived again. Once the disk is full (this write or another component's,
see archiver.run.diskfull) nothing more is written and the file is left `.open`.

`request.meta[meta.WARC]` gets the location of the record holding the payload:
for a revisit, that of the original response.
"""

from __future__ import annotations

import logging
import platform
import sqlite3
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import attrs
from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver import __version__, meta
from archiver.cluster import file_host
from archiver.core.browser_settings import browser_enabled
from archiver.core.download_handler import download_cut_short, truncation
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.paths import output_paths, user_agent
from archiver.run.redaction import Redactor, redact_url
from archiver.signals import disk_full
from archiver.spidermiddlewares.hops import hop_path, via
from archiver.state.backends import open_digest_index
from archiver.warc.archive import WarcArchive
from archiver.warc.exchange import Header, HttpExchange
from archiver.warc.framing import HEADER_CHANGES, standard_reason
from archiver.warc.metadata import METADATA_DESCRIPTION, FetchFacts
from archiver.warc.writer import RollingWarcWriter, WrittenRecord

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

    from archiver.browser.capture import PageCapture

logger = logging.getLogger(__name__)

# Heritrix's hop for what a page embeds (images, scripts, styles, data a script fetched).
EMBED = "E"
DOM_URN, SCREENSHOT_URN = "urn:dom:", "urn:screenshot:"
BROWSER_DESCRIPTION = (
    "Some pages were loaded in headless Chromium (scrapy-playwright): every response the "
    "browser received is a response/request pair like any other fetch, its metadata record "
    "saying capture: browser and hopsFromSeed ending in E for what the page embedded. Their "
    "HTTP headers are as the browser reported them, not wire bytes, and their bodies have "
    "their content encoding undone (Content-Encoding dropped). Per page, the rendered DOM "
    f"({DOM_URN}URL) and a screenshot of the viewport ({SCREENSHOT_URN}URL) are resource "
    "records with WARC-Concurrent-To naming the page's response; an article record made "
    "from such a page points at its DOM record and says capture: browser."
)


def flat_headers(headers: Headers) -> list[Header]:
    return [(name, value) for name, values in headers.items() for value in values]


def fetch_started_at(request: Request) -> float:
    """When the download handler started the request (a time.time() value).

    The archiving handler records it; with Scrapy's own handler it is derived
    from `download_latency` (start to headers) and the headers_received signal.
    """
    if meta.FETCH_STARTED in request.meta:
        return request.meta[meta.FETCH_STARTED]
    headers_at = request.meta.get(meta.HEADERS_RECEIVED_AT, time.time())
    return headers_at - request.meta.get("download_latency", 0.0)


def exchange_from(request: Request, response: Response) -> HttpExchange:
    wire = request.meta.pop(meta.WIRE, None)
    status = response.status
    fields = dict(
        url=request.url, method=request.method, request_headers=flat_headers(request.headers),
        request_body=request.body, protocol=response.protocol or "HTTP/1.1", status=status,
        reason=standard_reason(status), response_headers=flat_headers(response.headers),
        body=response.body,
        started_at=datetime.fromtimestamp(fetch_started_at(request), timezone.utc),
        ip_address=str(response.ip_address) if response.ip_address else None,
        truncated=truncation(response),
    )
    if wire is not None and wire.status_line:
        reason = wire.status_line.split(b" ", 2)[2:]
        fields |= dict(request_head=wire.request_head or None, status_line=wire.status_line,
                       reason=reason[0].decode("latin-1") if reason else "",
                       response_headers=wire.headers, headers_as_received=True)
    return HttpExchange(**fields)


def fetch_facts(request: Request) -> FetchFacts:
    return FetchFacts(via=via(request), hop_path=hop_path(request),
                      duration=time.time() - fetch_started_at(request))


def written_page(writer: RollingWarcWriter, response: Response, capture: PageCapture,
                 main: WrittenRecord | None) -> WrittenRecord | None:
    """The page's rendered DOM and screenshot; the DOM's record (None without the page's
    own response to link them to)."""
    if main is None:
        logger.warning("The browser kept no response for %s: its DOM is not archived",
                       response.url)
        return None
    resources = [(DOM_URN + response.url, f"text/html; charset={response.encoding}",
                  response.body)]
    if capture.screenshot:
        resources.append((SCREENSHOT_URN + response.url, "image/png", capture.screenshot))
    date = datetime.now(timezone.utc)
    return writer.write_resources(resources, date, main.record_id)[0]


def warcinfo_fields(crawler: Crawler) -> dict[str, str]:
    settings = crawler.settings
    redactor = Redactor.from_settings(settings)
    fields = {
        "software": f"archiver/{__version__} (Scrapy, warcio)",
        "hostname": platform.node(),
        "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": redactor.text(user_agent(settings)),
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "http-header-changes": HEADER_CHANGES,
        "archiver-metadata": METADATA_DESCRIPTION,
        "archiver-redactions": redactor.note,
    }
    if browser_enabled(settings):
        fields["archiver-browser"] = BROWSER_DESCRIPTION
    # The operator: as set, else the contact of the User-Agent (withheld when private).
    operator = settings.get("ARCHIVER_WARC_OPERATOR") or settings.get("ARCHIVER_CONTACT")
    collection = {"isPartOf": settings.get("ARCHIVER_COLLECTION"),
                  "description": settings.get("ARCHIVER_COLLECTION_DESCRIPTION"),
                  "operator": redactor.text(operator) if operator else "",
                  "seeds": seeds_field(getattr(crawler.spider, "seeds", []),
                                       settings.getint("ARCHIVER_WARCINFO_MAX_SEEDS"))}
    return fields | {name: value for name, value in collection.items() if value}


def seeds_field(seeds: list[str], limit: int) -> str:
    """The run's seeds, space-separated, passwords hidden; past `limit`, how many more."""
    shown = " ".join(redact_url(seed) for seed in seeds[:limit])
    return shown + (f" (and {len(seeds) - limit} more)" if len(seeds) > limit else "")


def build_archive(crawler: Crawler) -> WarcArchive:
    settings = crawler.settings
    paths = output_paths(settings)
    writer = RollingWarcWriter(
        paths.warc_dir,
        prefix=settings.get("ARCHIVER_WARC_PREFIX"),
        max_size=settings.getint("ARCHIVER_WARC_MAX_SIZE"),
        gzip_level=settings.getint("ARCHIVER_WARC_GZIP_LEVEL"),
        warcinfo_fields=warcinfo_fields(crawler),
        host=file_host(settings),  # the worker id when clustered: names never clash
    )
    index = None
    if settings.getbool("ARCHIVER_WARC_DEDUP_ENABLED"):
        index = open_digest_index(settings)
    return WarcArchive(writer, index, cdxj=settings.getbool("ARCHIVER_WARC_CDXJ_ENABLED"))


class WarcCaptureExtension:
    def __init__(self, archive: WarcArchive, stats: StatsCollector,
                 redactor: Redactor | None = None) -> None:
        self.archive = archive
        self.writer = archive.writer
        self.stats = stats
        self.redactor = redactor or Redactor()
        self.signals: SignalManager | None = None
        self.disk_is_full = False
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureExtension:
        if not crawler.settings.getbool("ARCHIVER_WARC_ENABLED"):
            raise NotConfigured
        extension = cls(build_archive(crawler), crawler.stats,
                        Redactor.from_settings(crawler.settings))
        connect = crawler.signals.connect
        connect(extension.headers_received, signal=signals.headers_received)
        connect(extension.response_downloaded, signal=signals.response_downloaded)
        connect(extension.response_downloaded, signal=download_cut_short)
        connect(extension.spider_opened, signal=signals.spider_opened)
        connect(extension.spider_closed, signal=signals.spider_closed)
        connect(extension.disk_full, signal=disk_full)
        extension.signals = crawler.signals
        return extension

    def headers_received(self, headers: Headers, body_length: int, request: Request,
                         spider: Spider) -> None:
        request.meta[meta.HEADERS_RECEIVED_AT] = time.time()

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        # A download cut short by the stop may hand its part over after the close.
        if "cached" in response.flags or self.disk_is_full or self.closed:
            return
        capture = request.meta.pop(meta.BROWSER_CAPTURE, None)
        if capture is not None:
            try:
                self._browser_page(request, response, capture)
            except (OSError, sqlite3.Error) as error:
                self._failed(error)
            return
        exchange = self.redactor.exchange(exchange_from(request, response))
        try:
            pointer = self.archive.archive(exchange, fetch_facts(request))
        except (OSError, sqlite3.Error) as error:
            self._failed(error)
            return
        if pointer is not None:
            request.meta[meta.WARC] = attrs.asdict(pointer)
        request.meta[meta.FETCHED_AT] = exchange.started_at
        self.stats.inc_value("archiver/warc/responses")
        self.stats.inc_value("archiver/warc/body_bytes", len(exchange.body))
        if exchange.truncated:
            self.stats.inc_value(f"archiver/warc/truncated/{exchange.truncated}")

    def _browser_page(self, request: Request, response: Response, capture: PageCapture
                      ) -> None:
        """Every response the browser received, then the page's rendered DOM and
        screenshot as resource records concurrent to the page's own response."""
        page_path = hop_path(request)
        main = None
        for exchange in capture.exchanges:
            is_main = main is None and exchange.url == response.url
            facts = FetchFacts(via=via(request) if is_main else response.url,
                               hop_path=page_path if is_main else page_path + EMBED)
            self.archive.archive(self.redactor.exchange(exchange), facts)
            if is_main:
                main = self.archive.last_written
            self.stats.inc_value("archiver/warc/browser_responses")
        dom = written_page(self.writer, response, capture, main)
        if dom is not None:
            request.meta[meta.WARC] = attrs.asdict(dom)
        request.meta[meta.FETCHED_AT] = next(
            (e.started_at for e in capture.exchanges if e.url == response.url),
            datetime.now(timezone.utc))

    def disk_full(self, error: DiskFullError) -> None:
        self.disk_is_full = True

    def spider_opened(self, spider: Spider) -> None:
        self.archive.open()

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        # Up to the await this runs before the next spider_closed handlers (the run
        # report, report.html), which then run while the CDXJ indexes are written.
        self.closed = True
        if self.disk_is_full:
            self.archive.abandon()
        else:
            try:
                self.archive.close()  # with the file's digest index entries
            except (OSError, sqlite3.Error) as error:
                self._failed(error)
        self.stats.set_value("archiver/warc/files", [p.name for p in self.writer.closed_files])
        self.stats.set_value("archiver/warc/bytes", sum(
            path.stat().st_size for path in self.writer.closed_files if path.exists()))
        self.stats.set_value("archiver/warc/revisits", self.archive.revisits)
        logger.info("WARC files written: %d in %s", len(self.writer.closed_files),
                    self.writer.directory)
        for warc, error in await self.archive.indexes_written():
            if isinstance(error, OSError) and is_disk_full(error) and not self.disk_is_full:
                self._failed(error)
            logger.error("Could not write the CDXJ index of %s (`archiver index` writes "
                         "it; so does the next crawl into this folder): %s", warc.name, error)

    def _failed(self, error: OSError | sqlite3.Error) -> None:
        """A write failed: a full disk stops the crawl; anything else is raised."""
        if not is_disk_full(error):
            raise error
        full = DiskFullError(self.writer.current_path or self.writer.directory)
        self.disk_is_full = True
        if self.signals is not None:
            self.signals.send_catch_log(disk_full, error=full)
