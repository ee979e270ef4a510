"""A server that sends response header lines for ever: the crawl's memory stays bounded.

The endless head is cut at ARCHIVER_MAX_RESPONSE_HEADER_SIZE /
ARCHIVER_MAX_RESPONSE_HEADERS, what came is archived as a truncated response,
the fetch fails with a named reason, and the crawl goes on with the other seed.
The crawl runs in a child process whose resident size is sampled from outside.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
from warcio.archiveiterator import ArchiveIterator

from tests.support.fault_site import RawServer, Route, head
from tests.support.paths import REPO

PEAK_LIMIT = 250 * 1024**2
GIVE_UP = 900 * 1024**2  # the test kills a crawl that grows past this (the shared machine)
SENDING_FOR = 40.0  # seconds the server sends header lines at most
FINE = (b"<!DOCTYPE html><html><head><title>Fine</title></head><body><p>A page "
        b"served as it should be.</p></body></html>")
SETTINGS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0",
            "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=30",
            "-s", "ARCHIVER_EXTRACTION_WORKERS=1", "--depth", "0"]


def endless_headers(width: int) -> Route:
    """Header lines of `width` bytes for up to SENDING_FOR seconds, or until the client
    hangs up: narrow ones reach the line limit first, wide ones the size limit."""

    def route(sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        block = b"".join(b"X-Filler-%d: %s\r\n" % (n, b"y" * width) for n in range(100))
        deadline = time.monotonic() + SENDING_FOR
        while time.monotonic() < deadline:
            sock.sendall(block)

    return route


def fine_page(sock: socket.socket) -> None:
    sock.sendall(head(len(FINE)) + FINE)


def crawl_watching_memory(seeds: list[str], out: Path) -> tuple[int, int, str]:
    """Run the crawl; its exit code, its peak resident size and its stderr."""
    log = out.parent / "crawl.log"
    with open(log, "wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "crawl", *seeds, "--out", str(out),
             *SETTINGS], cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)
    process, peak = psutil.Process(child.pid), 0
    deadline = time.monotonic() + 180
    try:
        while child.poll() is None and time.monotonic() < deadline:
            try:
                peak = max(peak, process.memory_info().rss)
            except psutil.NoSuchProcess:
                break
            if peak > GIVE_UP:
                break
            time.sleep(0.02)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
    return child.returncode, peak, log.read_text(errors="replace")


def test_endless_response_headers_are_cut_archived_and_the_crawl_goes_on(tmp_path):
    out = tmp_path / "out"
    with RawServer() as server:
        server.routes["/endless"] = endless_headers(100)
        server.routes["/wide"] = endless_headers(8000)
        server.routes["/fine.html"] = fine_page
        code, peak, stderr = crawl_watching_memory(
            [server.url("/endless"), server.url("/wide"), server.url("/fine.html")], out)
    print(f"peak RSS of the crawl process: {peak / 1024**2:.0f} MB")
    assert peak < PEAK_LIMIT, f"peak RSS {peak / 1024**2:.0f} MB"
    assert code == 3, stderr[-3000:]  # partial: one fetch failed
    responses = {}
    for warc in out.glob("warc/*.warc.gz"):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    responses[record.rec_headers.get_header("WARC-Target-URI")] = (
                        record.rec_headers.get_header("WARC-Truncated"),
                        record.http_headers.get_header("X-Filler-0"))
    assert responses[server.url("/fine.html")] == (None, None)
    assert responses[server.url("/endless")] == ("length", "y" * 100)
    assert responses[server.url("/wide")] == ("length", "y" * 8000)
    counts = json.loads((out / "report.json").read_text())["counts"]
    assert counts["errors"] == {"ResponseHeadersTooLarge": 2}, counts
    assert "/endless: ResponseHeadersTooLarge" in stderr
    assert "/wide: ResponseHeadersTooLarge" in stderr
