"""Without --browser nothing changes and no browser is loaded; with it and no Chromium,
one clear line. The sources file's `browser` key."""

from __future__ import annotations

import pytest

from archiver.browser.detect import script_built
from archiver.demo.server import DEMO_SITE_DIR, SiteServer
from archiver.frontier.sources_file import ConfigError, load_sources
from tests.support.browser_crawls import chromium_processes, crawl, need_browser, records
from tests.support.cli import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.crawl, pytest.mark.slow]


@pytest.fixture(scope="module")
def site():
    with SiteServer() as server:
        yield server


def test_a_run_without_the_flag_loads_no_browser(site, tmp_path):
    run = crawl([f"{site.base_url}/app/", "--depth", "1"], tmp_path)
    assert run["code"] == 0, run["stderr"][-3000:]
    assert run["modules"] == []  # neither playwright nor scrapy_playwright imported
    assert not chromium_processes(tmp_path) and run["tmp_left"] == []
    found = records(run["out"])
    assert site.base_url + "/app/ferry-strike-called-off.html" not in found  # the bare shell
    assert all("capture" not in record for record in found.values())
    assert not [x for x in site.exchanges if x.path.startswith("/api/")]


def test_browser_mode_without_chromium_is_one_line(site, tmp_path):
    need_browser()  # scrapy-playwright present: the missing piece is the browser
    run = run_cli(["crawl", f"{site.base_url}/app/", "--browser", "--out", str(tmp_path / "o"),
                   "-s", "ARCHIVER_BROWSER_EXECUTABLE=/nonexistent/chromium"], tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "archiver: error: ARCHIVER_BROWSER_EXECUTABLE: no browser at '/nonexistent/chromium'"]


def test_a_bad_browser_mode_is_one_line(site, tmp_path):
    run = run_cli(["crawl", f"{site.base_url}/app/", "--out", str(tmp_path / "o"),
                   "-s", "ARCHIVER_BROWSER=yes"], tmp_path)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        "archiver: error: ARCHIVER_BROWSER must be true, auto or empty, got 'yes'"]
    assert not (tmp_path / "o").exists()


def test_the_sources_file_browser_key(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.a]\nseeds = ["https://a.example/"]\nbrowser = "auto"\n'
                    '[sources.b]\nseeds = ["https://b.example/"]\nbrowser = true\n'
                    '[sources.c]\nseeds = ["https://c.example/"]\n')
    assert [s.browser for s in load_sources(path)] == ["auto", "true", None]
    path.write_text('[sources.a]\nseeds = ["https://a.example/"]\nbrowser = "always"\n')
    with pytest.raises(ConfigError, match=r"sources.toml:3: .*browser.*true, false or \"auto\""):
        load_sources(path)


@pytest.mark.parametrize(("page", "signal"), [
    ("app/ferry-strike-called-off.html", "empty_app_root"),
    ("app/harbour-in-pictures.html", None),
    ("world/varden-glaciers-lost-a-tenth-of-their-ice.html", None),
    ("about.html", None),
])
def test_script_built_pages_are_told_from_the_html(page, signal):
    assert script_built((DEMO_SITE_DIR / page).read_bytes()) == signal


@pytest.mark.parametrize(("html", "signal"), [
    (b'<html><body><script id="__NEXT_DATA__" type="application/json">{}</script>'
     b"<main><p>Short.</p></main></body></html>", "data_island"),
    (b"<html><body><p>Loading</p><script>fetch('/api/story.json')</script></body></html>",
     "script_fetch"),
    (b'<html><head><meta property="og:type" content="article"></head><body><article>'
     b"<h1>Title</h1></article></body></html>", "article_without_text"),
    (b"<html><body><p>" + b"Plenty of text here. " * 40 + b"</p><script>fetch('/x')</script>"
     b"</body></html>", None),
])
def test_script_built_signals(html, signal):
    assert script_built(html) == signal
