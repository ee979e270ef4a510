"""Fuzzing (hypothesis): random and mutated pages, random URLs.

- Random HTML trees and mutations of the project's own pages never make
  extraction raise: the result is either a record that validates against the
  published schema or a `Skipped` with a named reason.
- Random URLs, resolved against an in-scope page the ways a crawl resolves
  them (a link, a feed or sitemap entry, a redirect, a meta refresh), are
  never let through to a host outside the configured ones. The oracle is
  independent of the code under test: the host Twisted's agent would connect
  to, checked label by label against the allowed hosts.

Examples are derandomized and no example database is kept, so every run (and
CI) tries the same inputs.
"""

from __future__ import annotations

import html
import ipaddress
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from twisted.web.client import URI

from archiver import settings as project_settings
from archiver.discovery.feeds import feed_listing
from archiver.discovery.sitemaps import robots_sitemaps, sitemap_listing
from archiver.downloadermiddlewares.scope import ScopeMiddleware
from archiver.extraction import ExtractedArticle, Skipped, Wanted, extract_article
from archiver.extraction.analysis import analyse
from archiver.frontier.admission import Candidate, Frontier
from archiver.frontier.sources import Source, in_scope
from archiver.pipelines.validate import schema_errors
from archiver.records.build import build_record, sha1_digest
from archiver.spidermiddlewares.page_analysis import DENY_EXTENSIONS
from archiver.state.sqlite import CrawlState
from tests.support.paths import REPO

URL = "https://news.example/world/2025/a-story.html"
# ARCHIVER_FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the module under a minute.
EXAMPLES = int(os.environ.get("ARCHIVER_FUZZ_EXAMPLES", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SKIP_REASON = re.compile(r"^[a-z][a-z0-9_]*$")


# --- extraction: the property ------------------------------------------------------

def check_extraction(body: bytes, content_type: str | None = "text/html; charset=utf-8") -> None:
    result = extract_article(body, URL, content_type=content_type)
    if isinstance(result, Skipped):
        assert SKIP_REASON.match(result.reason) and result.detail, result
        return
    assert isinstance(result, ExtractedArticle)
    record = build_record(
        result, url=URL, requested_url=URL, status=200,
        fetched_at=datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc),
        payload_digest=sha1_digest(body), pointer=None, extractor={"archiver": "fuzz"})
    as_dict = record.to_dict()
    assert schema_errors(as_dict) == [], (schema_errors(as_dict), as_dict)
    json.dumps(as_dict, ensure_ascii=False).encode("utf-8")  # no lone surrogates


# --- random HTML trees ----------------------------------------------------------------

WORDS = ("harbour", "board", "ferry", "Fähre", "über", "café", "Zürich", "mayor", "said",
         "東京", "新闻", "حرب", "Москва", "2025", "€", "—", "“quoted”", "&amp;", "&#x1F600;",
         "&nbsp;", "<", ">", "&", "\u200b", "\u00ad", "\ufeff", "\U0001f600")
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=3, max_size=40).map(" ".join)
TEXT = st.one_of(SENTENCE, st.text(max_size=60),
                 SENTENCE.map(lambda s: (s + ". ") * 12))  # long enough for an article
TAGS = ("html", "head", "body", "article", "section", "div", "p", "span", "a", "img", "figure",
        "figcaption", "time", "meta", "h1", "h2", "header", "footer", "nav", "ul", "li",
        "blockquote", "picture", "source", "br", "table", "td", "address", "main", "aside",
        "em", "strong", "title", "link", "noscript", "iframe", "svg", "template", "form")
ATTR_NAMES = ("class", "id", "itemprop", "itemscope", "itemtype", "property", "content", "name",
              "datetime", "href", "src", "srcset", "data-src", "alt", "rel", "lang", "charset",
              "http-equiv", "type", "style", "width", "height", "dir", "hidden")
