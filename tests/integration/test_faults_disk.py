"""A full disk: a small tmpfs, mounted by the test (root only; skipped elsewhere).

Whole crawls into a disk too small for them, at sizes where a different file
fills it first: the crawl stops with one line naming the file, exit code 1, no
traceback, every file whole; the disk is given room (remounted bigger, the
files staying) and the next run completes with every article exported exactly
once and `archiver validate` passing. Each writer filled up on its own is in
tests/unit/run/test_disk_full.py.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archiver.commands.warc_tools import validate_files
from archiver.demo.server import SiteServer
from archiver.run.leftovers import whole_members_length
from tests.support.cli import run_cli
from tests.support.incremental_site import Article, ChangingSite
from tests.support.paths import REPO
from tests.support.tmpfs import tmpfs

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
STORIES = 30
SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "ARCHIVER_EXTRACTION_WORKERS=1"]


def give_room(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=64m", str(path)], check=True)


@pytest.fixture
def site():
    with SiteServer() as server:
        news = ChangingSite(server, honours_validators=True)
        for n in range(STORIES):
            moment = T0 + timedelta(hours=n)
            news.publish(Article(path=f"/news/story-{n}.html", title=f"Harbour board story {n}",
                                 published=moment, modified=moment), feed=True)
        yield news


def crawl(site: ChangingSite, out: Path, tmp: Path, options: list[str]):
    return run_cli(["crawl", site.url("/feed.xml"), "--out", str(out), *SETTINGS, *options],
                   tmp)


def check_files(warc_dir: Path, records_dir: Path, state: Path) -> None:
    """Closed WARCs validate; `.open` files hold whole records and lines only."""
    closed = sorted(warc_dir.glob("*.warc.gz"))
    if closed:
        assert list(validate_files(closed))[-1].startswith("OK")
    for path in warc_dir.glob("*.warc.gz.open"):
        with open(path, "rb") as stream:
            assert whole_members_length(stream) == path.stat().st_size, path
    for path in records_dir.glob("*.jsonl*"):
        data = path.read_bytes()
        assert not data or data.endswith(b"\n"), path
        for line in data.splitlines():
            json.loads(line)
    for folder in (warc_dir, records_dir, state.parent):  # no temporary left
        assert not list(folder.rglob("*.tmp")) and not list(folder.rglob("*.json.open"))
    db = sqlite3.connect(state)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


# What goes on the small disk, and its size: one kind of file alone (so that its write
# is the one that fails), or the whole output folder.
PLACES = {"warc": "32k", "records": "32k", "state": "128k", "everything": "256k"}


@pytest.mark.parametrize("place", list(PLACES))
def test_a_crawl_stopped_by_a_full_disk_goes_on_once_there_is_room(site, tmp_path, place):
    with tmpfs(tmp_path / "disk", PLACES[place]) as disk:
        out = disk / "out" if place == "everything" else tmp_path / "out"
        warc_dir = disk / "warc" if place == "warc" else out / "warc"
        records_dir = disk / "records" if place == "records" else out / "records"
        state = disk / "state.sqlite3" if place == "state" else out / "state.sqlite3"
        options = ["--state", str(state), "-s", f"ARCHIVER_WARC_SUBDIR={warc_dir}",
                   "-s", f"ARCHIVER_RECORDS_SUBDIR={records_dir}"]
        first = crawl(site, out, tmp_path, options)
        line = first.stderr.strip().splitlines()[-1]
        print(line)
        assert first.returncode == 1, first.stderr[-3000:]
        full = {"warc": warc_dir, "records": records_dir, "state": state, "everything": out}
        assert line.startswith(f"archiver: disk full writing {full[place]}")
        assert line.endswith(": stopped; free some space and run again")
        assert "Traceback" not in first.stderr
        check_files(warc_dir, records_dir, state)
        if place == "everything":  # a scheduled run comes before anyone made room
            again = crawl(site, out, tmp_path, options)
            assert again.returncode == 1, again.stderr[-3000:]
            assert again.stderr.strip().splitlines()[-1].startswith("archiver: disk full")
            assert "Traceback" not in again.stderr
            check_files(warc_dir, records_dir, state)
        give_room(disk)
        rerun = crawl(site, out, tmp_path, options)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert not [p for p in (warc_dir, records_dir) for p in p.glob("*.open")]
        check_files(warc_dir, records_dir, state)
        urls = Counter(json.loads(line)["url"] for path in records_dir.glob("*.jsonl")
                       for line in path.read_text("utf-8").splitlines())
        assert urls == Counter({site.url(f"/news/story-{n}.html"): 1 for n in range(STORIES)})
        checked = subprocess.run([sys.executable, "-m", "archiver.cli", "validate",
                                  str(warc_dir)], cwd=REPO, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout[-2000:]
