"""Sitemaps (urlset, sitemap index, Google News) and the `Sitemap:` lines of robots.txt.

Parsed with lxml directly rather than with `scrapy.utils.sitemap.Sitemap`,
which flattens each `<url>` into a dict of its direct children's text and so
loses the nested `news:news` values (publication date, title, keywords).
The parser resolves no entities, never touches the network and keeps lxml's
limits on huge documents; elements are matched by local name, since sites get
the sitemap namespaces wrong often enough.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree

from archiver.dates import listing_date_text, parse_listing_date
from archiver.discovery.kinds import Entry, Listing, join_url, newest

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


# libxml2's options for documents from the network: no entities resolved, nothing fetched.
_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": False,
            "remove_comments": True, "remove_pis": True}


def sitemap_listing(body: bytes, url: str = "") -> Listing:
    is_index, entries = sitemap_entries(body, url)
    found = list(entries)
    return Listing(pages=[], sitemaps=found) if is_index else Listing(pages=found)


def sitemap_entries(body: bytes, url: str = "") -> tuple[bool, Iterator[Entry]]:
    """Whether the sitemap is an index, and its entries, read as they are taken.

    A sitemap may list 50,000 URLs. A well-formed one is read as a stream, each
    entry's element dropped once read, so that its entries are never a whole
    tree and a whole list in memory. A document with errors is parsed whole
    with libxml2's recovery instead (iterparse recovers differently, and stops
    at the first byte that is not UTF-8); the entries the stream gave before
    the error are the same there, and are not given twice.
    """
    events = etree.iterparse(io.BytesIO(body), events=("start", "end"), recover=False,
                             **_OPTIONS)
    try:
        _event, root = next(events)
    except (StopIteration, ValueError, etree.LxmlError):
        root = None
    if root is None:
        recovered = _recovered(body)
        if recovered is None:
            return False, iter(())
        return _is_index(recovered), _entries_of(recovered, url)
    return _is_index(root), _streamed(events, root, body, url)


def _streamed(events: Iterator[tuple[str, etree._Element]], root: etree._Element, body: bytes,
              url: str) -> Iterator[Entry]:
    given, is_index = 0, _is_index(root)
    try:
        for event, element in events:
            if event != "end" or element.getparent() is not root:
                continue
            entry = _entry_of(element, is_index, url)
            element.clear()
            while element.getprevious() is not None:  # the entries already read
                del root[0]
            if entry is not None:
                given += 1
                yield entry
        return
    except (ValueError, etree.LxmlError):
        pass
    recovered = _recovered(body)
    if recovered is not None:
        yield from islice(_entries_of(recovered, url), given, None)


def _recovered(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, **_OPTIONS)
    try:
        return etree.fromstring(body, parser=parser)
    except (ValueError, etree.LxmlError):
        return None


def _is_index(root: etree._Element) -> bool:
    return _local(root) == "sitemapindex"


def _entries_of(root: etree._Element, url: str) -> Iterator[Entry]:
    is_index = _is_index(root)
    for element in root:
        entry = _entry_of(element, is_index, url)
        if entry is not None:
            yield entry


def _entry_of(element: etree._Element, is_index: bool, sitemap_url: str) -> Entry | None:
    """The entry of a <url> (of a <sitemap> in an index); None for anything else."""
    if _local(element) != ("sitemap" if is_index else "url"):
        return None
    return _entry(_named_children(element), sitemap_url)


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
