"""Kinds of documents and what they list: feeds, sitemaps, robots.txt, autodiscovery."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import lxml.html
import pytest

from archiver.discovery.feeds import announced_feeds, feed_listing
from archiver.discovery.kinds import detect_kind, maybe_gunzip
from archiver.discovery.sitemaps import robots_sitemaps, sitemap_entries, sitemap_listing

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment first -->
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
<item><title>A</title><link>http://example.test/a.html</link><guid>tag:a</guid>
<pubDate>Fri, 05 Sep 2025 16:00:00 +0100</pubDate><dc:creator>Ann Lee</dc:creator>
<dc:creator>Bo Chan</dc:creator></item>
<item><title>B</title><link>/b.html</link></item>
</channel></rss>"""
RSS_091 = b"""<rss version="0.91"><channel><title>T</title><link>http://example.test/</link>
<item><title>A</title><link>http://example.test/old.html</link></item></channel></rss>"""
RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://example.test/"><title>T</title><link>http://example.test/</link></channel>
<item rdf:about="http://example.test/r.html"><title>R</title><link>http://example.test/r.html</link>
<dc:date>2025-09-01T10:00:00+02:00</dc:date><dc:creator>Cy</dc:creator></item></rdf:RDF>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link rel="alternate" href="/a.html"/><id>urn:uuid:1</id>
<published>2025-09-01T10:00:00+02:00</published><updated>2025-09-02T08:00:00Z</updated>
<author><name>Ann</name></author></entry></feed>"""
JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "T",
    "items": [
        {"id": "42", "url": "https://example.test/j.html", "date_published": "2025-09-03T12:00:00Z",
         "date_modified": "2025-09-04T12:00:00+02:00", "authors": [{"name": "Jo"}]},
        {"id": "43", "external_url": "/k.html", "author": {"name": "Kim"}},
        {"id": "44", "title": "no URL"},
    ],
}).encode()
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://example.test/a.html</loc></url><url><loc>http://example.test/b.html</loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://example.test/s1.xml</loc><lastmod>2025-09-05</lastmod></sitemap>
</sitemapindex>"""
NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>http://example.test/n.html</loc>
    <lastmod>2025-08-30T11:02:00+00:00</lastmod>
    <news:news>
      <news:publication><news:name>Courier</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2025-08-30T09:15:00+00:00</news:publication_date>
      <news:title>Kim &amp; Putin</news:title>
      <news:keywords>North Korea, Russia , Kim Jong Un</news:keywords>
    </news:news>
  </url>
</urlset>"""


@pytest.mark.parametrize(("body", "content_type", "url", "kind"), [
    (RSS, "text/xml", "", "feed"),
    (RSS, "text/html", "", "feed"),  # the body decides, not the header
    (RSS_10, "application/rdf+xml", "", "feed"),
    (ATOM, "application/atom+xml", "", "feed"),
    (JSON_FEED, "application/json", "", "feed"),
    (b'{"version": 1}', "application/json", "", "other"),
    (URLSET, "application/xml", "", "sitemap"),
    (INDEX, "text/plain", "", "sitemap"),
    (b"User-agent: *\nSitemap: /s.xml\n", "text/plain", "http://x.test/robots.txt", "robots"),
    (b"User-agent: *\n", "text/plain", "http://x.test/notes.txt", "other"),
    (b"<!DOCTYPE html>\n<html><body>x</body></html>", "", "", "html"),
    (b"\n\n<html lang='en'><body>x</body></html>", "application/octet-stream", "", "html"),
    (b"plain words", "text/html; charset=utf-8", "", "html"),
    (b"%PDF-1.7 ...", "application/pdf", "", "other"),
    (b"", "", "", "other"),
])
def test_detect_kind_reads_the_body(body, content_type, url, kind):
    assert detect_kind(body, content_type, url) == kind


def test_rss_entries_keep_guid_date_and_authors():
    listing = feed_listing(RSS, "http://example.test/feed.xml", "application/rss+xml")
    assert [entry.url for entry in listing.pages] == ["http://example.test/a.html",
                                                      "http://example.test/b.html"]
    first = listing.pages[0]
    assert first.fields == {"guid": "tag:a", "published": "2025-09-05T16:00:00+01:00",
                            "updated": None, "authors": ["Ann Lee", "Bo Chan"]}
    assert first.date == datetime(2025, 9, 5, 15, tzinfo=timezone.utc)
    assert listing.pages[1].date is None


@pytest.mark.parametrize(("body", "url"), [
    (RSS_091, "http://example.test/old.html"),
    (RSS_10, "http://example.test/r.html"),
])
def test_older_rss_versions(body, url):
    [entry] = feed_listing(body, "http://example.test/feed", "").pages
    assert entry.url == url


def test_rss_10_dc_date_is_the_updated_date():
    [entry] = feed_listing(RSS_10, "http://example.test/feed", "").pages
    assert entry.fields["updated"] == "2025-09-01T10:00:00+02:00"
    assert entry.fields["authors"] == ["Cy"]


def test_atom_entry():
    [entry] = feed_listing(ATOM, "http://example.test/atom", "").pages
    assert entry.url == "http://example.test/a.html"
    assert entry.fields == {"guid": "urn:uuid:1", "published": "2025-09-01T10:00:00+02:00",
                            "updated": "2025-09-02T08:00:00+00:00", "authors": ["Ann"]}
    assert entry.date == datetime(2025, 9, 2, 8, tzinfo=timezone.utc)  # the newest date


def test_json_feed_items():
    pages = feed_listing(JSON_FEED, "https://example.test/feed.json", "application/feed+json").pages
    assert [entry.url for entry in pages] == ["https://example.test/j.html",
                                              "https://example.test/k.html"]
    assert pages[0].fields == {"guid": "42", "published": "2025-09-03T12:00:00+00:00",
                               "updated": "2025-09-04T12:00:00+02:00", "authors": ["Jo"]}
    assert pages[1].fields["authors"] == ["Kim"]  # JSON Feed 1.0's single author
    assert feed_listing(b"{not json", "https://example.test/f.json", "").pages == []


def test_feed_autodiscovery_reads_alternate_links():
    page = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" href="/feed.xml">
    <link rel="alternate feed" type="application/atom+xml; charset=utf-8" href="atom.xml">
    <link rel="alternate" type="application/feed+json" href="https://example.test/feed.json">
    <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
    <link rel="alternate" hreflang="de" href="/de/">
    <link rel="stylesheet" type="text/css" href="/site.css">
    </head><body></body></html>"""
    assert announced_feeds(lxml.html.fromstring(page), "https://example.test/news/") == [
        "https://example.test/feed.xml", "https://example.test/news/atom.xml",
        "https://example.test/feed.json"]
    assert announced_feeds(lxml.html.fromstring(b"<p>none</p>"), "https://example.test/") == []


