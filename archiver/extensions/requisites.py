"""Page requisites: which pages get theirs, and where each was archived.

ARCHIVER_REQUISITES says whose requisites are fetched: "articles" (pages that
make a record, or would but for being unchanged), "all" archived HTML pages,
or "none". Which pages are articles is known only after extraction, so the
extraction pipeline hands the page to `schedule`, with its requisites as the
extraction worker read them from its tree (archiver.discovery.requisites,
archiver.extraction.analysis; the record's images too, wherever extraction
found them), which sends them to the frontier (the `requisites_found` signal,
archiver.spidermiddlewares.frontier), which admits and schedules them with a
priority above pages. A record waits for the captures of its images
(`image_pointers`, archiver.records.captures): each `images[]` entry gets the
`archive` pointer of its capture, or null.

The spider hands each requisite's response to `fetched`: its fetch goes into
the crawl state (validators for the next run's conditional request), and a
stylesheet's own requisites (fonts, backgrounds, @import) come back as
candidates, read to ARCHIVER_REQUISITES_CSS_DEPTH stylesheets deep.

The board learns of every requisite scheduled (`request_scheduled`), of each
one archived (`response_received`: 2xx or 304, the WARC capture has put the
location in meta.WARC) and of each one failed (`embed_failed`, from the crawl
state's errback, and `request_dropped`). Counts by type go into the stats:
archiver/requisites/{scheduled,fetched,not_modified,failed}/TYPE.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag

import attrs
from scrapy import signals

from archiver import meta
from archiver.discovery.requisites import IMAGE, Requisite, stylesheet_of
from archiver.frontier.candidates import requisites
from archiver.frontier.keys import url_key
from archiver.frontier.sources import EMBED_SCOPES
from archiver.records.captures import CaptureBoard
from archiver.signals import embed_failed, requisites_found

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from archiver.frontier.admission import Candidate
    from archiver.pipelines.extraction import FetchedPage

logger = logging.getLogger(__name__)

MODES = ("articles", "all", "none")
OK_STATUSES = range(200, 300)


class RequisitesExtension:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.mode = settings.get("ARCHIVER_REQUISITES")
        if self.mode not in MODES:
            raise ValueError(f"ARCHIVER_REQUISITES must be one of {MODES}, got {self.mode!r}")
        self.wait = settings.getfloat("ARCHIVER_REQUISITES_WAIT")
        self.css_depth = settings.getint("ARCHIVER_REQUISITES_CSS_DEPTH")
        self.board = CaptureBoard()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequisitesExtension:
        extension = cls(crawler)
        spider = crawler.spider
        spider.embeds = extension  # requisites left queued by a run are still taken
        default = crawler.settings.get("ARCHIVER_EMBEDS")
        if default not in EMBED_SCOPES:
            raise ValueError(f"ARCHIVER_EMBEDS must be one of {EMBED_SCOPES}, got {default!r}")
        spider.sources = {name: source if source.embeds else attrs.evolve(source, embeds=default)
                          for name, source in spider.sources.items()}
        if extension.mode == "none":  # no page's requisites, nothing to wait for
            return extension
        for handler, signal in ((extension.request_scheduled, signals.request_scheduled),
                                (extension.response_received, signals.response_received),
                                (extension.request_dropped, signals.request_dropped),
                                (extension.failed, embed_failed)):
            crawler.signals.connect(handler, signal=signal)
        return extension

    # --- the pipeline's side --------------------------------------------------------

    def wanted(self, article: bool) -> bool:
        return self.mode == "all" or (self.mode == "articles" and article)

    def schedule(self, page: FetchedPage, article: bool, images: Iterable[str] = ()) -> None:
        """Fetch the page's requisites (and its record's images, wherever the extraction
        found them) if the mode wants them."""
        found = page.analysis.requisites if page.analysis else None
        if not self.wanted(article) or found is None:  # None: the page could not be read
            return
        response = page.response
        embeds = found.counted(self._skipped)
        listed = {embed.url for embed in embeds}
        embeds += [Requisite(url, IMAGE) for url in dict.fromkeys(images) if url not in listed]
        candidates = requisites(self.crawler.spider.source_of(response), response.url, embeds)
        if candidates:
            self.crawler.signals.send_catch_log(requisites_found, candidates=candidates,
                                                response=page.response)

    def fetched(self, response: Response) -> list[Candidate]:
        """A requisite's response (the spider's callback): stored; a stylesheet's own."""
        self.crawler.spider.outcomes.embed_fetched(response)
        depth = response.meta[meta.DISCOVERY].get("depth", 0) + 1
        embeds = stylesheet_of(response, depth, self.css_depth).counted(self._skipped)
        return requisites(self.crawler.spider.source_of(response), response.url, embeds, depth)

    def _skipped(self, reason: str, detail: str) -> None:
        self.stats.inc_value(f"archiver/requisites/skipped/{reason}")
        logger.info("Requisite skipped (%s): %s", reason, detail)

    async def image_pointers(self, record: dict[str, Any]) -> dict[str, Any]:
        """The record with each image's `archive` pointer (null when not captured)."""
        images = record.get("images") or []
        keys = {image["url"]: _key(image["url"]) for image in images}
        if not keys or self.mode == "none":
            return record
        pointers = await self.board.pointers(keys.values(), self.wait, self._running)
        for image in images:
            image["archive"] = pointers.get(keys[image["url"]])
        return record

    def _running(self) -> bool:
        """Whether the images waited for may still be fetched: not once the crawl stops,
        nor while Scrapy takes no request from the scheduler because the responses being
        processed (pages waiting here among them) pass SCRAPER_SLOT_MAX_ACTIVE_SIZE (5 MB),
        which would hold them all until the wait runs out. (`scraper.slot` is Scrapy's, public
        but undocumented, as of 2.19.)"""
        engine = self.crawler.engine
        if engine is None or not engine.running:
            return False
        slot = getattr(engine.scraper, "slot", None)
        return slot is None or not slot.needs_backout()

    # --- signals ------------------------------------------------------------------

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        embed = request.meta.get(meta.EMBED)
        if embed is None:
            return
        self.board.expect(_key_of(request))
        if not request.meta.get("redirect_urls"):
            self.stats.inc_value(f"archiver/requisites/scheduled/{embed}")

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        embed = request.meta.get(meta.EMBED)
        if embed is None:
            return
        self.stats.inc_value("archiver/requisites/responses")
        if response.status == 304:
            self.stats.inc_value(f"archiver/requisites/not_modified/{embed}")
        elif response.status in OK_STATUSES:
            self.stats.inc_value(f"archiver/requisites/fetched/{embed}")
        ok = response.status == 304 or response.status in OK_STATUSES
        self.board.resolve(_key_of(request), request.meta.get(meta.WARC) if ok else None)

    def request_dropped(self, request: Request, spider: Spider) -> None:
        if request.meta.get(meta.EMBED) is not None:
            self.board.resolve(_key_of(request), None)

    def failed(self, request: Request, reason: str) -> None:
        embed = request.meta[meta.EMBED]
        self.stats.inc_value(f"archiver/requisites/failed/{embed}")
        logger.info("Requisite not captured: %s (%s: %s)", request.url, embed, reason)
        self.board.resolve(_key_of(request), None)


def _key(url: str) -> str:
    """The frontier's key of a requisite (what its request carries as meta.KEY), so that a
    record waits on the very key the capture is announced under."""
    try:
        return url_key(urldefrag(url)[0])
    except ValueError:
        return url


def _key_of(request: Request) -> str:
    return request.meta.get(meta.KEY) or _key(request.url)
