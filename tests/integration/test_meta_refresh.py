"""A crawl follows the meta refresh of a page longer than the prefix searched for one."""

from __future__ import annotations

import pytest

from archiver.demo.server import Reply
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

REFRESH = '<meta http-equiv="refresh" content="0; url=/refreshed.html">'


def test_a_crawl_follows_the_refresh_of_a_long_page(site, tmp_path) -> None:
    padding = "<p>" + "The ferry timetable changes on Monday. " * 800 + "</p>"
    html = [("Content-Type", "text/html; charset=utf-8")]
    site.add_route("/long.html", lambda r: Reply(headers=html, body=(
        f"<html><head>{REFRESH}</head><body>{padding}</body></html>").encode()))
    site.add_route("/refreshed.html", lambda r: Reply(headers=html, body=(
        f"<html><body><article><h1>Moved</h1>{padding}</article></body></html>").encode()))
    run = run_cli(["crawl", site.url("/long.html"), "--out", str(tmp_path / "out"),
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"], tmp_path)
    assert run.returncode in (0, 3), run.stderr[-3000:]
    assert [e.path for e in site.exchanges if e.path.endswith(".html")] == [
        "/long.html", "/refreshed.html"]
