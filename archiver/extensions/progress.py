"""Live progress of a crawl on stderr: pages, articles, errors, rate, queue, elapsed time.

On a terminal, a live panel drawn with rich, refreshed every
ARCHIVER_PROGRESS_REFRESH seconds; anywhere else (cron, CI, a pipe) one plain
line every ARCHIVER_PROGRESS_INTERVAL seconds, with no escape codes. Off with
ARCHIVER_PROGRESS_ENABLED = False (`archiver crawl --quiet` sets it).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import IO, TYPE_CHECKING

import attrs
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from archiver.extensions.run_report import error_counts

if TYPE_CHECKING:
    from rich.live import Live
    from scrapy import Spider
    from scrapy.crawler import Crawler


@attrs.frozen
class Progress:
    elapsed: float
    pages: int
    articles: int
    errors: int
    queued: int
    in_flight: int

    @property
    def rate(self) -> float:
        """Pages per minute since the start."""
        return self.pages * 60 / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        return (f"archiver: {_clock(self.elapsed)} elapsed, {self.pages} pages "
                f"({self.rate:.0f}/min), {self.articles} articles, {self.errors} errors, "
                f"{self.queued} queued, {self.in_flight} in flight")


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{second:02d}"


def panel(progress: Progress):  # -> rich Table
    from rich.table import Table

    table = Table(title="archiver crawl", title_justify="left", show_header=False, box=None)
    table.add_column(style="bold cyan", justify="right")
    table.add_column()
    for label, value in (("elapsed", _clock(progress.elapsed)), ("pages", progress.pages),
                         ("articles", progress.articles), ("errors", progress.errors),
                         ("rate", f"{progress.rate:.0f} pages/min"),
                         ("queued", progress.queued), ("in flight", progress.in_flight)):
        table.add_row(label, str(value))
    return table


class ProgressExtension:
    def __init__(self, crawler: Crawler, stream: IO[str]) -> None:
        self.crawler = crawler
        self.stream = stream
        self.started = time.monotonic()
        self.live: Live | None = None
        self.interval = crawler.settings.getfloat("ARCHIVER_PROGRESS_INTERVAL")
        if stream.isatty():
            self.interval = crawler.settings.getfloat("ARCHIVER_PROGRESS_REFRESH")
        self.task = LoopingCall(self.tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not crawler.settings.getbool("ARCHIVER_PROGRESS_ENABLED"):
            raise NotConfigured
        extension = cls(crawler, sys.stderr)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def snapshot(self) -> Progress:
        stats = self.crawler.stats.get_stats()
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
        downloader = getattr(engine, "downloader", None)
        return Progress(
            elapsed=time.monotonic() - self.started,
            pages=stats.get("response_received_count", 0),
            articles=stats.get("archiver/records_written", 0),
            errors=sum(error_counts(stats).values()),
            queued=len(scheduler) if scheduler is not None else 0,
            in_flight=len(getattr(downloader, "active", ())),
        )

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        if self.stream.isatty():
            self.live = _start_live(self.stream, panel(self.snapshot()))
        self.task.start(self.interval, now=False)

    def tick(self) -> None:
        progress = self.snapshot()
        if self.live is not None:
            self.live.update(panel(progress), refresh=True)
        else:
            print(progress.line(), file=self.stream, flush=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.task.running:
            self.task.stop()
        if self.live is not None:
            self.live.update(panel(self.snapshot()), refresh=True)
            _stop_live(self.live)
            self.live = None


def _start_live(stream: IO[str], renderable) -> Live:
    """A rich Live panel; log lines written meanwhile are printed above it, not through it."""
    from rich.console import Console
    from rich.live import Live

    live = Live(renderable, console=Console(file=stream), auto_refresh=False,
                redirect_stdout=False, redirect_stderr=False)
    live.start(refresh=True)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is stream:
            handler.setStream(_LiveStream(live, stream))
    return live


def _stop_live(live: Live) -> None:
    live.stop()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and isinstance(handler.stream, _LiveStream):
            handler.setStream(handler.stream.stream)


class _LiveStream:
    """Log output sent above the live panel, which is then redrawn below it."""

    def __init__(self, live: Live, stream: IO[str]) -> None:
        self.live = live
        self.stream = stream

    def write(self, text: str) -> int:
        self.live.console.print(text.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
        self.live.refresh()
        return len(text)

    def flush(self) -> None:
        self.stream.flush()
