"""A page's links read from the extraction worker's tree are the ones Scrapy's LinkExtractor
finds (archiver.discovery.links): the frontier gets the candidates it got when the crawl
process parsed each page again."""

from __future__ import annotations

import gzip
import html
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from archiver.discovery.links import (
    _PLAIN_ORIGIN,
    _PLAIN_PATH,
    _PLAIN_URL,
    Link,
    _joined,
    _rejoined,
    base_url,
)
from archiver.extraction import Wanted
from archiver.extraction.analysis import analyse
from archiver.extraction.page.document import load_page
from archiver.extraction.result import Skipped
from archiver.spidermiddlewares.page_analysis import DENY_EXTENSIONS
from bench.real_site import CORPUS
from tests.support.paths import REPO

URL = "https://news.example/world/2025/story.html"
LINKS = Wanted(article=False, links=True, deny_extensions=DENY_EXTENSIONS)
PAGES = sorted([*REPO.glob("tests/pages/*.html"), *REPO.glob("tests/quality/pages/**/*.html"),
                *REPO.glob("archiver/demo/site/**/*.html")])


def ours(body: bytes, content_type: str = "text/html", url: str = URL) -> list[Link]:
    return analyse(body, url, LINKS, content_type=content_type).links


def scrapys(body: bytes, content_type: str = "text/html", url: str = URL) -> list[Link]:
    response = HtmlResponse(url, body=body, headers={"Content-Type": content_type})
    return [Link(link.url, link.text, "") for link in
            LinkExtractor(unique=True).extract_links(response)]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(REPO)))
def test_the_links_of_each_page_are_link_extractors(path: Path):
    body = path.read_bytes()
    found = ours(body)
    assert [(link.url, link.text) for link in found] == [
        (link.url, link.text) for link in scrapys(body)]


def test_pages_with_links_are_compared():
    assert len(PAGES) > 60
    assert sum(len(ours(path.read_bytes())) for path in PAGES) > 500


@pytest.mark.parametrize("markup", [
    # <area>, whitespace around the href, a fragment, an empty href (the page itself)
    b'<map><area href=" /a.html#x "></map><a href="">self</a><a href="b.html">b</a>',
    # a <base href>, relative and absolute; an empty one keeps the page's URL
    b'<head><base href="/section/"></head><a href="c.html">c</a>',
    b'<head><base href="https://cdn.example/x/"></head><a href="c.html">c</a>',
    b'<head><base href=""></head><a href="c.html">c</a>',
    # schemes that are no links, denied extensions (";params" are no part of the extension)
    b'<a href="javascript:void(0)">j</a><a href="mailto:a@b">m</a><a href="ftp://f/x">f</a>'
    b'<a href="/photo.JPG">p</a><a href="/a.pdf">pdf</a><a href="/x.jpg;v=1">jp</a>'
    b'<a href="/x.tar.gz">tgz</a><a href="/x.html;jsessionid=1">session</a>',
    # each URL once, the first one's text; nested markup in the text
    b'<a href="/d">first <b>bold</b></a><a href="/d">second</a><a href="/e"><img alt=x></a>',
    # characters a URL must escape, a non-ASCII path and query
    "<a href='/caf\u00e9?q=\u00e9t\u00e9 x'>accents</a>".encode(),
])
def test_edge_cases_as_link_extractor_has_them(markup: bytes):
    assert ours(markup) == [Link(link.url, link.text, "") for link in scrapys(markup)]


def test_a_legacy_encoding_escapes_the_query_in_it():
    markup = "<meta charset=iso-8859-1><a href='/caf\u00e9?q=\u00e9t\u00e9'>x</a>".encode("latin-1")
    (link,) = ours(markup, "text/html")
    assert link.url == "https://news.example/caf%C3%A9?q=%E9t%E9"  # path UTF-8, query latin-1
    assert [link.url] == [found.url for found in scrapys(markup, "text/html")]


def test_rel_and_text_are_kept():
    (link,) = ours(b'<a rel="nofollow noopener" href="/f">  Follow <i>me</i> </a>')
    assert (link.text, link.rel, link.nofollow) == ("  Follow me ", "nofollow noopener", True)


