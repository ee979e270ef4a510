"""Cron safety: the lock, exit codes, and a run killed mid-way then resumed by the next one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archiver.demo.server import SiteServer
from archiver.run.lock import output_lock
from tests.support.cli import run_cli
from tests.support.incremental_site import Article, ChangingSite
from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]


def article(n: int) -> Article:
    moment = T0 + timedelta(hours=n)
    return Article(path=f"/news/story-{n}.html", title=f"Harbour board story {n}",
                   published=moment, modified=moment)


@pytest.fixture
def site():
    with SiteServer() as server:
        yield ChangingSite(server, honours_validators=True)


def records_in(out: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


def crawl(site: ChangingSite, out: Path, *extra: str):
    return run_cli(["crawl", site.url("/feed.xml"), "--out", str(out), *FAST, *extra], out.parent)


def test_a_second_run_on_a_locked_folder_exits_at_once(site, tmp_path):
    site.publish(article(1), feed=True)
    out = tmp_path / "out"
    with output_lock(out / ".archiver.run.lock"):
        run = crawl(site, out)
    assert run.returncode == 4
    assert f"pid {os.getpid()}" in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert site.server.exchanges == []  # it fetched nothing


def test_a_stale_lock_is_taken_over(site, tmp_path):
    site.publish(article(1), feed=True)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".archiver.run.lock").write_text(json.dumps(
        {"pid": 999_999_999, "host": "old-host", "started_at": "2026-01-01T00:00:00Z"}))
    run = crawl(site, out)
    assert run.returncode == 0, run.stderr
    assert "Took over the lock of pid 999999999 on old-host" in run.stderr
    assert len(records_in(out)) == 1


def test_failed_pages_give_exit_code_3_and_are_retried_by_the_next_run(site, tmp_path):
    out = tmp_path / "out"
    site.publish(article(1), feed=True)
    site.publish(article(2), feed=True)
    site.failing.add("/news/story-2.html")
    first = crawl(site, out)
    assert first.returncode == 3, first.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["outcome"] == "partial" and report["counts"]["errors"] == {"http_503": 1}
    assert report["state"]["pending"] == 1
    # The story drops off the feed, but the state's queue still holds it.
    site.failing.clear()
    site.remove("/news/story-2.html")
    site.publish(article(2))
    second = crawl(site, out)
    assert second.returncode == 0, second.stderr
    assert [r["url"] for r in records_in(out)] == [site.url("/news/story-1.html"),
                                                   site.url("/news/story-2.html")]
    assert json.loads((out / "report.json").read_text())["counts"]["resumed"] == 1


def test_a_run_that_reaches_nothing_fails(tmp_path):
    with SiteServer() as server:
        url = server.url("/feed.xml")
    run = run_cli(["crawl", url, "--out", str(tmp_path / "out"), *FAST, "-s", "RETRY_TIMES=0"],
                  tmp_path)
    assert run.returncode == 1
    assert json.loads((tmp_path / "out" / "report.json").read_text())["outcome"] == "failed"


def wait_for_lines(folder: Path, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = sum(p.read_bytes().count(b"\n") for p in folder.glob("*.jsonl.open"))
        if lines >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} records written in {timeout}s")


def start_crawl(site: ChangingSite, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "crawl", site.url("/feed.xml"), "--out", str(out),
         *FAST, *extra], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_run_killed_mid_way_is_resumed_and_exports_each_article_once(site, tmp_path):
    out = tmp_path / "out"
    stories = [article(n) for n in range(1, 9)]
    for story in stories:
        site.publish(story, feed=True)
    blocked = site.blocked.setdefault(stories[0].path, threading.Event())
    child = start_crawl(site, out)
    try:
        wait_for_lines(out / "records", 3)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        blocked.set()
    [leftover] = (out / "records").glob("*.jsonl.open")
    assert leftover.read_bytes().count(b"\n") >= 3
    # The blocked story drops off the feed before the next run: only the queue remembers it.
    site.remove(stories[0].path)
    site.publish(stories[0])
    site.server.clear_exchanges()
    rerun = crawl(site, out)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    urls = [record["url"] for record in records_in(out)]
    assert sorted(urls) == sorted(site.url(story.path) for story in stories)
    assert not list(out.rglob("*.open"))
    report = json.loads((out / "report.json").read_text())
    recovered = report["recovered"]
    assert recovered["records"] >= 3 and recovered["records_files"] and recovered["warc_files"]
    assert report["counts"]["new_articles"] == len(stories) - recovered["records"]
    # Nothing the killed run exported was fetched again.
    refetched = {e.path for e in site.server.exchanges}
    assert not refetched & {"/" + url.split("/", 3)[3] for url in urls[:recovered["records"]]}
    for record in records_in(out):  # every pointer leads into a finished WARC file
        assert (out / "warc" / record["archive"]["warc_file"]).is_file()


def test_a_run_stopped_by_sigterm_finishes_its_files_and_the_next_run_resumes(site, tmp_path):
    out = tmp_path / "out"
    stories = [article(n) for n in range(1, 9)]
    for story in stories:
        site.publish(story, feed=True)
    child = start_crawl(site, out, "-s", "DOWNLOAD_DELAY=1", "-s",
                        "CONCURRENT_REQUESTS=1", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0")
    wait_for_lines(out / "records", 2)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 1  # interrupted: the run failed, the next one resumes
    assert not list(out.rglob("*.open"))
    report = json.loads((out / "report.json").read_text())
    assert report["finish_reason"] == "shutdown" and report["state"]["pending"] > 0
    first = records_in(out)
    assert 2 <= len(first) < len(stories)
    rerun = crawl(site, out)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    urls = sorted(record["url"] for record in records_in(out))
    assert urls == sorted(site.url(story.path) for story in stories)