def test_sitemap_and_index():
    assert [e.url for e in sitemap_listing(URLSET).pages] == ["http://example.test/a.html",
                                                             "http://example.test/b.html"]
    index = sitemap_listing(INDEX)
    assert index.pages == []
    [child] = index.sitemaps
    assert child.url == "http://example.test/s1.xml"
    assert child.date == datetime(2025, 9, 5, tzinfo=timezone.utc)
    assert child.fields["lastmod"] == "2025-09-05"


def test_news_sitemap_keeps_the_nested_news_values():
    [entry] = sitemap_listing(NEWS, "http://example.test/news-sitemap.xml").pages
    assert entry.url == "http://example.test/n.html"
    assert entry.fields == {
        "lastmod": "2025-08-30T11:02:00+00:00",
        "news_publication_date": "2025-08-30T09:15:00+00:00",
        "news_title": "Kim & Putin",
        "news_keywords": ["North Korea", "Russia", "Kim Jong Un"],
    }
    assert entry.date == datetime(2025, 8, 30, 11, 2, tzinfo=timezone.utc)


def test_sitemap_parser_resolves_no_entities_and_fetches_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://example.test/&xxe;</loc></url></urlset>""".encode()
    [entry] = sitemap_listing(body).pages
    assert "SECRET" not in entry.url


def test_broken_sitemaps_list_nothing():
    assert sitemap_listing(b"").pages == []
    assert sitemap_listing(b"not xml at all").pages == []


def test_robots_txt_sitemap_lines():
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://example.test/s.xml\n" \
             b"sitemap:/news.xml\nSitemap: https://example.test/s.xml\n"
    listing = robots_sitemaps(robots, "https://example.test/robots.txt")
    assert listing.pages == []
    assert [e.url for e in listing.sitemaps] == ["https://example.test/s.xml",
                                                  "https://example.test/news.xml"]


def test_gzip_sitemap_is_opened_within_a_bound():
    assert maybe_gunzip(gzip.compress(URLSET), 10**6) == URLSET
    with pytest.raises(ValueError):  # scrapy's _DecompressionMaxSizeExceeded
        maybe_gunzip(gzip.compress(b"x" * 100_000), 1000)


def test_a_sitemap_is_read_as_a_stream_and_one_broken_midway_gives_each_entry_once():
    entries = "".join(f"<url><loc>http://example.test/{n}.html</loc></url>" for n in range(5))
    is_index, streamed = sitemap_entries(f"<urlset>{entries}</urlset>".encode())
    assert not is_index and next(streamed).url == "http://example.test/0.html"
    # An undefined entity after five entries: the rest comes from libxml2's recovery.
    broken = (f"<urlset>{entries}<url><loc>http://example.test/x.html</loc>&nbsp;</url>"
              f"{entries.replace('.html', '-b.html')}</urlset>").encode()
    is_index, found = sitemap_entries(broken)
    assert [entry.url for entry in found] == [
        *(f"http://example.test/{n}.html" for n in range(5)), "http://example.test/x.html",
        *(f"http://example.test/{n}-b.html" for n in range(5))]
    index = b"<sitemapindex><sitemap><loc>http://example.test/s.xml</loc></sitemap></sitemapindex>"
    is_index, found = sitemap_entries(index)
    assert is_index and [entry.url for entry in found] == ["http://example.test/s.xml"]
