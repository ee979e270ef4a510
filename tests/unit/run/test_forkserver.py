"""The extraction workers' forkserver can start before the pool, which then uses it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archiver.extraction import ExtractedArticle, Wanted
from archiver.extraction.pool import ExtractionPool
from archiver.run.cache_folder import CACHE_DIR_ENV
from archiver.run.forkserver import PRELOAD, start_forkserver
from archiver.run.processes import is_running
from archiver.settings import ARCHIVER_MIN_ARTICLE_CHARS, ARCHIVER_MIN_ARTICLE_SIGNALS
from tests.support.paths import TESTS

PAGE = TESTS / "pages" / "agency_reuters.html"


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


def started_forkservers(within: float = 30.0) -> dict[int, bytes]:
    """The forkservers, once one shows its command line.

    multiprocessing starts the server by vfork and exec and returns as soon as
    the child's old memory is released; for a moment after that the child's
    /proc/PID/cmdline is still empty (seen once on a loaded CI machine).
    """
    deadline = time.monotonic() + within
    while not (found := forkservers()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_the_pool_extracts_with_the_forkserver_started_before_it() -> None:
    start_forkserver()
    servers = started_forkservers()
    assert len(servers) == 1
    assert all(module.encode() in command for command in servers.values() for module in PRELOAD)
    pool = ExtractionPool(workers=1, timeout=60, max_tasks=10,
                          min_chars=ARCHIVER_MIN_ARTICLE_CHARS,
                          min_signals=ARCHIVER_MIN_ARTICLE_SIGNALS)
    try:
        result = asyncio.run(pool.analyse(PAGE.read_bytes(), "https://example.org/a",
                                          "text/html", Wanted()))
    finally:
        pool.close()
    assert isinstance(result.article, ExtractedArticle)
    assert result.links
    assert forkservers() == servers  # no second server: the pool forked from this one


@pytest.mark.slow
def test_a_page_whose_article_runs_out_of_time_still_gives_its_links() -> None:
    """The article of 40,000 paragraphs takes the worker half a minute; its links and
    requisites, read again without it by a second worker, a fifth of a second."""
    body = b"<html><body>" + b"<p><a href=/next.html>next</a> word word</p>" * 40_000
    pool = ExtractionPool(workers=1, timeout=3, max_tasks=10, min_chars=400, min_signals=1)
    try:
        analysis = asyncio.run(pool.analyse(body, "https://example.org/a", "text/html",
                                            Wanted(requisites="all")))
    finally:
        pool.close()
    assert analysis.article.reason == "extraction_timeout"
    assert [link.url for link in analysis.links] == ["https://example.org/next.html"]
    assert analysis.requisites is not None and analysis.unread is None


_JUSTEXT_WITHOUT_BUILDING_STOPLISTS = """
import sys
import lxml.html
import trafilatura.external
import {module}

def built(*args):
    raise SystemExit("a jusText stoplist was built after the warm-up")

trafilatura.external.get_stoplist = trafilatura.external.get_stoplists = built
paragraph = "A paragraph of the page. " * 20
page = lxml.html.fromstring(f"<html><body><p>{{paragraph}}</p></body></html>")
trafilatura.external.try_justext(page, None, None)  # no target language: all stoplists
"""


# What the forkserver imports, and the extractor without its warm-ups.
WARMED, COLD = "archiver.extraction.preload", "archiver.extraction.article"


def run_after_importing(script: str, module: str) -> subprocess.CompletedProcess:
    """`script` (a template naming {module}) run in a fresh interpreter."""
    return subprocess.run([sys.executable, "-c", script.format(module=module)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_workers_fork_with_the_justext_stoplist_built() -> None:
    assert run_after_importing(_JUSTEXT_WITHOUT_BUILDING_STOPLISTS, WARMED).returncode == 0
    # Without the preload's warm-up the first jusText page builds it (0.2 s a worker).
    unwarmed = run_after_importing(_JUSTEXT_WITHOUT_BUILDING_STOPLISTS, COLD)
    assert "a jusText stoplist was built" in unwarmed.stderr


_DATEPARSER_WITHOUT_COMPILING_LOCALES = """
import {module}
from dateparser.languages.dictionary import Dictionary
from htmldate.extractors import get_external_parser

