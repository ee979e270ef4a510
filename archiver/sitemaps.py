"""Sitemaps (urlset, sitemap index, Google News) and the `Sitemap:` lines of robots.txt.

Parsed with lxml directly rather than with `scrapy.utils.sitemap.Sitemap`,
which flattens each `<url>` into a dict of its direct children's text and so
loses the nested `news:news` values (publication date, title, keywords).
The parser resolves no entities, never touches the network and keeps lxml's
limits on huge documents; elements are matched by local name, since sites get
the sitemap namespaces wrong often enough.
"""

from __future__ import annotations

import re

from lxml import etree

from archiver.discovery import Entry, Listing, join_url, newest
from archiver.since import listing_date_text, parse_listing_date

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           recover=True, remove_comments=True, remove_pis=True)


def sitemap_listing(body: bytes, url: str = "") -> Listing:
    try:
        root = etree.fromstring(body, parser=_parser())
    except (ValueError, etree.LxmlError):
        return Listing(pages=[])
    if root is None:
        return Listing(pages=[])
    wanted = "sitemap" if _local(root) == "sitemapindex" else "url"
    found = [_entry(_named_children(element), url) for element in root
             if _local(element) == wanted]
    entries = [entry for entry in found if entry is not None]
    return Listing(pages=[], sitemaps=entries) if wanted == "sitemap" else Listing(pages=entries)


def _entry(children: dict[str, etree._Element], sitemap_url: str) -> Entry | None:
    loc = _text(children.get("loc"))
    if not loc:
        return None
    lastmod = _text(children.get("lastmod"))
    fields: dict[str, object] = {"lastmod": listing_date_text(lastmod)}
    published = None
    if "news" in children:
        news = _named_children(children["news"])
        published = _text(news.get("publication_date"))
        keywords = _text(news.get("keywords")) or ""
        fields |= {
            "news_publication_date": listing_date_text(published),
            "news_title": _text(news.get("title")),
            "news_keywords": [word.strip() for word in keywords.split(",") if word.strip()],
        }
    date = newest(parse_listing_date(lastmod), parse_listing_date(published))
    absolute = loc.startswith(("http://", "https://"))  # as the protocol asks; urljoin is slow
    return Entry(url=loc if absolute else join_url(sitemap_url, loc), date=date, fields=fields)


def robots_sitemaps(body: bytes, url: str) -> Listing:
    """The sitemaps robots.txt names in its `Sitemap:` lines."""
    text = body.decode("utf-8", errors="replace")
    found = dict.fromkeys(join_url(url, match) for match in _SITEMAP_LINE.findall(text))
    return Listing(pages=[], sitemaps=[Entry(url=sitemap) for sitemap in found])


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _named_children(element: etree._Element) -> dict[str, etree._Element]:
    """Children by local name (the first of each name)."""
    named: dict[str, etree._Element] = {}
    for child in element:
        named.setdefault(_local(child), child)
    return named


def _text(element: etree._Element | None) -> str | None:
    text = "".join(element.itertext()).strip() if element is not None else ""
    return text or None
