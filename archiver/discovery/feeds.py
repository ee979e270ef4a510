"""Feeds: RSS 0.9x/1.0/2.0 and Atom (through feedparser), JSON Feed 1.0/1.1, autodiscovery.

Each entry keeps what the feed says about it: guid, published and updated
dates (ISO 8601, the feed's own offset kept) and authors.
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import TYPE_CHECKING, Any

from archiver.dates import listing_date_text, parse_listing_date
from archiver.discovery.kinds import Entry, Listing, join_url, newest

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Not plain application/json: WordPress announces its REST API with that type.
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def feed_listing(body: bytes, url: str, content_type: str) -> Listing:
    if body.lstrip()[:1] == b"{":
        return json_feed_listing(body, url)
    # Imported here: the extraction workers import this module (for announced_feeds)
    # and need no feedparser, about 9 MB a process.
    import feedparser  # noqa: PLC0415

    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(
        BytesIO(body), response_headers={"content-location": url, "content-type": content_type}
    )
    entries = [_xml_entry(entry, url) for entry in parsed.entries]
    return Listing(pages=[entry for entry in entries if entry is not None])


def _xml_entry(entry: Any, feed_url: str) -> Entry | None:
    link = entry.get("link")
    if not link:
        return None
    # dict.get: FeedParserDict answers "updated" with "published" when the feed has no
    # updated date (a deprecated fallback), which would report a date the feed never gave.
    published, updated = dict.get(entry, "published"), dict.get(entry, "updated")
    authors = [a.get("name") for a in dict.get(entry, "authors", []) if a.get("name")]
    fields = {
        "guid": dict.get(entry, "id") or None,
        "published": listing_date_text(published),
        "updated": listing_date_text(updated),
        "authors": authors,
    }
    return _entry(join_url(feed_url, link), published, updated, fields)


def json_feed_listing(body: bytes, url: str) -> Listing:
    """JSON Feed (https://jsonfeed.org/version/1.1): `items[]` with `url` and `id`."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return Listing(pages=[])
    items = data.get("items") if isinstance(data, dict) else None
    entries = [_json_entry(item, url) for item in items or [] if isinstance(item, dict)]
    return Listing(pages=[entry for entry in entries if entry is not None])


def _json_entry(item: dict[str, Any], feed_url: str) -> Entry | None:
    link = item.get("url") or item.get("external_url")
    if not isinstance(link, str) or not link:
        return None
    # Version 1.1 has `authors` (a list), version 1.0 a single `author`.
    people = item.get("authors") or ([item["author"]] if item.get("author") else [])
    authors = [p["name"] for p in people if isinstance(p, dict) and isinstance(p.get("name"), str)]
    published, updated = _text(item.get("date_published")), _text(item.get("date_modified"))
    fields = {
        "guid": _text(item.get("id")),
        "published": listing_date_text(published),
        "updated": listing_date_text(updated),
        "authors": authors,
    }
    return _entry(join_url(feed_url, link), published, updated, fields)


def _entry(url: str, published: str | None, updated: str | None,
           fields: dict[str, Any]) -> Entry:
    date = newest(parse_listing_date(published), parse_listing_date(updated))
    return Entry(url=url, date=date, fields=fields)


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int)) and str(value).strip():
        return str(value).strip()
    return None


def announced_feeds(root: HtmlElement, url: str) -> list[str]:
    """Feeds the page parsed as `root` announces: `<link rel="alternate"
    type="application/rss+xml" href=...>` (resolved against the page's URL)."""
    found = []
    for link in root.iterfind(".//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in FEED_TYPES:
            found.append(join_url(url, link.get("href").strip()))
    return list(dict.fromkeys(found))