ATTR_VALUES = ("article", "og:type", "og:title", "og:image", "og:url", "article:published_time",
               "author", "byline", "headline", "datePublished", "2025-08-30T09:15:00+02:00",
               "2025-13-45", "yesterday", "https://news.example/a.jpg", "/images/x.png",
               "a.jpg 1x, b.jpg 2x, c.jpg 9999w", "http://[broken", "javascript:alert(1)",
               "//cdn.example/x.webp", "data:image/png;base64,AAAA", "canonical", "utf-8",
               "iso-8859-1", "x-unknown", "utf-16", "Content-Type", "text/html; charset=koi8-r",
               "http://schema.org/NewsArticle", "caption", "credit", "de", "zz-ZZ", "", " ",
               "-1", "99999999999")
ATTRS = st.lists(st.tuples(st.sampled_from(ATTR_NAMES),
                           st.one_of(st.sampled_from(ATTR_VALUES), st.text(max_size=20))),
                 max_size=4)


def json_ld() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(ATTR_VALUES),
                     TEXT)
    keys = st.sampled_from(("@type", "@context", "@graph", "headline", "name", "author",
                            "datePublished", "dateModified", "image", "url", "caption",
                            "creditText", "creator", "license", "articleBody", "publisher",
                            "keywords", "articleSection", "inLanguage", "description"))
    value = st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=5)), max_leaves=12)
    text = value.map(lambda v: json.dumps(v, ensure_ascii=False))
    return st.tuples(text, st.integers(0, 200), st.booleans()).map(
        lambda t: t[0][:t[1]] if t[2] else t[0])  # sometimes cut short


def escape_attr(value: str) -> str:
    return value.replace('"', "&quot;")


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = "".join(f' {name}="{escape_attr(value)}"' for name, value in draw(ATTRS))
    inner = "".join(draw(st.lists(children, max_size=4)))
    close = draw(st.sampled_from(("proper", "proper", "proper", "missing", "stray")))
    end = {"proper": f"</{tag}>", "missing": "", "stray": f"</{draw(st.sampled_from(TAGS))}>"}
    return f"<{tag}{attrs}>{inner}{end[close]}"


SCRIPT = json_ld().map(lambda text: f'<script type="application/ld+json">{text}</script>')
NODES = st.recursive(st.one_of(TEXT, SCRIPT), lambda inner: element(inner), max_leaves=30)


PARAGRAPH = st.lists(st.sampled_from(WORDS), min_size=8, max_size=30).map(
    lambda words: f"<p>{(' '.join(words) + '. ') * 8}</p>")


@st.composite
def article_document(draw: st.DrawFn) -> str:
    """An article skeleton (headline, paragraphs, signals) with random nodes throughout."""
    nodes = st.lists(NODES, max_size=3).map("".join)
    meta = draw(st.lists(st.sampled_from((
        '<meta property="og:type" content="article">', '<link rel="canonical" href="/c">',
        '<meta property="article:published_time" content="2025-08-30T09:15:00+02:00">',
        '<meta name="author" content="Ann Writer">', '<html lang="de">')), max_size=4))
    paragraphs = draw(st.lists(st.tuples(PARAGRAPH, nodes), min_size=1, max_size=6))
    body = "".join(p + n for p, n in paragraphs)
    dateline = draw(st.sampled_from(("", '<p class="byline">By Ann Writer and Bo Li</p>',
                                     '<time datetime="2025-08-30">30 August</time>')))
    return (f"<!DOCTYPE html><html><head><title>{draw(TEXT)}</title>{''.join(meta)}"
            f"{draw(nodes)}</head><body>{draw(nodes)}<article><h1>{draw(TEXT)}</h1>"
            f"{dateline}{body}</article>{draw(nodes)}</body></html>")


@st.composite
def html_document(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(("article", "article", "document", "fragment")))
    if kind == "article":
        return draw(article_document())
    head = "".join(draw(st.lists(st.one_of(NODES, SCRIPT), max_size=4)))
    body = "".join(draw(st.lists(NODES, min_size=1, max_size=6)))
    if kind == "document":
        return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return head + body  # no document structure at all


@pytest.mark.slow
@FUZZ
@given(article_document())
def test_random_article_pages_yield_valid_records(html: str) -> None:
    check_extraction(html.encode("utf-8"))


