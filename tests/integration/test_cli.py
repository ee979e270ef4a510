"""The command line: usage errors are one line, crawl options do what they say."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.cli import run_cli
from tests.support.paths import REPO

pytestmark = pytest.mark.crawl


@pytest.mark.parametrize(("args", "message"), [
    (["crawl"], "no seeds"),
    (["crawl", "ftp://example.test/"], "not an http(s) URL"),
    (["crawl", "--seeds-file", "/nonexistent/seeds.txt"], "cannot read seeds file"),
    (["extract", "/nonexistent.warc.gz"], "no such WARC file"),
])
def test_usage_errors_are_one_line_with_exit_code_2(tmp_path, args, message):
    run = run_cli(args, tmp_path)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_help_shows_examples(tmp_path):
    run = run_cli(["crawl", "--help"], tmp_path)
    assert run.returncode == 0 and "examples:" in run.stdout


def response_uris(out) -> list[str]:
    uris = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            uris += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                     if r.rec_type == "response"]
    return uris


@pytest.mark.slow
def test_depth_zero_fetches_only_the_seed_and_names_the_contact(site, tmp_path):
    run = run_cli(["crawl", f"{site.base_url}/", "--depth", "0", "--out", str(tmp_path),
                   "--contact", "mailto:archive@example.org"], tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(e.path for e in site.exchanges) == ["/", "/robots.txt"]
    for exchange in site.exchanges:
        agent = dict(exchange.request_headers)["User-Agent"]
        assert agent.startswith("archiver/") and "mailto:archive@example.org" in agent


@pytest.mark.slow
def test_max_pages_bounds_the_crawl(site, tmp_path):
    run = run_cli(["crawl", f"{site.base_url}/", "--max-pages", "3", "--out", str(tmp_path)],
                  tmp_path)
    assert run.returncode == 0, run.stderr
    # Page requisites (stylesheet, font, images) are fetched outside the page budget.
    requisite = (".css", ".woff2", ".png", ".js", ".gif")
    pages = {e.path for e in site.exchanges if e.path != "/robots.txt" and e.status < 300
             and not e.path.endswith(requisite)}
    assert 1 <= len(pages) <= 3


@pytest.mark.slow
def test_feed_seed_fetches_its_entries_without_following_links(site, tmp_path):
    run = run_cli(["crawl", f"{site.base_url}/feed.xml", "--out", str(tmp_path)], tmp_path)
    assert run.returncode == 0, run.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    fetched = {e.path for e in site.exchanges}
    assert "/" not in fetched  # the home page is only linked from the articles
    assert report["counts"]["articles_written"] >= 5


@pytest.mark.slow
def test_sitemap_index_seed_reaches_the_articles(site, tmp_path):
    run = run_cli(["crawl", f"{site.base_url}/sitemap-index.xml", "--out", str(tmp_path)],
                  tmp_path)
    assert run.returncode == 0, run.stderr
    assert "/sitemap.xml" in {e.path for e in site.exchanges}
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["counts"]["articles_written"] >= 5


@pytest.mark.slow
def test_scrapy_crawl_runs_the_same_spider_and_cache_hits_are_not_archived(site, tmp_path):
    def scrapy_crawl(out):
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a",
                   f"seeds={site.base_url}/", "-s", f"ARCHIVER_OUTPUT_DIR={out}",
                   "-s", "HTTPCACHE_ENABLED=1", "-s", f"HTTPCACHE_DIR={tmp_path / 'cache'}",
                   "-s", "LOG_LEVEL=WARNING"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]

    scrapy_crawl(tmp_path / "first")
    first = response_uris(tmp_path / "first")
    assert len(first) >= 10
    assert list((tmp_path / "first" / "records").glob("*.jsonl"))
    fetched_before = len(site.exchanges)
    scrapy_crawl(tmp_path / "second")
    # Everything came from the cache: nothing fetched, nothing archived again.
    assert len(site.exchanges) == fetched_before
    assert response_uris(tmp_path / "second") == []


@pytest.mark.slow
def test_cookie_handling_never_downloads_the_public_suffix_list(site, tmp_path):
    # By host name, not IP: tldextract answers IP addresses without its suffix list,
    # so only a named host makes Scrapy's cookie middleware look the list up.
    seed = f"http://localhost:{site.port}/"
    run = run_cli(["crawl", seed, "--depth", "0", "--out", str(tmp_path)], tmp_path)
    assert run.returncode == 0, run.stderr
    assert any(name == "Set-Cookie" for e in site.exchanges for name, _ in e.response_headers)
    assert run.network, "the audit hook saw no connection at all"
    for event in run.network:
        assert ("'localhost'" in event[1] or "127.0.0.1" in event[1]) and str(site.port) in str(
            event), event
