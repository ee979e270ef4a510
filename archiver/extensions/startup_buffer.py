"""More pages fetched ahead while the extraction workers start, then Scrapy's buffer again.

Scrapy stops fetching while the responses its callbacks still hold pass
SCRAPER_SLOT_MAX_ACTIVE_SIZE (5 MB, about 33 real pages). When a crawl opens, the
extraction workers wait for the forkserver to load the extractor (about 2.5 s); the
crawl process fills those 5 MB in its first second and then waits too, leaving a core
idle. From spider open until the first page comes back from a worker
(archiver.signals.extraction_started), the buffer is ARCHIVER_STARTUP_SCRAPER_BUFFER
instead: the crawl fetches and archives pages it would fetch later anyway. Then the
setting's own size is put back, and fetching resumes once the workers have read the
pages held beyond it. At most that much more memory, for the first seconds of a crawl.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver import signals as archiver_signals

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


class StartupBufferExtension:
    def __init__(self, crawler: Crawler, size: int) -> None:
        self.crawler = crawler
        self.size = size
        self._usual: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StartupBufferExtension:
        size = crawler.settings.getint("ARCHIVER_STARTUP_SCRAPER_BUFFER")
        if size <= crawler.settings.getint("SCRAPER_SLOT_MAX_ACTIVE_SIZE"):
            raise NotConfigured
        extension = cls(crawler, size)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.extraction_started,
                                signal=archiver_signals.extraction_started)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        # Scrapy (2.19) reads the setting once, into the scraper's slot, which it makes
        # before spider_opened and which decides needs_backout from this attribute.
        slot = self.crawler.engine.scraper.slot
        if slot is not None and self._usual is None:
            self._usual = slot.max_active_size
            slot.max_active_size = self.size

    def extraction_started(self) -> None:
        slot = self.crawler.engine.scraper.slot
        if slot is not None and self._usual is not None:
            slot.max_active_size = self._usual
        self._usual = None
