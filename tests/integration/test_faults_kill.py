"""kill -9 at ten moments of a crawl, observed from outside, one run after another.

Each run into the same folder is killed when a condition holds (the lock
taken, the first request, a WARC opened, a fetch frozen by a blocking route,
the first record, a WARC about to roll over, a rollover, a state write, a
burst of records, a moment after the first article request). After each kill:
every closed WARC validates, the `.open` WARC reads cleanly up to its last
whole record, every records file holds only whole lines (but for at most one
partial last line of an `.open` one), the SQLite state passes its integrity
check. Every other kill is followed by `archiver recover OUTDIR`; the others
are finished by the next run itself. A last run completes: every article is
exported exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.commands.warc_tools import validate_files
from archiver.demo.server import SiteServer
from archiver.run.leftovers import whole_members_length
from archiver.warc.cdxj import cdxj_path
from tests.support.incremental_site import Article, ChangingSite
from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
SETTINGS = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "RANDOMIZE_DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
            "-s", "ARCHIVER_WARC_MAX_SIZE=12000", "-s", "ARCHIVER_EXTRACTION_WORKERS=1"]
STORIES = 40
BLOCKED = 3  # the story whose route freezes the crawl at moment "blocked fetch"


class Run:
    def __init__(self, out: Path, site: ChangingSite, arrived: threading.Event) -> None:
        self.out, self.site, self.arrived = out, site, arrived
        self.requests_before = len(site.server.exchanges)
        self.closed_before = set(out.glob("warc/*.warc.gz"))
        wal = out / "state.sqlite3-wal"
        self.wal_before = wal.stat().st_mtime_ns if wal.exists() else 0
        self.lines_before = 0
        self.started = time.monotonic()
        self.child = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "crawl", site.url("/feed.xml"), "--out",
             str(out), *SETTINGS], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def lines(self) -> int:
        return sum(p.read_bytes().count(b"\n") for p in self.out.glob("records/*.jsonl.open"))

    def warc_open_size(self) -> int:
        return sum(p.stat().st_size for p in self.out.glob("warc/*.warc.gz.open"))


def lock_held(run: Run) -> bool:
    lock = run.out / ".archiver.run.lock"
    return lock.exists() and f'"pid": {run.child.pid}' in lock.read_text()


def first_article_request(run: Run) -> bool:
    return any("/news/" in e.path for e in run.site.server.exchanges[run.requests_before:])


MOMENTS: list[tuple[str, Callable[[Run], bool]]] = [
    ("lock taken", lock_held),
    ("first request", lambda run: len(run.site.server.exchanges) > run.requests_before),
    ("WARC opened", lambda run: run.warc_open_size() > 0),
    ("blocked fetch", lambda run: run.arrived.is_set()),
    ("first record", lambda run: run.lines() >= 1),
    ("WARC about to roll over", lambda run: run.warc_open_size() > 9000),
    ("rollover", lambda run: set(run.out.glob("warc/*.warc.gz")) - run.closed_before != set()),
    ("state write", lambda run: (run.out / "state.sqlite3-wal").exists() and (
        run.out / "state.sqlite3-wal").stat().st_mtime_ns > run.wal_before),
    ("burst of records", lambda run: run.lines() >= 2),
    ("after the first article request", first_article_request),
]


def wait_and_kill(run: Run, condition: Callable[[Run], bool], delay: float = 0.0) -> bool:
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and run.child.poll() is None:
            if condition(run):
                time.sleep(delay)
                return run.child.poll() is None
            time.sleep(0.005)
        return False
    finally:
        os.kill(run.child.pid, signal.SIGKILL)
        run.child.wait(timeout=30)


def check_files(out: Path, tmp: Path) -> None:
    closed = sorted(out.glob("warc/*.warc.gz"))
    if closed:
        verdict = list(validate_files(closed))[-1]
        assert verdict.startswith("OK"), verdict
    for path in out.glob("warc/*.warc.gz.open"):
        copy = tmp / "cut.warc.gz"
        shutil.copyfile(path, copy)
        with open(copy, "r+b") as stream:
            stream.truncate(whole_members_length(stream))
        records = list(ArchiveIterator(copy.open("rb")))
        assert not records or records[0].rec_type == "warcinfo"
    for path in out.glob("records/*.jsonl*"):
        lines = path.read_bytes().split(b"\n")
        whole = lines[:-1] if path.suffix == ".open" else [line for line in lines if line]
        for line in whole:
            json.loads(line)
        assert path.suffix == ".open" or lines[-1] == b""
    state = out / "state.sqlite3"
    if state.exists():
        db = sqlite3.connect(state)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()


@pytest.fixture
def site():
    with SiteServer() as server:
        yield ChangingSite(server, honours_validators=True)


def test_kill_9_at_ten_moments_loses_and_repeats_nothing(site, tmp_path):
    out = tmp_path / "out"
    stories = [Article(path=f"/news/story-{n}.html", title=f"Harbour board story {n}",
                       published=T0 + timedelta(hours=n), modified=T0 + timedelta(hours=n))
               for n in range(STORIES)]
    for story in stories:
        site.publish(story, feed=True)
    arrived, release = threading.Event(), threading.Event()
    blocked_route = site.server._routes[stories[BLOCKED].path]

    def blocking(request):
        arrived.set()
        release.wait(timeout=60)
        return blocked_route(request)

    site.server.add_route(stories[BLOCKED].path, blocking)
    hit = []
    for number, (name, condition) in enumerate(MOMENTS):
        run = Run(out, site, arrived)
        if wait_and_kill(run, condition, delay=0.3 if name.startswith("after") else 0.0):
            hit.append(name)
        print(f"{name}: killed after {time.monotonic() - run.started:.2f} s")
        if name == "blocked fetch":
            release.set()
        check_files(out, tmp_path)
        if number % 2:
            done = subprocess.run([sys.executable, "-m", "archiver.cli", "recover", str(out)],
                                  cwd=REPO, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            assert not list(out.rglob("*.open")), done.stdout
            check_files(out, tmp_path)
    assert hit == [name for name, _ in MOMENTS]  # each kill came while the run was alive
    final = subprocess.run([sys.executable, "-m", "archiver.cli", "crawl", site.url("/feed.xml"),
                            "--out", str(out), *SETTINGS], cwd=REPO, capture_output=True,
                           text=True, timeout=120)
    assert final.returncode == 0, final.stderr[-3000:]
    assert not list(out.rglob("*.open"))
    check_files(out, tmp_path)
    # Every WARC file indexed, those of killed runs too (by the runs after them).
    assert all(cdxj_path(warc).stat().st_size > 0 for warc in out.glob("warc/*.warc.gz"))
    assert not list(out.glob("warc/*.tmp"))
    urls = [json.loads(line)["url"] for path in sorted(out.glob("records/*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]
    assert sorted(urls) == sorted(site.url(story.path) for story in stories)  # once each
