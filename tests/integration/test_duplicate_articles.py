"""One record per article per run: tracking-parameter variants and shared canonical URLs.

The site is written here: a home page linking one article as `page.html`,
`page.html?ref=home` and `page.html?utm_source=newsletter&utm_medium=email`, and the
same article's AMP copy (`amp.html`, canonical `page.html`); and a gallery whose
`?gallery=2` is a page of its own.
"""

from __future__ import annotations

import json

import pytest

from archiver.demo.server import SiteServer
from archiver.frontier.keys import url_key, without_tracking
from archiver.records.duplicates import RunArticles, article_keys
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


HOME = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>The Estuary Gazette</title></head><body><h1>The Estuary Gazette</h1><ul>
<li><a href="/page.html">Ferry strike ends after three weeks</a></li>
<li><a href="/page.html?ref=home">Top story: ferry strike ends</a></li>
<li><a href="/page.html?utm_source=newsletter&amp;utm_medium=email">From the newsletter</a></li>
<li><a href="/amp.html">Ferry strike ends (AMP)</a></li>
</ul></body></html>"""

ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry strike ends after three weeks | The Estuary Gazette</title>
<link rel="canonical" href="{{BASE_URL}}/page.html">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-03-04T08:15:00Z">
<script type="application/ld+json">{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "Ferry strike ends after three weeks",
 "datePublished": "2026-03-04T08:15:00Z",
 "author": {"@type": "Person", "name": "Hanna Berg"}}</script>
</head><body><article><h1>Ferry strike ends after three weeks</h1>
<p class="byline">By Hanna Berg, 4 March 2026</p>
<p>Ferries between the island towns ran again on Tuesday morning after crews voted to
accept a pay offer that ends a three-week strike, the longest on the estuary since 1987.</p>
<p>The agreement gives deckhands and engineers a rise of 6.5 per cent this year and a
further 3 per cent next spring, and it limits shifts to twelve hours. Commuters who had
driven the long way round the bay said the first crossing was full by half past six.</p>
<p>The operator said timetables would be back to normal by the weekend once two vessels
that had stayed in dock for maintenance were checked. Freight crossings resume first.</p>
</article></body></html>"""


def write_site(root) -> None:
    root.mkdir()
    (root / "index.html").write_text(HOME)
    (root / "page.html").write_text(ARTICLE)
    (root / "amp.html").write_text(ARTICLE)  # the AMP copy: canonical page.html


def test_tracking_variants_and_canonical_copies_give_one_record(tmp_path):
    write_site(tmp_path / "site")
    out = tmp_path / "out"
    with SiteServer(root=tmp_path / "site") as site:
        run = run_cli(["crawl", site.url("/"), "--out", str(out), "--quiet"], tmp_path)
        assert run.returncode == 0, run.stderr[-2000:]
        fetched = [e.path for e in site.exchanges if e.path.startswith("/page.html")]
        page_url = site.url("/page.html")
    assert len(fetched) == 1  # the variants are one key in the frontier
    records = [json.loads(line) for path in (out / "records").glob("*.jsonl")
               for line in path.read_text("utf-8").splitlines()]
    assert len(records) == 1
    assert url_key(records[0]["canonical_url"]) == url_key(page_url)
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["counts"]["skipped"]["duplicate_canonical"] == 1
    # Whichever copy came second is in the crawl log with its reason.
    (log,) = (out / "logs").glob("crawl-*.jsonl")
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    copies = sorted((line["outcome"], line.get("reason")) for line in lines
                    if line["url"].endswith(("/amp.html", "/page.html")))
    assert copies == [("no_record", "duplicate_canonical"), ("record", None)]


def test_tracking_parameters_only_leave_the_key():
    assert without_tracking("https://a.example/p.html?id=7&utm_source=x&fbclid=Q#top") == \
        "https://a.example/p.html?id=7#top"
    assert url_key("https://a.example/p.html?Ref=home") == "https://a.example/p.html"
    # Names courlan's pattern would also match, that can choose another page: kept.
    for url in ("https://a.example/g?gallery=2", "https://a.example/s?source=3",
                "https://a.example/r?reference=9", "https://a.example/k?keyword=tide"):
        assert without_tracking(url) == url


def test_a_canonical_home_page_does_not_join_articles():
    seen = RunArticles()
    first = {"url": "https://a.example/one.html", "canonical_url": "https://a.example/"}
    second = {"url": "https://a.example/two.html", "canonical_url": "https://a.example/"}
    assert seen.first(first) and seen.first(second)
    assert article_keys({"url": "https://a.example/amp/one", "canonical_url":
                         "https://a.example/one.html?utm_campaign=x"}) == {
        "https://a.example/amp/one", "https://a.example/one.html"}
    assert not seen.first({"url": "https://a.example/amp/one",
                           "canonical_url": "https://a.example/one.html"})
