"""Kinds of documents and what they list."""

from __future__ import annotations

import gzip

import pytest

from archiver.discovery import detect_kind, feed_listing, maybe_gunzip, sitemap_listing

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment first -->
<rss version="2.0"><channel><title>T</title>
<item><title>A</title><link>http://example.test/a.html</link></item>
<item><title>B</title><link>/b.html</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link href="http://example.test/a.html"/><id>1</id></entry></feed>"""
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://example.test/a.html</loc></url><url><loc>http://example.test/b.html</loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://example.test/s1.xml</loc></sitemap></sitemapindex>"""


@pytest.mark.parametrize(("body", "content_type", "kind"), [
    (RSS, "text/xml", "feed"),
    (RSS, "text/html", "feed"),  # the body decides, not the header
    (ATOM, "application/atom+xml", "feed"),
    (URLSET, "application/xml", "sitemap"),
    (INDEX, "text/plain", "sitemap"),
    (b"<!DOCTYPE html>\n<html><body>x</body></html>", "", "html"),
    (b"\n\n<html lang='en'><body>x</body></html>", "application/octet-stream", "html"),
    (b"plain words", "text/html; charset=utf-8", "html"),
    (b"%PDF-1.7 ...", "application/pdf", "other"),
    (b"", "", "other"),
])
def test_detect_kind_reads_the_body(body, content_type, kind):
    assert detect_kind(body, content_type) == kind


def test_feed_entries_are_absolute():
    listing = feed_listing(RSS, "http://example.test/feed.xml", "application/rss+xml")
    assert listing.pages == ["http://example.test/a.html", "http://example.test/b.html"]
    assert feed_listing(ATOM, "http://example.test/atom", "").pages == [
        "http://example.test/a.html"]


def test_sitemap_and_index():
    assert sitemap_listing(URLSET).pages == ["http://example.test/a.html",
                                            "http://example.test/b.html"]
    index = sitemap_listing(INDEX)
    assert index.pages == [] and index.sitemaps == ["http://example.test/s1.xml"]


def test_gzip_sitemap_is_opened_within_a_bound():
    assert maybe_gunzip(gzip.compress(URLSET), 10**6) == URLSET
    with pytest.raises(Exception):  # noqa: B017 - scrapy raises its own _DecompressionMaxSizeExceeded
        maybe_gunzip(gzip.compress(b"x" * 100_000), 1000)
