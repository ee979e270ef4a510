"""Authors: structured data first, then the visible byline, then <meta> tags.

Bylines are split into people ("A, B & C", "A und B") and cleaned of "By",
roles, e-mail addresses and "| Site" tails; agencies sign as organizations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.agencies import is_agency, is_desk
from archiver.extraction.region import REGEXP_NS, is_furniture
from archiver.extraction.structured import Structured, as_list, first_text, types_of
from archiver.extraction.textnorm import absolute_url, clean, fold
from archiver.items import Author

BYLINE_XPATHS = [
    lxml.etree.XPath(xpath, namespaces=REGEXP_NS)
    for xpath in (
        ".//*[re:test(@class, '(^|[ _-])by-?line', 'i')"
        " or re:test(@data-testid, 'byline', 'i') or re:test(@data-component, 'byline', 'i')]",
        ".//a[re:test(@rel, '(^| )author( |$)')]",
        ".//*[re:test(@class, '(^|[ _-])(author|autor|auteur|autore|writer|contributor|verfasser)"
        "(s|en|in|innen|i)?(-?name|-?block)?([ _-]|$)', 'i') or re:test(@itemprop, 'author')]"
        " | .//address",
    )
]
AUTHOR_PAGE = re.compile(
    r"/(author|autor|auteur|autore|authors|people|profile|profiles|journalist|journalists"
    r"|staff|by|writers?|contributors?|redaktion|team)/",
    re.IGNORECASE,
)
UNSPOKEN = frozenset({"time", "script", "style", "button", "svg", "figure", "noscript"})
# Children of a byline that carry its date, not names.
DATE_CLASS = re.compile(r"date|time|stamp|updated|published|posted", re.IGNORECASE)
# Where a byline turns into its date line: "By A Updated Sept. 2".
DATE_LINE = re.compile(
    r"\s(?:Updated|Published|Posted|Last updated|Aktualisiert|Veröffentlicht|Stand|Mis à jour"
    r"|Publié|Actualizado|Publicado|Atualizado)\b.*$",
    re.IGNORECASE,
)
META_AUTHORS = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                "dc.creator", "citation_author")
# A byline block longer than this is an author bio, not a byline.
MAX_BYLINE_CHARS = 200

PREFIX = re.compile(
    r"^(?:(?:written|reported|text|words|story|posted|published|photos?)\s+)?"
    r"(?:by|von|par|por|door|av|af|przez)\b[:\s]*"
    r"|^(?:autor(?:in|en)?|authors?|auteurs?|text|texte)\s*:\s*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\S+@\S+\.\w+|@\w+")
# Separators between names; the one-letter ones only in lower case (not initials).
SPLIT = re.compile(r"\s*(?:[,;&/+]|\s(?:and|und|y|et|e|og|i|sowie|with)\s)\s*")
PLACE = re.compile(r"\s+(?:in|aus|from|en|em|à)\s+[A-Z].*$")
ROLE_WORDS = frozenset("""
    reporter reporters correspondent correspondents editor editors writer writers columnist
    contributor contributors producer analyst journalist journalists photographer photographers
    senior chief deputy associate bureau special contributing reporting staff news editorial
    correspondence updated published redakteur redakteurin korrespondent korrespondentin
    reporterin autorin mitarbeiter chefredakteur journaliste correspondant correspondante
    envoyé envoyée spécial spéciale corresponsal redactor redactora repórter editora