@pytest.mark.slow
@FUZZ
@given(html_document(), st.sampled_from(("utf-8", "cp1252", "utf-16", "latin-1")),
       st.sampled_from((None, "text/html", "text/html; charset=utf-8",
                        "application/xhtml+xml", "text/html; charset=bogus")))
def test_random_html_never_crashes_extraction(html: str, encoding: str,
                                              content_type: str | None) -> None:
    check_extraction(html.encode(encoding, "replace"), content_type)


# --- mutations of the project's own pages ----------------------------------------------

REAL_PAGES = sorted([*(REPO / "archiver" / "demo" / "site").rglob("*.html"),
                     *(REPO / "tests" / "pages").glob("*.html")])
CHARSET_METAS = (b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">',
                 b'<meta charset="utf-16">', b'<meta charset="utf-7">',
                 b'<meta charset="iso-2022-jp">', b'<meta charset="x-no-such-thing">',
                 b'<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
                 b"\xef\xbb\xbf", b"\xff\xfe", b'<?xml version="1.0" encoding="ebcdic-cp-us"?>')


@st.composite
def mutated_page(draw: st.DrawFn) -> bytes:
    body = bytearray(draw(st.sampled_from(REAL_PAGES)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("flip", "truncate", "duplicate", "remove", "charset",
                                     "insert")))
        at = draw(st.integers(0, max(len(body) - 1, 0)))
        span = draw(st.integers(1, 400))
        if kind == "flip" and body:
            body[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del body[at:]
        elif kind == "duplicate":
            body[at:at] = body[at:at + span]
        elif kind == "remove":
            del body[at:at + span]
        elif kind == "charset":
            body[at:at] = draw(st.sampled_from(CHARSET_METAS))
        else:
            body[at:at] = draw(st.binary(max_size=40))
    return bytes(body)


@FUZZ
@given(mutated_page(), st.sampled_from((None, "text/html", "text/html; charset=utf-8",
                                        "text/html; charset=iso-8859-1")))
def test_mutated_real_pages_never_crash_extraction(body: bytes, content_type: str | None
                                                   ) -> None:
    check_extraction(body, content_type)


@pytest.mark.parametrize("page", REAL_PAGES, ids=lambda p: p.name)
def test_real_pages_unmutated(page: Path) -> None:
    check_extraction(page.read_bytes())


# --- random URLs against the scope -------------------------------------------------------

ALLOWED = ("news.example", "127.0.0.1")
BASE = "http://news.example:8080/world/2025/story.html"
# What a crawl reads from a page for its candidates (archiver.spidermiddlewares.page_analysis).
LINKS_AND_FEEDS = Wanted(article=False, links=True, feeds=True, deny_extensions=DENY_EXTENSIONS)


def links_of(markup: bytes) -> list[str]:
    """The links an extraction worker reads from a page fetched from BASE."""
    return [link.url for link in analyse(markup, BASE, LINKS_AND_FEEDS).links]
HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")

SCHEMES = ("http", "https", "HTTP", "hTTps", "ftp", "file", "javascript", "data", "mailto",
           "ws", "")
SEPARATORS = ("://", ":/", ":", ":\\\\", ":///", "//", "", ":\\/", "\\\\", ":/\\")
USERINFO = ("", "", "user@", "user:pass@", "news.example@", "evil.example:80@", "%40@", "@",
            "news.example:8080@", "a@b@")
HOSTS = ("news.example", "[broken", "[::1", "news.example:99999", "www.news.example",
         "NEWS.Example", "news.example.", "evil.example",
         "news.example.evil.example", "evilnews.example", "ｎｅｗｓ.example", "news。example",
         "news.example\u3002evil.example", "xn--nws-nla.example", "127.0.0.1", "127.1",
         "0x7f.0.0.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
         "169.254.169.254", "evil.127.0.0.1", "news%2Eexample", "news.example%00.evil.example",
         "evil.example\\news.example", "news.example\\evil.example", "", "[", "]",
         "news.example\x00", "news.example\t.evil.example", "localhost", "a" * 70 + ".example")
PORTS = ("", "", ":80", ":8080", ":", ":99999", ":abc", ":80@evil.example", ":0", ":-1")
PATHS = ("", "/", "/a.html", "/../../etc/passwd", "/..\\..\\x", "\\evil.example/x",
         "/%2e%2e/%2e%2e/", "?next=http://evil.example/", "#@evil.example", "/@evil.example",
         "?@evil.example/", "/ x", "/\u00e9t\u00e9")
EDGES = ("", "", " ", "\t", "\n", "\x00", "\x01", "\x7f", "\u00a0", "\u200b", "\ufeff")
HOST_PARTS = st.lists(st.one_of(st.sampled_from(HOSTS), st.sampled_from(
    (".", "\\", "/", "@", "%2e", "%40", ":", "\t", " ", "\x00", "。", "example", "evil", "news"))),
    min_size=1, max_size=4).map("".join)


@st.composite
def random_url(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=40))
    parts = [draw(st.sampled_from(EDGES)), draw(st.sampled_from(SCHEMES)),
             draw(st.sampled_from(SEPARATORS)), draw(st.sampled_from(USERINFO)),
             draw(st.one_of(st.sampled_from(HOSTS), HOST_PARTS)), draw(st.sampled_from(PORTS)),
             draw(st.sampled_from(PATHS)), draw(st.sampled_from(EDGES))]
    return "".join(parts)


