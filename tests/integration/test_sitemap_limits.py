"""Sitemap discovery is bounded: nesting depth and sitemap fetches per source.

A sitemap index whose child is a new index, and so on, was followed as deep
as the server went (400 levels, 802 fetches, in the report of issue 19); an
index may also list any number of children. Listings found in listings
(robots.txt `Sitemap:` lines, sitemap index children) carry their nesting;
beyond ARCHIVER_SITEMAP_MAX_DEPTH, or once ARCHIVER_SITEMAP_MAX_FETCHES of them
were admitted for the source this run, they are skipped with a named reason
(`sitemap_too_deep`, `sitemap_limit`), counted and logged. Their entries may
sit one level further; a page entry that is a listing after all (a urlset
listing urlsets) counts at its level. Seeds are never refused so.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from archiver import settings as defaults
from archiver.demo.server import Reply
from archiver.frontier.admission import Candidate, Frontier, SitemapLimits
from archiver.frontier.sources import Source
from archiver.state.sqlite import CrawlState
from tests.support.cli import run_cli

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=10", "--log-level", "INFO"]
XML = [("Content-Type", "application/xml")]
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
LEVELS = 60


def index(*children: str) -> Reply:
    listed = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    return Reply(headers=XML, body=f'<?xml version="1.0"?><sitemapindex {NS}>{listed}'
                 "</sitemapindex>".encode())


def urlset(*urls: str) -> Reply:
    listed = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return Reply(headers=XML, body=f'<?xml version="1.0"?><urlset {NS}>{listed}</urlset>'.encode())


def crawl(site, tmp_path, seed: str, *extra: str):
    out = tmp_path / "out"
    run = run_cli(["crawl", seed, "--out", str(out), *FAST, *extra], tmp_path)
    return run, json.loads((out / "report.json").read_text())


def test_nested_indexes_are_followed_to_the_depth_limit(site, tmp_path):
    for level in range(LEVELS):  # /nest/0.xml lists /nest/1.xml, which lists /nest/2.xml ...
        child = site.url(f"/nest/{level + 1}.xml")
        site.add_route(f"/nest/{level}.xml", lambda r, child=child: index(child))
    site.add_route(f"/nest/{LEVELS}.xml", lambda r: urlset(site.url("/nest/page.html")))
    run, report = crawl(site, tmp_path, site.url("/nest/0.xml"))
    fetched = [e.path for e in site.exchanges if e.path.startswith("/nest/")]
    depth = defaults.ARCHIVER_SITEMAP_MAX_DEPTH
    assert fetched == [f"/nest/{level}.xml" for level in range(depth + 1)], fetched
    assert report["counts"]["skipped"]["sitemap_too_deep"] == 1, report["counts"]
    assert (f"Not fetched: {site.url(f'/nest/{depth + 1}.xml')} (sitemap_too_deep: "
            f"{depth + 1} listings deep; ARCHIVER_SITEMAP_MAX_DEPTH is {depth})") in run.stderr


def test_urlsets_listing_urlsets_as_pages_end_one_level_further(site, tmp_path):
    for level in range(LEVELS):  # /chain/0.xml lists /chain/1.xml as a page, and so on
        child = site.url(f"/chain/{level + 1}.xml")
        site.add_route(f"/chain/{level}.xml", lambda r, child=child: urlset(child))
    run, report = crawl(site, tmp_path, site.url("/chain/0.xml"))
    fetched = [e.path for e in site.exchanges if e.path.startswith("/chain/")]
    depth = defaults.ARCHIVER_SITEMAP_MAX_DEPTH
    assert fetched == [f"/chain/{level}.xml" for level in range(depth + 2)], fetched
    assert report["counts"]["skipped"]["sitemap_too_deep"] == 1, report["counts"]


def test_sitemap_fetches_per_source_are_limited(site, tmp_path):
    children = [site.url(f"/wide/{n}.xml") for n in range(40)]
    site.add_route("/robots.txt", lambda r: Reply(
        headers=[("Content-Type", "text/plain")],
        body=f"User-agent: *\nAllow: /\nSitemap: {site.url('/wide.xml')}\n".encode()))
    site.add_route("/wide.xml", lambda r: index(*children))
    for n in range(40):
        site.add_route(f"/wide/{n}.xml", lambda r, n=n: urlset(site.url(f"/wide/{n}.html")))
    run, report = crawl(site, tmp_path, site.url("/robots.txt"),
                        "-s", "ARCHIVER_SITEMAP_MAX_FETCHES=10")
    fetched = [e.path for e in site.exchanges if e.path.startswith("/wide")]
    # robots.txt's sitemap is the first of the ten, then the first nine of its children
    assert sorted(p for p in fetched if p.endswith(".xml")) == sorted(["/wide.xml"] + [
        f"/wide/{n}.xml" for n in range(9)]), fetched
    assert report["counts"]["skipped"]["sitemap_limit"] == 31, report["counts"]
    assert "(sitemap_limit: 10 listings fetched for this source; " \
           "ARCHIVER_SITEMAP_MAX_FETCHES is 10)" in run.stderr


def candidate(url: str, source: Source, nesting: int = 0, listing: bool = True,
              **fields) -> Candidate:
    return Candidate(url=url, source=source, hops_left=0, discovery={"method": "sitemap"},
                     filtered=not listing, nesting=nesting, listing=listing, **fields)


def test_the_frontier_refuses_listings_too_deep_or_too_many_per_source():
    frontier = Frontier(CrawlState.open(":memory:"), since=None, refresh_after=-1,
                        default_max_pages=0, now=datetime.now(timezone.utc),
                        sitemap_limits=SitemapLimits(max_depth=2, max_fetches=3))
    a, b = (Source.from_seeds([f"http://{name}.test/"], name) for name in ("a", "b"))
    decisions = [frontier.admit(c) for c in [
        candidate("http://a.test/s1.xml", a, 1), candidate("http://a.test/s2.xml", a, 2),
        candidate("http://a.test/s3.xml", a, 3), candidate("http://a.test/s4.xml", a, 1),
        candidate("http://a.test/s5.xml", a, 1), candidate("http://b.test/s1.xml", b, 2),
        candidate("http://a.test/seed.xml", a, 0, always=True),
        candidate("http://a.test/page.html", a, 0, listing=False),
        candidate("http://a.test/entry.html", a, 3, listing=False),  # of a listing at 2
        candidate("http://a.test/deeper.html", a, 4, listing=False)]]
    assert [(d.admitted, d.skip) for d in decisions] == [
        (True, None), (True, None), (False, "sitemap_too_deep"), (True, None),
        (False, "sitemap_limit"), (True, None), (True, None), (True, None), (True, None),
        (False, "sitemap_too_deep")]