def test_a_page_served_as_another_type_still_gives_its_links():
    analysis = analyse(b"<!doctype html><a href='/g'>g</a>", URL,
                       Wanted(links=True, deny_extensions=DENY_EXTENSIONS),
                       content_type="text/plain")
    assert [link.url for link in analysis.links] == ["https://news.example/g"]
    assert analysis.article.reason == "not_html"


@pytest.mark.parametrize("body, reason", [(b"", "empty_body"),
                                          (b"%PDF-1.7 <a href=/h>", "not_html")])
def test_a_page_that_cannot_be_read_gives_no_links_and_says_why(body: bytes, reason: str):
    analysis = analyse(body, URL, LINKS)
    assert analysis.links == [] and analysis.unread.reason == reason


# hrefs made of what changes a URL on its way: schemes in either case, hosts, ports, dot
# segments, ;params, queries, fragments, escapes good and bad, spaces, non-ASCII letters.
HREFS = st.lists(st.sampled_from([
    "http://", "HTTPS://", "ftp://", "file:///", "mailto:", "//", "/", "../", "./", "?", "#",
    ";", ";v=1", "=", "&", "%", "%2e", "%zz", "@", ":8080", "[::1]", "host.example", "A", "z",
    ".jpg", ".JPG", ".html", ".tar.gz", " ", "\t", "\u00e9", "\u4e2d", "|", "\\"]),
    max_size=12).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(HREFS, min_size=1, max_size=4))
def test_random_hrefs_give_link_extractors_links(hrefs: list[str]):
    markup = "".join(f'<a href="{html.escape(href)}">{i}</a>' for i, href in enumerate(hrefs))
    body = f"<html><body>{markup}</body></html>".encode()
    assert [link.url for link in ours(body)] == [link.url for link in scrapys(body)]


# Links that the join-and-make-safe shortcut takes (archiver.discovery.links._PLAIN_URL,
# _PLAIN_PATH) and their near misses, which must not change a thing.
@pytest.mark.parametrize("href", [
    "http://host.example/a/b.html", "https://host.example", "http://localhost/x",
    "http://127.0.0.1/x", "/a/b-c_d~e.html", "/", "/a//b", "http://host.example//a",
    "http://Host.example/a", "HTTP://host.example/a", "http://host.example:80/a",
    "http://host.example./a", "http://a-.example/", "http://xn--caf-dma.example/x",
    "http://xn--zz.example/", "http://" + "a" * 64 + ".example/", "http://123/x",
    "http://1.2.3.04/x", "http://0x7f.1/", "http://256.1.1.1/", "http://host.example/a/../b",
    "/a/./b", "/.well-known/x", "//host.example/a", "/a%20b", "/a b", "/caf\u00e9",
    "http://host.example/a;b", "/a?b", "/a#b", "http://user@host.example/a", "/a|b",
])
@pytest.mark.parametrize("url", [URL, "http://127.0.0.1:8080/pages/1.html",
                                 "https://News.Example:443/x", "http://[::1]:8000/a"])
def test_plain_links_are_link_extractors(href: str, url: str):
    body = f'<a href="{html.escape(href)}">x</a>'.encode()
    assert ours(body, url=url) == [Link(link.url, link.text, "") for link in
                                   scrapys(body, url=url)]


def test_plain_links_of_real_pages_are_the_libraries():
    """Every link of the real-page corpus (read where it is, never copied) that the shortcut
    takes joins as urljoin, safe_url_string and the second join have it."""
    pages = sorted(CORPUS.glob("*/*.html.gz"))[:600]
    if not pages:
        pytest.skip(f"no real pages in {CORPUS}")
    taken = 0
    for number, path in enumerate(pages):
        page = load_page(gzip.decompress(path.read_bytes()),
                         f"http://127.0.0.1:8080/pages/{number}.html", "text/html")
        if isinstance(page, Skipped):
            continue
        base = base_url(page.tree, page.url, page.encoding)
        origin = _PLAIN_ORIGIN.match(base)
        for href in {strip_html5_whitespace(element.get("href", ""))
                     for element in page.tree.iter("a", "area")}:
            try:
                expected = _rejoined(page.url, safe_url_string(urljoin(base, href),
                                                               encoding=page.encoding))
            except ValueError:
                continue
            joined = _joined(base, origin and origin[0], page.url, href, page.encoding)
            assert joined == expected, href
            taken += "/." not in href and bool(
                _PLAIN_URL.match(href) or origin and _PLAIN_PATH.match(href))
    assert taken > 10_000