""".split())
MAX_NAME_WORDS = 5


def read_authors(
    data: Structured, region: HtmlElement, base_url: str, site_name: str | None
) -> tuple[list[Author], bool]:
    """The authors and whether the page shows a byline."""
    visible = _visible_authors(region, base_url)
    for authors in (_structured_authors(data, base_url), visible, _meta_authors(data)):
        authors = _without_site(authors, site_name) if authors is not visible else authors
        if authors:
            return _unique(authors), bool(visible)
    return [], bool(visible)


def parse_byline(text: str) -> list[str]:
    """Names in a byline: "By A, Senior Reporter" -> ["A"]; "Von A und B" -> ["A", "B"]."""
    text = DATE_LINE.sub("", EMAIL.sub(" ", text.split(" | ")[0]))
    text = PREFIX.sub("", clean(text) or "")
    names = []
    for segment in SPLIT.split(text):
        name = _name(PREFIX.sub("", segment))
        if name:
            names.append(name)
    return names


def make_author(name: str, url: str | None = None, organization: bool = False) -> Author:
    organization = organization or is_agency(name) or is_desk(name)
    return Author(name=name, url=url, type="organization" if organization else "person")


def _name(segment: str) -> str | None:
    segment = clean(PLACE.sub("", segment).strip(" .:-–—()[]")) or ""
    words = segment.split()
    if not words or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in segment):
        return None
    if is_agency(segment) or is_agency(" ".join(w for w in words if not is_desk(w))):
        return segment
    if not segment[0].isupper() or any(w.casefold() in ROLE_WORDS for w in words):
        return None
    return segment


def _structured_authors(data: Structured, base_url: str) -> list[Author]:
    authors = []
    for value in as_list(data.article.get("author")) + as_list(data.article.get("creator")):
        if isinstance(value, dict):
            authors.extend(_node_authors(value, base_url))
        elif isinstance(value, str) and not value.startswith("http"):
            authors.extend(make_author(name) for name in parse_byline(value))
    return authors


def _node_authors(node: dict, base_url: str) -> list[Author]:
    name = first_text(node.get("name"))
    if not name:
        return []
    url = absolute_url(first_text(node.get("url")) or node.get("@id"), base_url)
    url = url if url and "#" not in url else None  # "#/schema/person/..." ids are no pages
    if types_of(node) & {"Organization", "NewsMediaOrganization"}:
        return [make_author(name, url, organization=True)]
    names = parse_byline(name)
    return [make_author(n, url if len(names) == 1 else None) for n in names]


def _visible_authors(region: HtmlElement, base_url: str) -> list[Author]:
    for xpath in BYLINE_XPATHS:
        for element in xpath(region):
            authors = _element_authors(element, base_url)
            if authors:
                return authors
    return []


def _element_authors(element: HtmlElement, base_url: str) -> list[Author]:
    if is_furniture(element) or element.xpath("ancestor::figure | ancestor::time"):
        return []
    text = _spoken_text(element)
    if not text or len(text) > MAX_BYLINE_CHARS:
        return []
    linked = list(_linked_authors(element, base_url))
    if linked:
        return linked
    return [make_author(name) for name in parse_byline(text)]


def _linked_authors(element: HtmlElement, base_url: str) -> Iterator[Author]:
    links = [element] if element.tag == "a" else element.iter("a")
    for link in links:
        href = link.get("href") or ""
        if "author" in (link.get("rel") or "").split() or AUTHOR_PAGE.search(href):
            for name in parse_byline(_spoken_text(link) or ""):
                yield make_author(name, absolute_url(href, base_url))


def _spoken_text(element: HtmlElement) -> str | None:
    """Text of an element without dates, scripts and buttons."""
    return clean(" ".join(_spoken(element)))


def _spoken(element: HtmlElement) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if _is_spoken(child):
            yield from _spoken(child)
        yield child.tail or ""


def _is_spoken(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in UNSPOKEN:
        return False
    return not DATE_CLASS.search(element.get("class") or "")


def _meta_authors(data: Structured) -> list[Author]:
    values = [v for key in META_AUTHORS for v in data.meta.get(key, ())]
    return [
        make_author(name)
        for value in values
        if not value.strip().startswith("http")
        for name in parse_byline(value)
    ]


def _without_site(authors: Iterable[Author], site_name: str | None) -> list[Author]:
    # CMSs fill in the publisher as author when nobody signs; that is no byline.
    site = fold(site_name or "")
    return [author for author in authors if not site or fold(author.name) != site]


def _unique(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    result = []
    for author in authors:
        if fold(author.name) not in seen:
            seen.add(fold(author.name))
            result.append(author)
    return result
