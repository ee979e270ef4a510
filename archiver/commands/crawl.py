"""Run a crawl in this process with the project settings plus overrides.

`run_crawl` is what `archiver crawl` does around the spider for scheduled
runs: it checks that nothing in the output folder is in the way (or fails
with OutputConflict naming the path), takes the output folder's lock (or
fails at once with LockedError), finishes files an interrupted run left open
and takes their records into the crawl state, gives each source with its own
politeness a downloader slot, runs the spider to the end and returns the run
report (or raises DiskFullError if a full disk stopped it). A cluster worker crawls with
all of the run's sources (archiver.cluster.sources): its own, if given, plus
those that enqueue or other workers stored. `scrapy crawl news` runs the
bare spider: it keeps the crawl state, but takes no lock and finishes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archiver.cluster import join_cluster_sources
from archiver.cluster.settings import apply_cluster_settings
from archiver.core.browser_settings import apply_browser_settings
from archiver.frontier.sources import Source, download_slots
from archiver.run.diskfull import DiskFullError
from archiver.run.leftovers import finish_leftovers
from archiver.run.lock import describe, output_lock, pid_alive
from archiver.run.paths import OutputConflict, output_conflict, output_paths
from archiver.run.printable import install_log_filter
from archiver.state.backends import open_state

logger = logging.getLogger(__name__)


class NoReportError(Exception):
    """The crawl ended without writing its report (it crashed)."""


REMOTE_CONTROL_EXTENSION = "scrapy.extensions.remote_control.RemoteControl"


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    # The Redis backends when clustered, already for what is opened before the crawler.
    apply_cluster_settings(settings, priority="project")
    if not settings.getbool("REMOTE_CONTROL_ENABLED"):
        # Scrapy imports every extension it lists, even one set to None; the remote
        # control's module imports aiohttp's web server, 0.15-0.25 s of every start-up.
        extensions = settings.getdict("EXTENSIONS_BASE")
        extensions.pop(REMOTE_CONTROL_EXTENSION, None)
        settings.set("EXTENSIONS_BASE", extensions, priority="project")
    return settings


def run_crawl(seeds: list[str] | None = None, overrides: dict[str, Any] | None = None, *,
              sources: list[Source] | None = None) -> dict[str, Any]:
    """Crawl the seeds (or the sources) to the end and return the run report."""
    sources = sources or [Source.from_seeds(seeds or [])]
    settings = project_settings(overrides)
    conflict = output_conflict(settings)
    if conflict:
        raise OutputConflict(f"{conflict}: move it away or choose another --out")
    # In a cluster: the run's sources, stored in Redis by enqueue or a worker.
    sources = join_cluster_sources(settings, sources)
    slots = settings.getdict("DOWNLOAD_SLOTS") | download_slots(sources)
    settings.set("DOWNLOAD_SLOTS", slots, priority="cmdline")
    apply_browser_settings(settings, sources)  # only when a source loads pages in Chromium
    process = CrawlerProcess(settings)  # sets up logging before anything is logged here
    install_log_filter()  # until the crawler's own handler gets it (PrintableLogExtension)
    paths = output_paths(settings)
    started = time.time()
    with output_lock(paths.lock_file) as previous:
        if previous:
            alive = "still running?" if pid_alive(previous.get("pid")) else "no longer running"
            logger.warning("Took over the lock of %s (%s)", describe(previous), alive)
        state = open_state(settings)
        try:
            recovered = finish_leftovers(paths.records_dir, paths.warc_dir, state,
                                         index=settings.getbool("ARCHIVER_WARC_CDXJ_ENABLED"),
                                         logs_dir=paths.logs_dir)
            crawler = process.create_crawler("news")
            process.crawl(crawler, sources=sources, state=state, recovered=recovered.as_dict())
            process.start()
        finally:
            state.close()
    if crawler.stats.get_value("archiver/stop/disk_full"):  # see archiver.extensions.shutdown
        raise DiskFullError(crawler.stats.get_value("archiver/stop/disk_full"))
    if not paths.report_file.is_file() or paths.report_file.stat().st_mtime < started - 1:
        raise NoReportError("the crawl ended without writing its report")
    return json.loads(paths.report_file.read_text("utf-8"))
