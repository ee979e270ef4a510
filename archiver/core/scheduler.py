"""Scrapy's scheduler with its queue on disk, in a scratch folder of the output folder.

A sitemap of 50,000 URLs schedules 50,000 requests at once; held in memory they
cost the crawl process about a kilobyte each for as long as the crawl lasts.
Scrapy keeps its queue on disk when it has a job directory (JOBDIR), but JOBDIR
also persists the queue, the duplicate filter and the spider's state for a
resumed job, which archiver does through its own crawl state (archiver.state.sqlite).
So this scheduler gets a job directory of its own that lives for one run only:
`.scheduler-queue-PID` in the output folder, removed when the run closes and, if
the run was killed, by the next run. Requests that do not pickle stay in memory
(Scrapy's fallback), and so do all of them once the folder cannot be written.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.core.scheduler import Scheduler

from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.lock import pid_alive
from archiver.run.paths import output_paths
from archiver.signals import disk_full

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

QUEUE_FOLDER_PREFIX = ".scheduler-queue-"


class DiskQueueScheduler(Scheduler):
    _scratch: Path | None = None
    """This run's queue folder; None when the queue is in memory (or under a JOBDIR)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DiskQueueScheduler:
        scheduler = super().from_crawler(crawler)
        # With JOBDIR, Scrapy's own job directory is left to it, resumption included.
        if scheduler.dqdir is None and crawler.settings.getbool("ARCHIVER_SCHEDULER_DISK_QUEUE"):
            scheduler._scratch = _new_queue_folder(output_paths(crawler.settings).root)
            if scheduler._scratch is not None:
                scheduler.dqdir = scheduler._dqdir(str(scheduler._scratch))
        return scheduler

    def close(self, reason: str) -> Deferred[None] | None:
        if self._scratch is None:
            return super().close(reason)
        # Scrapy writes the disk queue's state for a resumed job here. Requests still
        # queued are in the crawl state's pending table, where the next run takes them
        # from, so nothing is kept (nor written to a disk that may be full).
        queues, self.dqs = self.dqs, None
        if queues is not None:
            with contextlib.suppress(OSError):
                queues.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
        return self.df.close(reason)

    # _dqpush, _dqpop and _dqdir are Scrapy's private scheduler API, as of Scrapy 2.19.
    def _dqpush(self, request: Request) -> bool:
        # Scrapy only expects ValueError (a request that does not pickle) here.
        try:
            return super()._dqpush(request)
        except OSError as error:
            self._abandon_disk_queue(error)
            return False

    def _dqpop(self) -> Request | None:
        try:
            return super()._dqpop()
        except OSError as error:
            self._abandon_disk_queue(error)
            return None

    def _abandon_disk_queue(self, error: OSError) -> None:
        """Go on in memory. A failed write may have left a partial entry, so the
        requests already on disk are not read again this run: they are still
        pending in the crawl state, and the next run fetches them."""
        left = len(self.dqs) if self.dqs is not None else 0
        self.dqs = None
        logger.warning("Scheduler queue on disk failed (%s): %d queued requests left to the "
                       "next run", error, left)
        if self.stats is not None:
            self.stats.set_value("archiver/scheduler/left_on_disk", left)
        if is_disk_full(error) and self.crawler is not None:
            self.crawler.signals.send_catch_log(disk_full, error=DiskFullError(self.dqdir))


def _new_queue_folder(output_dir: Path) -> Path | None:
    """This run's empty queue folder, the dead runs' removed; None if it cannot be made."""
    for folder in output_dir.glob(f"{QUEUE_FOLDER_PREFIX}*"):
        pid = folder.name.removeprefix(QUEUE_FOLDER_PREFIX)
        if not pid.isdigit() or not pid_alive(int(pid)) or int(pid) == os.getpid():
            shutil.rmtree(folder, ignore_errors=True)
    folder = output_dir / f"{QUEUE_FOLDER_PREFIX}{os.getpid()}"
    try:
        folder.mkdir(parents=True)
    except OSError as error:
        logger.warning("Scheduler queue kept in memory: cannot create %s (%s)", folder, error)
        return None
    return folder
