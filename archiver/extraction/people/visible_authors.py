"""The byline as the page shows it: a byline element, author links, or a "By ..." line
under the headline that has no class at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.region import REGEXP_NS, is_furniture, near_headline
from archiver.extraction.people.bylines import (
    make_author,
    parse_byline,
    parse_handle,
    starts_like_byline,
)
from archiver.extraction.textnorm import absolute_url, clean, fold
from archiver.items import Author

# Elements marked as bylines, in order of trust: a byline class (or data-testid or
# data-component), a rel="author" link, an author class or itemprop (or an <address>).
# Tested in Python in one walk over the scope (see _byline_kinds): the same elements in
# the same order as the XPath `.//*[@class and re:test(@class, ...)]` expressions this
# replaced (lxml's re:test is `re.search` with re.IGNORECASE for its "i" flag), but
# lxml called back into Python for every attribute tested: measured on 300 real pages,
# 1.4 ms a page for the three lists against 3.7 ms.
BYLINE_CLASS = re.compile(r"(^|[ _-])by-?line", re.IGNORECASE)
BYLINE_CAMEL_CLASS = re.compile(r"[a-z]By-?[Ll]ine")  # "FeatureByline"
BYLINE_MARK = re.compile("byline", re.IGNORECASE)  # data-testid, data-component
AUTHOR_REL = re.compile(r"(^| )author( |$)")
AUTHOR_CLASS = re.compile(
    r"(^|[ _-])(author|autor|auteur|autore|writer|contributor|verfasser"
    r"|creator)(s|en|in|innen|i)?(-?name|-?block|__names?)?([ _-]|$)", re.IGNORECASE)
AUTHOR_ITEMPROP = re.compile("author")
# A word each match of the three class patterns above holds, whatever its case: a class
# value without one (most of a page's) is tested no further (one search instead of three).
BYLINE_CLASS_WORDS = re.compile("by|aut|writer|contributor|verfasser|creator", re.IGNORECASE)
# Links to an author's page: rel="author", or a path of author, user or member pages.
AUTHOR_PAGE = re.compile(r"(?:^|\s)author(?:\s|$)|/(?:author|autor|auteur|autore|user|users"
                         r"|profile|profil|members?|mitglied)/", re.IGNORECASE)
UNSPOKEN = frozenset({"time", "script", "style", "button", "svg", "figure", "noscript"})
BUTTON_CLASS = re.compile(r"button|btn|follow|share|icon", re.IGNORECASE)
# Children of a byline that carry its date or its place, not names ("byline__date"), unless
# the class names the author too ("date-author": "Jane Doe, 01.12.2021").
NOT_NAMES_CLASS = re.compile(r"date|time|stamp|updated|published|posted(?!-?by)|location|place",
                             re.IGNORECASE)
NAMES_CLASS = re.compile(r"author|autor|auteur|by-?line", re.IGNORECASE)
# Credits of a picture ("article-header-image-author", "photo-credit"): no author of the text
# (on the byline element only: a name inside a byline may have any class, "imagedefault").
PICTURE_CLASS = re.compile(r"image|img|photo|foto|picture|bild|credit|caption|copyright",
                           re.IGNORECASE)
# Furniture tags inside an article's own footer or aside (see _is_furniture).
OWN_META_FURNITURE = frozenset({"nav", "form"})
# Links to a topic page, never a name.
TOPIC_REL = re.compile(r"(?:^|\s)(?:tag|category)(?:\s|$)", re.IGNORECASE)
# Reader comments print their writers as bylines.
COMMENTS = lxml.etree.XPath(
    "ancestor-or-self::*[@class and re:test(@class, 'comment|leserbrief', 'i')"
    " or @id and re:test(@id, 'comment', 'i')]", namespaces=REGEXP_NS)
# A byline ending as a sentence ends, with this many words, is an author's bio.
MIN_PROSE_WORDS = 12
# A byline block longer than this is an author bio, not a byline.
MAX_BYLINE_CHARS = 200
# How many elements after the headline an unmarked byline may stand.
HEADLINE_REACH = 5


def visible_authors(region: HtmlElement, h1: HtmlElement | None, base_url: str) -> list[Author]:
    authors = _marked_authors(region, region, base_url)
    if authors:
        return authors
    for element in near_headline(h1, HEADLINE_REACH):
        text = spoken_text(element, MAX_BYLINE_CHARS) or ""
        if starts_like_byline(text):
            return _element_authors(element, region, base_url)
    page = region.getroottree().getroot()
    body = next(iter(page.iter("body")), page)
    return [] if body is region else _beside_authors(body, base_url)


def _marked_authors(scope: HtmlElement, region: HtmlElement, base_url: str) -> list[Author]:
    """The first element marked as a byline (class, rel, itemprop) that names anyone."""
    return next((authors for _, authors in _marked(scope, region, base_url)), [])


def _marked(scope: HtmlElement, region: HtmlElement,
            base_url: str) -> Iterator[tuple[HtmlElement, list[Author]]]:
    for elements in _marked_bylines(scope):
        for element in elements:
            authors = _element_authors(element, region, base_url)
            if authors:
                yield element, authors


def _marked_bylines(scope: HtmlElement) -> tuple[list[HtmlElement], ...]:
    """The elements under `scope` marked as bylines, a list for each kind, in page order."""
    bylines: list[HtmlElement] = []
    links: list[HtmlElement] = []
    authors: list[HtmlElement] = []
    for element in scope.iterdescendants(lxml.etree.Element):
        byline, link, author = _byline_kinds(element)
        if byline:
            bylines.append(element)
        if link:
            links.append(element)
        if author:
            authors.append(element)
    return bylines, links, authors


def _any_byline(scope: HtmlElement) -> list[HtmlElement]:
    """The elements under `scope` marked as bylines of any kind, in page order."""
    return [element for element in scope.iterdescendants(lxml.etree.Element)
            if any(_byline_kinds(element))]


def _byline_kinds(element: HtmlElement) -> tuple[bool, bool, bool]:
    """Whether the element is marked as a byline, as an author link, as an author."""
    if not element.attrib:
        return False, False, element.tag == "address"
    classes = element.get("class")
    if classes is not None and BYLINE_CLASS_WORDS.search(classes) is None:
        classes = None
    byline = (classes is not None and (BYLINE_CLASS.search(classes) is not None
                                       or BYLINE_CAMEL_CLASS.search(classes) is not None)
              or _matches(element, "data-testid", BYLINE_MARK)
              or _matches(element, "data-component", BYLINE_MARK))
    link = element.tag == "a" and _matches(element, "rel", AUTHOR_REL)
    author = (classes is not None and AUTHOR_CLASS.search(classes) is not None
              or _matches(element, "itemprop", AUTHOR_ITEMPROP) or element.tag == "address")
    return byline, link, author


def _matches(element: HtmlElement, attribute: str, pattern: re.Pattern[str]) -> bool:
    value = element.get(attribute)
    return value is not None and pattern.search(value) is not None


def _beside_authors(body: HtmlElement, base_url: str) -> list[Author]:
    """A byline or author box the theme puts beside the article's container.

    Only where every marked byline of the page outside furniture and comments names the
    same people: a listing's cards, or teasers, name several.
    """
    found = [authors for element in _any_byline(body) if not COMMENTS(element)
             for authors in [_element_authors(element, body, base_url)] if authors]
    if not found:
        return []
    named = {fold(author.name) for authors in found for author in authors}
    return found[0] if named == {fold(author.name) for author in found[0]} else []


def _element_authors(element: HtmlElement, region: HtmlElement, base_url: str) -> list[Author]:
    if _is_furniture(element, region) or element.xpath("ancestor::figure | ancestor::time"):
        return []
    if _holds_no_names(element) or PICTURE_CLASS.search(element.get("class") or ""):
        return []  # "c-signature__location", "byline__date", "image-author"
    text = spoken_text(element, MAX_BYLINE_CHARS)
    if not text:
        return []
    names = [] if _is_prose(text) else parse_byline(text)
    if not names and NAMES_CLASS.search(element.get("class") or ""):
        names = [handle for handle in [parse_handle(text)] if handle]  # "telebasel"
    links = _author_links(element, base_url)
    linked = [i for i, name in enumerate(names) if fold(name) in links]
    if links and not linked:
        return [make_author(name, url) for name, url in links.values()]
    # Names after the last linked one are affiliations ("Jane Doe, ACLU Speech Project").
    kept = names[: linked[-1] + 1] if linked else names
    return [make_author(name, links.get(fold(name), (name, None))[1]) for name in kept]


def _is_prose(text: str) -> bool:
    """A sentence or more (an author's bio), where only linked names are names."""
    return len(text.split()) >= MIN_PROSE_WORDS and text.rstrip()[-1] in ".!?"


def _is_furniture(element: HtmlElement, region: HtmlElement) -> bool:
    """Furniture, except an article's own <footer> or <aside> of metadata: WordPress themes
    put the byline in `<footer class="entry-meta">`, Drupal in `<aside class="meta">`."""
    own_meta = bool(element.xpath("ancestor::*[self::footer or self::aside]/ancestor::article"))
    return is_furniture(element, region, tags=OWN_META_FURNITURE if own_meta else None)


def _holds_no_names(element: HtmlElement) -> bool:
    classes = element.get("class") or ""
    return bool(NOT_NAMES_CLASS.search(classes)) and not NAMES_CLASS.search(classes)


def _author_links(element: HtmlElement, base_url: str) -> dict[str, tuple[str, str | None]]:
    """(name, URL) of the byline's links to author pages, by folded name."""
    links = [element] if element.tag == "a" else element.iter("a")
    return {
        fold(name): (name, absolute_url(link.get("href"), base_url))
        for link in links
        if _is_page_link(link)
        for name in _link_names(link)
    }


def _link_names(link: HtmlElement) -> list[str]:
    """The names a link prints; on a link to an author page, a user name too ("gnaddrig")."""
    text = spoken_text(link) or ""
    names = parse_byline(text)
    if names or not AUTHOR_PAGE.search(f"{link.get('rel') or ''} {link.get('href') or ''}"):
        return names
    handle = parse_handle(text)
    return [handle] if handle else []


def _is_page_link(link: HtmlElement) -> bool:
    """A link to a page, not a button ("Follow", "Profile") or an in-page action."""
    return (bool((link.get("href") or "").strip()) and not _is_control(link)
            and not TOPIC_REL.search(link.get("rel") or ""))


def _is_control(element: HtmlElement) -> bool:
    href = (element.get("href") or "").strip()
    if element.tag == "a" and href.startswith(("#", "javascript:", "mailto:")):
        return True
    return BUTTON_CLASS.search(element.get("class") or "") is not None


def spoken_text(element: HtmlElement, max_chars: int | None = None) -> str | None:
    """Text of an element without dates, places, scripts and buttons; with `max_chars`,
    None for a longer one (read no further than that: an <article> can be marked "author")."""
    if max_chars is None:
        return clean(" ".join(_spoken(element)))
    parts, length = [], 0
    for part in _spoken(element):
        parts.append(part)
        length += len("".join(part.split()))  # (never more than the cleaned text's length)
        if length > max_chars:
            return None
    text = clean(" ".join(parts))
    return text if text and len(text) <= max_chars else None


def _spoken(element: HtmlElement) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if _is_spoken(child):
            yield from _spoken(child)
        yield child.tail or ""


def _is_spoken(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in UNSPOKEN or _is_control(element):
        return False
    if TOPIC_REL.search(element.get("rel") or ""):
        return False  # the post's topics beside its author: "Jane Doe / CSP / Speicher"
    return not _holds_no_names(element)
