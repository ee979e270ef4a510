"""Text from pages reaches no terminal as control characters.

A real crawl of a page whose title and byline carry `&#27;]0;...&#7;` (ESC ]
0 ; ... BEL: a terminal sets its window title) and `&#27;[2J` (clear screen),
and of a link answered with such a Content-Type header (the reason logged for
a page that is no HTML names it). Then the summary on stdout, the log on
stderr at DEBUG, the CSV export on stdout and report.html hold no C0 control
but tab and newline, no DEL and no C1 control; the JSON record keeps the
title, its controls escaped by JSON.
"""

from __future__ import annotations

import io
import json
import logging

import pytest

from archiver.demo.server import Reply
from archiver.run.printable import install_log_filter
from tests.support.cli import run_cli

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=10", "-s", "ARCHIVER_PROGRESS_INTERVAL=0.2"]
BODY = "<p>" + "The harbour board met again to talk about ferries and fees. " * 12 + "</p>"
TITLE = "&#27;]0;pwned&#7;Ferry fees rise&#27;[2J"
ODD_TYPE = "application/x-\x1b]0;pwned\x07-\x1b[31m"


def controls(text: str, allowed: str = "\t\n") -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in allowed) or 0x7F <= ord(c) <= 0x9F]


@pytest.fixture(scope="module")
def hostile_crawl(module_site, tmp_path_factory):
    site, tmp_path = module_site, tmp_path_factory.mktemp("terminal")
    site.add_route("/story.html", lambda r: Reply(
        headers=[("Content-Type", "text/html; charset=utf-8")], body=(
            f"<!DOCTYPE html><html><head><title>{TITLE}</title>"
            '<meta property="og:type" content="article"></head><body><article>'
            f'<h1>{TITLE}</h1><p class="byline">By Ann &#27;[2JWriter</p>{BODY}'
            '<a href="/odd">odd</a></article></body></html>').encode()))
    site.add_route("/odd", lambda r: Reply(headers=[("Content-Type", ODD_TYPE)], body=b"x" * 50))
    out = tmp_path / "out"
    crawl = run_cli(["crawl", site.url("/story.html"), "--out", str(out), "--log-level", "DEBUG",
                     *FAST], tmp_path)
    export = run_cli(["export", str(out), "--format", "csv"], tmp_path)
    return crawl, export, out


def test_the_crawl_took_the_hostile_title(hostile_crawl):
    crawl, _export, out = hostile_crawl
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    [records] = (out / "records").glob("*.jsonl")
    [record] = [json.loads(line) for line in records.read_text().splitlines()]
    assert record["title"].startswith("\x1b]0;pwned\x07Ferry fees rise")
    assert "\\u001b]0;pwned\\u0007" in records.read_text()  # escaped by JSON in the file
    assert "not_html" in (out / "report.json").read_text()


def test_no_control_character_reaches_stdout_or_stderr(hostile_crawl):
    crawl, export, _out = hostile_crawl
    assert "Ferry fees rise" in export.stdout and "content type application/x-" in crawl.stderr
    assert export.returncode == 0, export.stderr
    for name, text in (("crawl stdout", crawl.stdout), ("crawl stderr", crawl.stderr),
                       ("export stderr", export.stderr)):
        assert not controls(text), (name, controls(text))
    assert not controls(export.stdout.replace("\r\n", "\n")), controls(export.stdout)


def test_report_html_shows_no_control_character(hostile_crawl):
    _crawl, _export, out = hostile_crawl
    page = (out / "report.html").read_text("utf-8")
    assert "Ferry fees rise" in page
    assert not controls(page), controls(page)


def test_the_log_filter_drops_controls_and_hides_url_passwords():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.terminal")
    logger.addHandler(handler)
    try:
        install_log_filter(logger)
        install_log_filter(logger)  # once only
        logger.warning("Seen %s: %s", "http://ed:s3cr3t@pa55@news.test/", "\x1b]0;x\x07title")
    finally:
        logger.removeHandler(handler)
    assert len(handler.filters) == 1
    assert stream.getvalue() == "Seen http://ed:***@news.test/: ]0;xtitle\n"
