"""The forkserver the crawl's worker processes start from, with the extractor loaded.

The extraction workers (and the CDXJ process, archiver.warc.background_cdxj)
are forked from a forkserver that has already imported the extractor
(`archiver.extraction.preload`): forking the crawler itself, with its reactor
and threads, is not safe, and spawning re-imports everything for each worker.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver

PRELOAD = ["archiver.extraction.preload"]


def forkserver_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_forkserver() -> None:
    """Start the forkserver now, before the crawl imports Scrapy and opens.

    Loading the extractor into it takes about 1.7 s of one core; started first
    it overlaps the crawl process's own start-up (about 1.5 s) on the other
    core, instead of holding up the first extraction. The pool uses the same
    server (multiprocessing keeps one per process).
    """
    forkserver_context()
    multiprocessing.forkserver.ensure_running()