def oracle_host(url: str) -> str | None:
    """The host Twisted's HTTP agent connects to for `url` (None: no HTTP request at all)."""
    if url.split(":", 1)[0].lower() not in ("http", "https"):
        return None
    host = URI.fromBytes(url.encode("ascii")).host.decode("ascii").lower()
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def allowed_by_oracle(host: str) -> bool:
    """Label by label: the host is an allowed one or below it; an IP only as itself."""
    try:
        return ipaddress.ip_address(host).compressed in ALLOWED
    except ValueError:
        pass
    labels = host.split(".")
    if not all(HOST_LABEL.match(label) for label in labels):
        return False
    return any(labels[-len(domain.split(".")):] == domain.split(".") for domain in ALLOWED
               if not domain.replace(".", "").isdigit())


def assert_goes_nowhere_else(request: Request, how: str, url: str) -> None:
    for target in (request.url, robots_url(request.url)):
        host = oracle_host(target)
        assert host is None or allowed_by_oracle(host), (
            f"{how}: {url!r} -> {target!r} would connect to {host!r}")


def robots_url(url: str) -> str:
    parts = urlsplit(url)  # as Scrapy's RobotsTxtMiddleware builds it
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


SOURCE = Source(name="fuzz", seeds=(BASE,), allowed_domains=ALLOWED)


def admitted_request(url: str) -> Request | None:
    """The request the spider makes for a URL it discovered, or None (spiders/news.py)."""
    frontier = Frontier(CrawlState.open(":memory:"), since=None, refresh_after=-1,
                        default_max_pages=0, now=datetime.now(timezone.utc))
    url = urldefrag(url)[0]
    candidate = Candidate(url=url, source=SOURCE, hops_left=1, discovery={"method": "link"})
    return Request(url) if frontier.admit(candidate).admitted else None


def listed_urls(url: str) -> list[str]:
    """What each kind of listing makes of `url` as an entry (none of them may raise)."""
    escaped = html.escape(url)
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"<url><loc>{escaped}</loc></url></urlset>")
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{escaped}</link>'
           "</item></channel></rss>")
    listings = [sitemap_listing(sitemap.encode(), BASE),
                feed_listing(rss.encode(), BASE, "application/rss+xml"),
                feed_listing(json.dumps({"items": [{"url": url}]}).encode(), BASE,
                             "application/feed+json"),
                robots_sitemaps(f"Sitemap: {url}\n".encode(), BASE)]
    page = (f'<html><head><link rel="alternate" type="application/rss+xml" href="{escaped}">'
            "</head></html>")
    found = [e.url for listing in listings for e in [*listing.pages, *listing.sitemaps]]
    return found + analyse(page.encode(), BASE, LINKS_AND_FEEDS).feeds


