"""SIGTERM and SIGINT against servers that drip a byte a second or never answer.

A raw server (tests.fault_site) serves a feed of articles: some answer at once,
some drip one byte a second for ten minutes, one never answers. The crawl gets
a signal once the quick articles are exported. One signal: the stop waits for
the slow downloads no longer than ARCHIVER_SHUTDOWN_TIMEOUT, then cuts them
short; files are finished, the report says so, the next run (the slow pages
now quick) fetches what was cut and exports every article exactly once. Two
signals in a row: the process ends within seconds, files readable, and the next
run completes the same way.
"""

from __future__ import annotations

import html
import json
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.run.leftovers import whole_members_length
from tests.support.cli import run_cli
from tests.support.fault_site import RawServer, drip, head
from tests.support.incremental_site import Article
from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
BOUND = 5.0  # ARCHIVER_SHUTDOWN_TIMEOUT of the one-signal runs
MARGIN = 20.0  # for closing on a noisy machine; without the bound the stop takes 10 min
AT_ONCE = 15.0  # a second signal, with a bound of 60 s
SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            "-s", "DOWNLOAD_TIMEOUT=900", "-s", "ARCHIVER_EXTRACTION_WORKERS=1"]
QUICK = [f"/news/quick-{n}.html" for n in range(4)]
DRIPPING = [f"/news/slow-{n}.html" for n in range(3)]
SILENT = "/news/silent.html"


def article(path: str, n: int) -> Article:
    moment = T0 + timedelta(hours=n)
    return Article(path=path, title=f"Harbour board story {path}", published=moment,
                   modified=moment)


def page(body: bytes, content_type: str = "text/html; charset=utf-8"):
    def route(sock: socket.socket) -> None:
        sock.sendall(head(len(body), content_type) + body)

    return route


def silent(sock: socket.socket) -> None:
    time.sleep(900)  # headers never come; the client hangs up


def feed(server: RawServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {html.escape(path)}</title><link>{server.url(path)}</link>"
        f"<pubDate>{format_datetime(T0 + timedelta(hours=n))}</pubDate></item>"
        for n, path in enumerate(paths))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>'
            f"<link>{server.url('/')}</link>{items}</channel></rss>").encode()


class SlowSite:
    def __init__(self, server: RawServer) -> None:
        self.server = server
        self.paths = QUICK + DRIPPING + [SILENT]
        self.articles = {path: article(path, n) for n, path in enumerate(self.paths)}
        server.routes["/feed.xml"] = page(feed(server, self.paths), "application/rss+xml")
        for path in QUICK:
            server.routes[path] = page(self.articles[path].html())
        for path in DRIPPING:
            server.routes[path] = drip(600)
        server.routes[SILENT] = silent

    def make_quick(self) -> None:
        for path in DRIPPING + [SILENT]:
            self.server.routes[path] = page(self.articles[path].html())

    def arrived(self, paths: list[str]) -> bool:
        return set(paths) <= set(self.server.requests)


@pytest.fixture
def slow_site():
    with RawServer() as server:
        yield SlowSite(server)


def lines_in(folder: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in folder.glob("*.jsonl.open"))


def start(site: SlowSite, out: Path, log: Path, bound: float, *extra: str) -> subprocess.Popen:
    with open(log, "wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "crawl", site.server.url("/feed.xml"),
             "--out", str(out), "--log-level", "INFO", *SETTINGS,
             "-s", f"ARCHIVER_SHUTDOWN_TIMEOUT={bound}", *extra],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)


