"""CDXJ indexes written in another process while the crawl goes on.

Indexing re-reads the whole WARC file, about 4 s of CPU for 10,000 pages. On
the reactor thread, a file closing mid-crawl (ARCHIVER_WARC_MAX_SIZE) stopped
all fetching for that long, and at the end of a run the index was written
alone, before the report. Here one process, forked from the extraction
workers' forkserver (archiver.run.forkserver), indexes the closed files in turn.

Failures come back when the run waits for its indexes at the end. An index
not written (a failure, or a run killed meanwhile) leaves its WARC file
whole; the next run writes the missing index first (archiver.run.leftovers).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from archiver.run.forkserver import Lifeline, exit_with_owner, forkserver_context, name_process
from archiver.warc.cdxj import load_cdxj_indexer, write_cdxj

logger = logging.getLogger(__name__)

PROCESS_NAME = "archiver-cdxj"


class BackgroundIndexer:
    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._lifeline: Lifeline | None = None
        self._pending: list[tuple[Path, Future[Path]]] = []

    def prepare(self) -> None:
        """Start the process and load cdxj-indexer into it (about 0.4 s) now, while
        the crawl runs, rather than when the first file closes (at the end, for most
        runs). From a thread: starting the process waits for the forkserver, which
        may still be loading the extractor when a crawl opens."""
        threading.Thread(target=_load_indexer_in, args=(self._started(),), daemon=True).start()

    def submit(self, warc: Path) -> None:
        try:
            future = self._started().submit(write_cdxj, warc)
        except RuntimeError as error:  # the process is gone (BrokenProcessPool)
            future = Future()
            future.set_exception(error)
        self._pending.append((warc, future))

    def _started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._lifeline = Lifeline()  # the process exits when the crawl does, however
            self._executor = ProcessPoolExecutor(max_workers=1, mp_context=forkserver_context(),
                                                 initializer=_start_worker,
                                                 initargs=self._lifeline.initargs)
        return self._executor

    async def written(self) -> list[tuple[Path, BaseException]]:
        """Once every index is written: the files whose index failed, with why."""
        futures = [asyncio.wrap_future(future) for _warc, future in self._pending]
        await asyncio.gather(*futures, return_exceptions=True)
        failed = [(warc, error) for warc, future in self._pending
                  if (error := future.exception()) is not None]
        self._pending = []
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)  # the preparation, if not begun
            self._executor = None
        if self._lifeline is not None:
            self._lifeline.close()
            self._lifeline = None
        return failed


def _start_worker(lifeline: Connection, owner: int, owner_tempdir: str) -> None:
    exit_with_owner(lifeline, owner, owner_tempdir)
    name_process(PROCESS_NAME)  # `make bench` counts this process's CPU apart from the workers'
    # Ctrl-C reaches the whole process group; the crawl process stops gracefully
    # and still waits for its indexes, so this process must not die of it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _load_indexer_in(executor: ProcessPoolExecutor) -> None:
    try:
        executor.submit(load_cdxj_indexer)
    except Exception as error:  # shut down meanwhile (the run ended at once), or broken:
        # the indexes then load it themselves, or report the failure
        logger.debug("The CDXJ process was not prepared: %r", error)
