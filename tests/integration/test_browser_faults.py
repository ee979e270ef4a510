"""Browser capture when the browser fails: Chromium killed mid-page, a page that never
goes quiet, a page that never loads, the crawl itself killed. The run finishes, the page
is skipped with its reason, every WARC validates, and no Chromium survives.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from archiver.browser.processes import TMP_PREFIX
from archiver.demo.messages import Reply
from archiver.demo.server import DEMO_SITE_DIR, SiteServer
from tests.support.browser_crawls import (
    chromium_processes,
    crawl_tmp,
    finish,
    need_browser,
    records,
    start_crawl,
)
from tests.support.paths import REPO

pytestmark = [pytest.mark.browser, pytest.mark.crawl, pytest.mark.slow]

PNG = (DEMO_SITE_DIR / "images" / "logo.png").read_bytes()
TEXT = " ".join(["The harbour board met on Tuesday and agreed the winter timetable."] * 12)


def article(title: str, extra: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:type' content='article'></head><body><article><h1>{title}</h1>"
            f"<p class='byline'>By Ada Quay</p><p>{TEXT}</p>{extra}</article></body></html>")


class Held:
    """A resource the server holds back: `arrived` once asked for, answered on `release`."""

    def __init__(self, body: bytes = PNG, content_type: str = "image/png") -> None:
        self.arrived, self.release = threading.Event(), threading.Event()
        self.body, self.content_type = body, content_type

    def __call__(self, request) -> Reply:
        self.arrived.set()
        self.release.wait(120)
        return Reply(headers=[("Content-Type", self.content_type)], body=self.body)


@pytest.fixture
def site(tmp_path):
    need_browser()
    root = tmp_path / "site"
    root.mkdir()
    (root / "crash.html").write_text(article("Crash", "<img src='/held.png'>"
                                             "<a href='/after.html'>after</a>"))
    (root / "after.html").write_text(article("After the crash"))
    (root / "never-idle.html").write_text(article(
        "Never idle", "<script>fetch('/held.json')</script>"))
    (root / "never-loads.html").write_text(article("Never loads", "<img src='/held.png'>"))
    with SiteServer(root) as server:
        yield server


def crawl_args(workdir: Path, *args: str) -> list[str]:
    return ["crawl", *args, "--browser", "--out", str(workdir / "out"),
            "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=False"]


def validate(out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "archiver.cli", "validate", str(out / "warc")],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def wait_for(event: threading.Event, process: subprocess.Popen, workdir: Path) -> None:
    deadline = time.monotonic() + 120
    while not event.wait(0.2):
        assert process.poll() is None, (workdir / "stderr.txt").read_text()[-3000:]
        assert time.monotonic() < deadline, "the browser never asked for the held resource"


def test_chromium_killed_mid_page(site, tmp_path):
    held = Held()
    site.add_route("/held.png", held)
    process = start_crawl(crawl_args(tmp_path, site.base_url + "/crash.html", "--depth", "1"),
                          tmp_path)
    try:
        wait_for(held.arrived, process, tmp_path)
        browsers = chromium_processes(tmp_path)
        assert browsers
        for browser in browsers:
            browser.send_signal(signal.SIGKILL)
    finally:
        held.release.set()
    run = finish(process, tmp_path)
    assert run["code"] == 3, run["stderr"][-3000:]  # finished, one page failed
    assert run["report"]["counts"]["errors"] == {"browser_crashed": 1}
    assert f"Failed {site.base_url}/crash.html: browser_crashed" in run["stderr"]
    # The next page got a new browser.
    assert records(run["out"])[site.base_url + "/after.html"]["capture"] == "browser"
    validate(run["out"])
    assert not chromium_processes(tmp_path) and run["tmp_left"] == []


def test_a_hung_chromium_is_killed_and_started_again(site, tmp_path):
    held = Held()
    site.add_route("/held.png", held)
    process = start_crawl(crawl_args(tmp_path, site.base_url + "/crash.html", "--depth", "1",
                                     "-s", "ARCHIVER_BROWSER_PAGE_TIMEOUT=8"), tmp_path)
    try:
        wait_for(held.arrived, process, tmp_path)
        for browser in chromium_processes(tmp_path):
            browser.send_signal(signal.SIGSTOP)  # hung: alive, answering nothing
    finally:
        held.release.set()
    run = finish(process, tmp_path)
    assert run["code"] == 3, run["stderr"][-3000:]
    assert run["report"]["counts"]["errors"] == {"browser_timeout": 1}
    assert "The browser does not answer" in run["stderr"]
    assert records(run["out"])[site.base_url + "/after.html"]["capture"] == "browser"
    validate(run["out"])
    assert not chromium_processes(tmp_path) and run["tmp_left"] == []


def test_a_page_never_quiet_is_captured_a_page_never_loaded_is_skipped(site, tmp_path):
    idle, load = Held(b"{}", "application/json"), Held()
    site.add_route("/held.json", idle)
    site.add_route("/held.png", load)
    try:
        run = finish(start_crawl(crawl_args(
            tmp_path, site.base_url + "/never-idle.html", site.base_url + "/never-loads.html",
            "--depth", "0", "-s", "ARCHIVER_BROWSER_PAGE_TIMEOUT=8",
            "-s", "ARCHIVER_BROWSER_IDLE_TIMEOUT=2"), tmp_path), tmp_path)
    finally:
        idle.release.set()
        load.release.set()
    assert run["code"] == 3, run["stderr"][-3000:]
    assert run["report"]["counts"]["errors"] == {"browser_timeout": 1}
    assert f"Failed {site.base_url}/never-loads.html: browser_timeout" in run["stderr"]
    captured = records(run["out"])
    assert captured[site.base_url + "/never-idle.html"]["capture"] == "browser"
    assert site.base_url + "/never-loads.html" not in captured or (
        "capture" not in captured[site.base_url + "/never-loads.html"])
    validate(run["out"])
    assert not chromium_processes(tmp_path) and run["tmp_left"] == []


def test_no_chromium_survives_a_killed_crawl(site, tmp_path):
    held = Held()
    site.add_route("/held.png", held)
    process = start_crawl(crawl_args(tmp_path, site.base_url + "/never-loads.html"), tmp_path)
    tmp = crawl_tmp(tmp_path)
    try:
        wait_for(held.arrived, process, tmp_path)
        assert chromium_processes(tmp_path)
        process.kill()
        process.wait(30)
        deadline = time.monotonic() + 30
        while chromium_processes(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = chromium_processes(tmp_path)
        for browser in left:  # never leave them to the other tests
            browser.kill()
        assert not left
        # Playwright removes the browser's profile when its driver sees the crawl die; the
        # killed run's own Chromium folder is left (and multiprocessing's pymp-*) ...
        left = sorted(p.name for p in crawl_tmp(tmp_path).iterdir())
        assert [n for n in left if not n.startswith(("pymp-", TMP_PREFIX))] == [], left
        # ... until the next run with the browser removes it.
        held.release.set()
        second = tmp_path / "second"
        second.mkdir()
        run = finish(start_crawl(crawl_args(second, site.base_url + "/after.html",
                                            "--depth", "0"), second, tmp), second)
        assert run["code"] == 0, run["stderr"][-3000:]
        assert [n for n in run["tmp_left"] if not n.startswith("pymp-")] == []
    finally:
        held.release.set()
        shutil.rmtree(crawl_tmp(tmp_path), ignore_errors=True)
