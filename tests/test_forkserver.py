"""The extraction workers' forkserver can start before the pool, which then uses it."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from archiver.extraction import ExtractedArticle
from archiver.extraction_pool import ExtractionPool
from archiver.forkserver import PRELOAD, start_forkserver
from archiver.settings import ARCHIVER_MIN_ARTICLE_CHARS, ARCHIVER_MIN_ARTICLE_SIGNALS

PAGE = Path(__file__).parent / "pages" / "agency_reuters.html"


def forkservers() -> dict[int, bytes]:
    """This process's forkserver children and their command lines (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat, command = (entry / "stat").read_text(), (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"multiprocessing.forkserver" in command:
            found[int(entry.name)] = command
    return found


def test_the_pool_extracts_with_the_forkserver_started_before_it() -> None:
    start_forkserver()
    servers = forkservers()
    assert len(servers) == 1
    assert all(module.encode() in command for command in servers.values() for module in PRELOAD)
    pool = ExtractionPool(workers=1, timeout=60, max_tasks=10,
                          min_chars=ARCHIVER_MIN_ARTICLE_CHARS,
                          min_signals=ARCHIVER_MIN_ARTICLE_SIGNALS)
    try:
        result = asyncio.run(pool.extract(PAGE.read_bytes(), "https://example.org/a", "text/html"))
    finally:
        pool.close()
    assert isinstance(result, ExtractedArticle)
    assert forkservers() == servers  # no second server: the pool forked from this one
