"""What a fetched document is (page, feed, sitemap) and the URLs it lists.

The kind is read from the response itself, never guessed from the URL: a
seed may be a home page, an RSS/Atom feed, a sitemap or a sitemap index.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Literal

import attrs
import feedparser
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

Kind = Literal["feed", "sitemap", "html", "other"]

_GZIP_MAGIC = b"\x1f\x8b"
# The first element of a document, past an XML declaration, doctype and comments.
_FIRST_TAG = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")
_DOCTYPE_HTML = re.compile(rb"<!doctype\s+html", re.IGNORECASE)
_ROOTS: dict[bytes, Kind] = {
    b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap",
    b"html": "html",
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@attrs.frozen
class Listing:
    """URLs listed by a feed or sitemap: pages to fetch, and further sitemaps."""

    pages: list[str]
    sitemaps: list[str] = attrs.field(factory=list)


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """A `.xml.gz` file stays gzip after HTTP decoding; open it, bounded."""
    return gunzip(body, max_size=max_size) if body[:2] == _GZIP_MAGIC else body


def detect_kind(body: bytes, content_type: str) -> Kind:
    head = body[:4096].lstrip()
    match = _FIRST_TAG.search(head)
    root = match.group(1).lower() if match else b""
    if root in _ROOTS:
        return _ROOTS[root]
    if _DOCTYPE_HTML.search(head) or content_type.split(";")[0].strip() in _HTML_TYPES:
        return "html"
    return "other"


def feed_listing(body: bytes, url: str, content_type: str) -> Listing:
    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(
        BytesIO(body), response_headers={"content-location": url, "content-type": content_type}
    )
    links = [entry.get("link") for entry in parsed.entries]
    return Listing(pages=[link for link in links if link])


def sitemap_listing(body: bytes) -> Listing:
    sitemap = Sitemap(body)
    locations = [entry["loc"] for entry in sitemap if entry.get("loc")]
    if sitemap.type == "sitemapindex":
        return Listing(pages=[], sitemaps=locations)
    return Listing(pages=locations)