def compiled(*args):
    raise SystemExit("a dateparser locale's regex was compiled after the warm-up")

Dictionary._construct_split_regex = compiled
# A date htmldate's own parsers cannot read, in a language far down dateparser's list.
found = get_external_parser().get_date_data("2 июня 2019")["date_obj"]
assert found is not None and found.year == 2019, found
"""


@pytest.mark.slow
def test_workers_fork_with_dateparsers_locales_compiled() -> None:
    finished = run_after_importing(_DATEPARSER_WITHOUT_COMPILING_LOCALES, WARMED)
    assert finished.returncode == 0, finished.stderr
    # Without the warm-up the first foreign date compiles the locales it tries.
    unwarmed = run_after_importing(_DATEPARSER_WITHOUT_COMPILING_LOCALES, COLD)
    assert "a dateparser locale's regex was compiled" in unwarmed.stderr


def test_workers_fork_without_scrapy() -> None:
    """The workers need no Scrapy (about 20 MB a process) and no feedparser (9 MB):
    nothing the forkserver preloads imports them."""
    code = ("import sys, archiver.extraction.preload; print(sorted("
            "{name.split('.')[0] for name in sys.modules} & {'scrapy', 'twisted', 'feedparser'}))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[]"


def test_workers_fork_with_the_preload_out_of_the_collectors_passes() -> None:
    code = ("import gc, archiver.extraction.preload; "
            "print(gc.get_freeze_count() > 50_000, len(gc.get_objects()) < 20_000)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "True"]


def test_workers_fork_from_one_thread_with_the_language_model_loaded() -> None:
    """The model loads in a thread of the preload (archiver.extraction.preload); a fork
    copies only the thread that forks, so none may be left when the forkserver forks."""
    code = ("import threading, archiver.extraction.preload; "
            "from archiver.extraction.language import identify; "
            "print(threading.active_count(), identify._identifier.cache_info().currsize)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["1", "1"]


def test_a_dead_or_dying_owner_is_not_running() -> None:
    assert is_running(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 30
        while is_running(child.pid) and time.monotonic() < deadline:
            time.sleep(0.01)  # exited, not yet waited for: a zombie
        assert not is_running(child.pid)
    finally:
        child.wait()
    assert not is_running(child.pid)  # reaped: gone from /proc


_LOOP_WHILE_THE_WORKERS_START = """
import asyncio, time
from archiver.extraction import Wanted
from archiver.extraction.pool import ExtractionPool
from archiver.run.forkserver import start_forkserver

async def main():
    start_forkserver()  # a new server: it loads the extractor for seconds
    pool = ExtractionPool(workers=1, timeout=60, max_tasks=10, min_chars=400, min_signals=1)
    ticks = [time.monotonic()]

    async def tick():
        while True:
            await asyncio.sleep(0.05)
            ticks.append(time.monotonic())

    ticker = asyncio.ensure_future(tick())
    try:
        await pool.analyse(b"<html><body><a href=/b>b</a></body></html>",
                           "https://example.org/a", "text/html", Wanted(article=False))
    finally:
        ticks.append(time.monotonic())
        ticker.cancel()
        pool.close()
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:])]
    print(ticks[-1] - ticks[0], max(gaps))

asyncio.run(main())
"""


def test_the_event_loop_runs_on_while_the_workers_wait_for_the_forkserver(
        tmp_path: Path) -> None:
    """pebble starts its workers within the first page's `schedule`, and each start waits
    for the forkserver to finish loading the extractor: the crawl's reactor stood still
    that long (2-3 s as a crawl opens). The start now runs in a thread. (With an empty
    pattern store, as on a crawl's first run: the preload's longest.)"""
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", _LOOP_WHILE_THE_WORKERS_START],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    waited, longest_gap = map(float, run.stdout.split())
    assert waited > 1.0  # the page did wait for the forkserver's preload
    assert longest_gap < 0.5