def test_the_project_filters_redirects_with_its_own_scope() -> None:
    middlewares = project_settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"] is None
    assert "archiver.downloadermiddlewares.scope.ScopeMiddleware" in middlewares


@pytest.fixture(scope="module")
def downloader() -> dict[str, object]:
    crawler = get_crawler(Spider)
    crawler.spider = Spider(name="fuzz", allowed_domains=list(ALLOWED))
    return {"redirect": RedirectMiddleware.from_crawler(crawler),
            "refresh": MetaRefreshMiddleware.from_crawler(crawler),
            "scope": ScopeMiddleware.from_crawler(crawler)}


def followed(middlewares: dict[str, object], request: Request, outcome: object
             ) -> Request | None:
    """The redirect request the downloader would send, after the scope filter."""
    if not isinstance(outcome, Request):
        return None
    try:
        middlewares["scope"].process_request(outcome)
    except IgnoreRequest:
        return None
    return outcome


def redirect(middleware: Any, request: Request, response: Response) -> object:
    try:
        return middleware.process_response(request, response)
    except ValueError:  # Scrapy fails the fetch ("Missing scheme", a bad port): nothing is sent
        return None


@settings(FUZZ, max_examples=2 * EXAMPLES)  # cheap: twice as many
@given(random_url())
def test_random_urls_never_leave_the_scope(downloader, url: str) -> None:
    for markup in (f'<a href="{html.escape(url)}">x</a>',  # a link in a page, or its base
                   f'<base href="{html.escape(url)}"><a href="x.html">x</a>'):
        for link in links_of(markup.encode("utf-8")):
            request = admitted_request(link)
            if request is not None:
                assert_goes_nowhere_else(request, "link", url)
    for entry in listed_urls(url):  # an entry of a feed or sitemap, a sitemap in robots.txt
        request = admitted_request(entry)
        if request is not None:
            assert_goes_nowhere_else(request, "listing", url)
    source = Request(BASE)
    location = Response(BASE, status=302, headers={"Location": url.encode("utf-8")})
    request = followed(downloader, source,
                       redirect(downloader["redirect"], source, location))
    if request is not None:
        assert_goes_nowhere_else(request, "redirect", url)
    refresh = HtmlResponse(BASE, body=(f'<meta http-equiv="refresh" content="0; url='
                                       f'{html.escape(url)}">').encode(),
                           encoding="utf-8")
    request = followed(downloader, source, redirect(downloader["refresh"], source, refresh))
    if request is not None:
        assert_goes_nowhere_else(request, "meta refresh", url)


# --- what fuzzing found, kept as plain regression tests ------------------------------------

@pytest.mark.parametrize("url", ["http://[broken/x", "//[::1", "http://news.example:99999/",
                                 "http://news.example:abc/"])
def test_an_unparseable_entry_costs_its_listing_nothing(url):
    listings = [
        feed_listing(f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{url}</link>'
                     "</item><item><link>/ok.html</link></item></channel></rss>".encode(), BASE,
                     "application/rss+xml"),
        feed_listing(json.dumps({"items": [{"url": url}, {"url": "/ok.html"}]}).encode(), BASE,
                     "application/feed+json"),
        robots_sitemaps(f"Sitemap: {url}\nSitemap: /ok.html\n".encode(), BASE)]
    for listing in listings:
        urls = [entry.url for entry in [*listing.pages, *listing.sitemaps]]
        assert urls[-1] == "http://news.example:8080/ok.html", urls
        assert all(admitted_request(other) is None for other in urls[:-1])  # refused, no raise


def test_a_page_with_a_broken_base_href_keeps_its_record_and_loses_its_links():
    analysis = analyse(b'<base href="http://[x/"><a href="/a.html">a</a>', BASE, Wanted())
    assert analysis.links == [] and analysis.unread is None and analysis.article is not None


@pytest.mark.parametrize("url", ["http://evil.example@news.example/", "http://u:p@news.example/",
                                 "http://evil.127.0.0.1/", "http://news.example:99999/"])
def test_urls_whose_connection_target_differs_from_their_host_are_out_of_scope(url):
    assert not in_scope(url, ALLOWED)
