"""What a fetched document is (page, feed, sitemap, robots.txt) and the URLs it lists.

The kind is read from the response itself, never guessed from the URL (only
robots.txt, a plain-text format, is recognised by its path): a seed may be a
home page, an RSS/Atom/JSON feed, a sitemap, a sitemap index or robots.txt.
Parsing lives in archiver.discovery.feeds and archiver.discovery.sitemaps; both hand back a
`Listing` of `Entry` values that keep what the listing said about each URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import attrs

Kind = Literal["feed", "sitemap", "robots", "html", "other"]

_GZIP_MAGIC = b"\x1f\x8b"
# The first element of a document, past an XML declaration, doctype and comments.
_FIRST_TAG = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")
_DOCTYPE_HTML = re.compile(rb"<!doctype\s+html", re.IGNORECASE)
_JSON_FEED_MARK = b"jsonfeed.org/version/"
_ROOTS: dict[bytes, Kind] = {
    b"rss": "feed", b"feed": "feed", b"rdf:rdf": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap",
    b"html": "html",
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@attrs.frozen(kw_only=True)
class Entry:
    """One URL a feed, sitemap or robots.txt lists, and what the listing says about it."""

    url: str
    """Absolute URL."""
    date: datetime | None = None
    """The newest date the listing gives (published, updated, lastmod), for --since."""
    fields: Mapping[str, Any] = attrs.field(factory=dict)
    """Discovery fields of the record (see archiver.items.Discovery), only those given."""


@attrs.frozen
class Listing:
    """URLs listed by a feed, sitemap or robots.txt: pages to fetch, and further sitemaps."""

    pages: list[Entry]
    sitemaps: list[Entry] = attrs.field(factory=list)


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """A `.xml.gz` file stays gzip after HTTP decoding; open it, bounded."""
    # Imported here: the extraction workers import this module (through the page
    # analysis) and would otherwise load all of Scrapy, about 20 MB a process.
    from scrapy.utils.gz import gunzip  # noqa: PLC0415

    return gunzip(body, max_size=max_size) if body[:2] == _GZIP_MAGIC else body


def detect_kind(body: bytes, content_type: str, url: str = "") -> Kind:
    head = body[:4096].lstrip()
    match = _FIRST_TAG.search(head)
    root = match.group(1).lower() if match else b""
    if root in _ROOTS:
        return _ROOTS[root]
    if head[:1] == b"{" and _JSON_FEED_MARK in body:
        return "feed"
    if _DOCTYPE_HTML.search(head):
        return "html"
    if urlsplit(url).path == "/robots.txt":
        return "robots"
    if content_type.split(";")[0].strip().lower() in _HTML_TYPES:
        return "html"
    return "other"


def join_url(base: str, link: str) -> str:
    """`link` resolved against `base`. One urljoin cannot parse (`http://[broken`) is kept
    as it is, for the frontier to refuse: it must not cost the rest of the listing."""
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def newest(*moments: datetime | None) -> datetime | None:
    given = [moment for moment in moments if moment is not None]
    return max(given) if given else None
