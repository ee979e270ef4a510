"""Stop within a bounded time: on SIGTERM or SIGINT, and at once on a full disk.

What Scrapy 2.19 does by itself (scrapy.crawler.CrawlerProcessBase, installed
when the reactor starts): the first SIGTERM/SIGINT starts a graceful engine
stop, which waits with no limit for every download in flight (each up to
DOWNLOAD_TIMEOUT, however slowly a server drips) and for those queued behind
them in the downloader; the second calls reactor.stop(), which ends the
process with the spider still open: no spider_closed, so the WARC and records
files stay `.open` and no report is written. Worked around here:

- The first signal still goes to Scrapy's handler (the same graceful stop),
  and starts a timer: downloads still in flight after ARCHIVER_SHUTDOWN_TIMEOUT
  seconds are cut short (archiver.core.download_handler, `stop_downloads`; what came is
  archived as truncated) and later ones refused, so the engine closes the
  spider the usual way: files finished, state saved, report written. The
  URLs cut short stay queued for the next run.
- A second signal cuts them short at once, instead of Scrapy's reactor.stop().
  Scrapy's handlers are replaced on engine_started, which comes after the
  reactor (and so Scrapy) installed them.
- A full disk (`archiver.run.diskfull.disk_full`) closes the spider at once
  ("disk_full") and cuts the downloads short; the components stop writing.
- Once cut, the close has ARCHIVER_SHUTDOWN_CLOSE_TIMEOUT seconds; a third
  signal, or a close stuck past that, ends the process there, as a kill would
  (and not through reactor.stop(), whose shutdown trigger waits for Scrapy's
  graceful stop): files stay `.open` with whole records and lines only, for
  the next run or `archiver recover`.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.crawler import CrawlerProcessBase
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.ossignal import install_shutdown_handlers, signal_names

from archiver.core.download_handler import stop_downloads
from archiver.run.diskfull import DiskFullError
from archiver.signals import disk_full

if TYPE_CHECKING:
    from types import FrameType

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from twisted.internet.base import DelayedCall

logger = logging.getLogger(__name__)


class ShutdownExtension:
    def __init__(self, crawler: Crawler) -> None:
        from twisted.internet import reactor  # at import time it would install the default one

        self.reactor: Any = reactor
        self.crawler = crawler
        self.timeout = crawler.settings.getfloat("ARCHIVER_SHUTDOWN_TIMEOUT")
        self.close_timeout = crawler.settings.getfloat("ARCHIVER_SHUTDOWN_CLOSE_TIMEOUT")
        self.signals_received = 0
        self.cut_by: str | None = None
        self.closed = False
        self._scrapy_handler: Any = None
        self._timer: DelayedCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ShutdownExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.disk_full, signal=disk_full)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def engine_started(self) -> None:
        handler = signal.getsignal(signal.SIGTERM)
        # Only Scrapy's own handlers are taken over, not those of an application
        # that runs crawls its own way.
        if isinstance(getattr(handler, "__self__", None), CrawlerProcessBase):
            self._scrapy_handler = handler
            install_shutdown_handlers(self._handle_signal)

    def _handle_signal(self, signum: int, frame: FrameType | None) -> None:
        # In signal context: no logging here (see Scrapy's _log_shutdown).
        self.signals_received += 1
        if self.signals_received == 1:
            self._scrapy_handler(signum, frame)  # the graceful stop; it installs its own next
            install_shutdown_handlers(self._handle_signal)
        self.reactor.callFromThread(self._signalled, signal_names.get(signum, str(signum)),
                                    self.signals_received)

    def _signalled(self, name: str, count: int) -> None:
        if count == 1:
            self.crawler.stats.set_value("archiver/stop/signal", name)
            logger.warning("Received %s: stopping; downloads still running in %g s are cut "
                           "short (send it again to cut them now)", name, self.timeout)
            self._timer = self.reactor.callLater(self.timeout, self.cut, "timeout")
        elif count == 2:
            self.cut("second_signal")
        else:
            self._abandon(f"{name} received a third time")

    def disk_full(self, error: DiskFullError) -> None:
        if self.crawler.stats.get_value("archiver/stop/disk_full"):
            return
        self.crawler.stats.set_value("archiver/stop/disk_full", error.path)
        logger.error("%s: stopping the crawl", error)
        engine = self.crawler.engine
        if engine.spider is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason="disk_full"))
            closing.addErrback(lambda _failure: None)  # already closing
        self.cut("disk_full")

    def cut(self, why: str) -> None:
        """Cut the downloads in flight short; the spider then closes in a moment."""
        if self.cut_by is not None or self.closed:
            return
        self.cut_by = why
        self._cancel_timer()
        self.crawler.stats.set_value("archiver/stop/cut_short", why)
        logger.warning("Cutting short the downloads in flight (%s)", why.replace("_", " "))
        self.crawler.signals.send_catch_log(stop_downloads)
        self._timer = self.reactor.callLater(
            self.close_timeout, self._abandon, f"not closed {self.close_timeout:g} s after the cut")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.closed = True
        self._cancel_timer()

    def _abandon(self, why: str) -> None:
        logger.error("Stopping at once (%s): files left .open for the next run or "
                     "`archiver recover`", why)
        sys.stderr.flush()
        os._exit(1)

    def _cancel_timer(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
