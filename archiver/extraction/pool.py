"""Page analysis (the one parse of a page, its article) in worker processes, off the
reactor thread.

Extraction is CPU-bound; run in a spider callback it stalls Twisted's single
thread, so fetching stops while one core extracts. Here pages go to a pool of
worker processes (pebble, so that a page over the time limit gets its worker
killed and replaced rather than blocking a slot forever). Workers start from
the forkserver of archiver.run.forkserver, which has the extractor loaded.

Backpressure needs nothing extra: Scrapy stops fetching while the responses
held by unfinished callbacks exceed SCRAPER_SLOT_MAX_ACTIVE_SIZE.

The workers are started from a thread, when the first page comes: pebble starts
its workers inside the first `schedule` call, and each start waits for the
forkserver, which may still be loading the extractor (about 2 s when a crawl
opens). Called on the reactor thread that wait stopped all fetching and WARC
writing; the pages' callbacks now wait for the start instead, and the crawl goes
on fetching meanwhile.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

import attrs
from pebble import ProcessExpired, ProcessPool

from archiver.extraction import PageAnalysis, Skipped, Wanted, analyse_page
from archiver.run.forkserver import Lifeline, exit_with_owner, forkserver_context
from archiver.run.memory import page_done

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

TIMED_OUT, CRASHED = "extraction_timeout", "extraction_crashed"
WORKER_FAILURES = (TIMED_OUT, CRASHED)


def pool_size(setting: int) -> int:
    """0 means one worker per core."""
    return setting if setting > 0 else (os.cpu_count() or 1)


class ExtractionPool:
    def __init__(self, workers: int, timeout: float, max_tasks: int,
                 min_chars: int, min_signals: int) -> None:
        self.timeout = timeout
        self.options = {"min_chars": min_chars, "min_signals": min_signals}
        self._lifeline = Lifeline()  # the workers exit when the crawl does, however
        self._pool = ProcessPool(max_workers=workers, max_tasks=max_tasks,
                                 context=forkserver_context(), initializer=exit_with_owner,
                                 initargs=self._lifeline.initargs)
        self._started: Future[None] | None = None
        self._starter: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ExtractionPool:
        return cls(
            workers=pool_size(settings.getint("ARCHIVER_EXTRACTION_WORKERS")),
            timeout=settings.getfloat("ARCHIVER_EXTRACTION_TIMEOUT"),
            max_tasks=settings.getint("ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER"),
            min_chars=settings.getint("ARCHIVER_MIN_ARTICLE_CHARS"),
            min_signals=settings.getint("ARCHIVER_MIN_ARTICLE_SIGNALS"),
        )

    async def analyse(self, body: bytes, url: str, content_type: str,
                      wanted: Wanted) -> PageAnalysis:
        """What `wanted` asks for, from one parse of the page in a worker. A worker over the
        time limit, or one that died, gives the reason (`unread`, and the article's); when
        the article was asked for, a second worker then reads the rest without it (its
        links and, for ARCHIVER_REQUISITES "all", its requisites): the article is what
        takes long (a page of 100,000 paragraphs: minutes; its links: under a second)."""
        analysis = await self._analyse(body, url, content_type, wanted)
        failed = analysis.unread
        if failed is None or failed.reason not in WORKER_FAILURES or not wanted.article:
            return analysis
        rest = attrs.evolve(wanted, article=False,
                            requisites="all" if wanted.requisites == "all" else "none")
        if not rest.anything:
            return analysis
        return attrs.evolve(await self._analyse(body, url, content_type, rest), article=failed)

    async def _analyse(self, body: bytes, url: str, content_type: str,
                       wanted: Wanted) -> PageAnalysis:
        started = self._start()
        if started.done():
            started.result()  # (wrapping a finished future would still wake the loop)
        else:
            await asyncio.wrap_future(started)
        future = self._pool.schedule(
            _analyse_in_worker, args=(body, url, wanted),
            kwargs={"content_type": content_type, **self.options}, timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            failed = Skipped(reason=TIMED_OUT,
                             detail=f"extraction took longer than {self.timeout:g} s")
        except ProcessExpired as error:
            failed = Skipped(reason=CRASHED,
                             detail=f"extraction worker died (exit code {error.exitcode})")
        return PageAnalysis(article=failed if wanted.article else None, unread=failed)

    def _start(self) -> Future[None]:
        """The workers' start, begun in a thread the first time (see the module)."""
        if self._started is None:
            self._started = Future()
            self._starter = threading.Thread(target=self._start_workers,
                                             name="extraction-pool-start", daemon=True)
            self._starter.start()
        return self._started

    def _start_workers(self) -> None:
        assert self._started is not None
        try:
            self._pool.schedule(_ready)  # pebble starts its workers within the first call
        except Exception as error:  # BrokenProcessPool, RuntimeError: the pages raise it
            self._started.set_exception(error)
        else:
            self._started.set_result(None)

    def close(self) -> None:
        if self._starter is not None:
            self._starter.join()  # not stopping a pool whose workers are being started
        self._pool.stop()
        self._pool.join(timeout=10)
        self._lifeline.close()


def _ready() -> None:
    """The task that starts the pool's workers."""


def _analyse_in_worker(body: bytes, url: str, wanted: Wanted, **options: object) -> PageAnalysis:
    try:
        return analyse_page(body, url, wanted, **options)  # type: ignore[arg-type]
    finally:
        page_done()  # the worker lives for ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER pages