def wait_until_stuck(site: SlowSite, out: Path, child: subprocess.Popen) -> None:
    """The quick articles exported, the slow and the silent ones in flight."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and child.poll() is None:
        if lines_in(out / "records") >= len(QUICK) and site.arrived(DRIPPING + [SILENT]):
            time.sleep(0.5)  # the slow downloads are past their headers
            return
        time.sleep(0.05)
    code = child.poll()
    child.kill()  # a failed test leaves no crawl running either
    child.wait()
    raise AssertionError(f"the crawl did not get stuck on the slow pages (rc {code})")


def stop(child: subprocess.Popen, signum: int, times: int, limit: float) -> float:
    """Send the signal `times` times; return the seconds until the process ended."""
    sent = time.monotonic()
    try:
        for _ in range(times):
            child.send_signal(signum)
            time.sleep(0.2)
        child.wait(timeout=limit)
        took = time.monotonic() - sent
        print(f"ended {took:.2f} s after the first signal")
        return took
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def records_in(out: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


def validate(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archiver.cli", "validate", str(out / "warc")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def check_files(out: Path, tmp: Path) -> None:
    """Closed WARCs validate, `.open` ones read up to their last whole record, lines parse."""
    if list(out.glob("warc/*.warc.gz")):
        checked = validate(out)
        assert checked.returncode == 0, checked.stdout[-2000:]
    for path in out.glob("warc/*.warc.gz.open"):
        copy = tmp / "cut.warc.gz"
        copy.write_bytes(path.read_bytes())
        with open(copy, "r+b") as stream:
            stream.truncate(whole_members_length(stream))
        with open(copy, "rb") as stream:
            assert [r.rec_type for r in ArchiveIterator(stream)][:1] in ([], ["warcinfo"])
    for path in out.glob("records/*.jsonl*"):
        lines = path.read_bytes().split(b"\n")
        for line in lines[:-1]:
            json.loads(line)
        assert path.suffix == ".open" or lines[-1] == b""


def truncated_captures(out: Path) -> dict[str, str]:
    found = {}
    for path in out.glob("warc/*.warc.gz"):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                reason = record.rec_headers.get_header("WARC-Truncated")
                if record.rec_type == "response" and reason:
                    found[record.rec_headers.get_header("WARC-Target-URI")] = reason
    return found


def rerun_completes(site: SlowSite, out: Path, tmp: Path) -> dict:
    site.make_quick()
    rerun = run_cli(["crawl", site.server.url("/feed.xml"), "--out", str(out), *SETTINGS], tmp)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert not list(out.rglob("*.open"))
    urls = sorted(record["url"] for record in records_in(out))
    assert urls == sorted(site.server.url(path) for path in site.paths)  # each exactly once
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout[-2000:]
    return json.loads((out / "report.json").read_text())


def test_sigterm_stops_within_the_bound_however_slow_the_servers(slow_site, tmp_path):
    out, log = tmp_path / "out", tmp_path / "crawl.log"
    child = start(slow_site, out, log, BOUND)
    wait_until_stuck(slow_site, out, child)
    took = stop(child, signal.SIGTERM, 1, limit=BOUND + MARGIN)
    stderr = log.read_text()
    assert child.returncode == 1, stderr[-3000:]
    assert BOUND - 0.5 <= took <= BOUND + MARGIN, stderr[-3000:]  # waited, but not longer
    assert "Traceback" not in stderr
    assert not list(out.rglob("*.open"))
    report = json.loads((out / "report.json").read_text())
    assert report["finish_reason"] == "shutdown" and report["outcome"] == "failed"
    assert report["stop"] == {"signal": "SIGTERM", "cut_short": "timeout",
                              "not_fetched": len(DRIPPING) + 1}
    assert report["state"]["pending"] == len(DRIPPING) + 1
    assert report["counts"]["errors"] == {}  # cut short by the stop: not the servers' fault
    assert sorted(r["url"] for r in records_in(out)) == sorted(
        slow_site.server.url(path) for path in QUICK)
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout[-2000:]
    # What the dripping servers had sent is archived, marked as cut short.
    assert truncated_captures(out) == {slow_site.server.url(p): "time" for p in DRIPPING}
    report = rerun_completes(slow_site, out, tmp_path)
    assert report["counts"]["resumed"] == len(DRIPPING) + 1


@pytest.mark.parametrize(("signum", "close_timeout"), [
    (signal.SIGTERM, 10), (signal.SIGINT, 10),
    (signal.SIGTERM, 0),  # no time to close: files are left as a kill leaves them
], ids=["SIGTERM", "SIGINT", "SIGTERM-no-time-to-close"])
def test_a_second_signal_stops_at_once_and_the_next_run_completes(slow_site, tmp_path, signum,
                                                                  close_timeout):
    out, log = tmp_path / "out", tmp_path / "crawl.log"
    child = start(slow_site, out, log, 60, "-s", f"ARCHIVER_SHUTDOWN_CLOSE_TIMEOUT={close_timeout}")
    wait_until_stuck(slow_site, out, child)
    took = stop(child, signum, 2, limit=AT_ONCE)
    stderr = log.read_text()
    assert child.returncode == 1, stderr[-3000:]
    assert took < AT_ONCE, stderr[-3000:]  # not waiting for the bound, let alone the servers
    assert "Traceback" not in stderr
    check_files(out, tmp_path)
    if close_timeout:  # downloads cut at once, then the usual close
        assert not list(out.rglob("*.open"))
        report = json.loads((out / "report.json").read_text())
        assert report["stop"]["cut_short"] == "second_signal"
    else:
        assert list(out.glob("warc/*.warc.gz.open")) and list(out.glob("records/*.jsonl.open"))
        assert not (out / "report.json").exists()
    report = rerun_completes(slow_site, out, tmp_path)
    assert report["counts"]["new_articles"] == len(DRIPPING) + 1
    assert bool(report["recovered"]["warc_files"]) == (not close_timeout)
