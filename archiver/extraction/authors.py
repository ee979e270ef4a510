"""Authors: structured data first, then the visible byline, then <meta> tags.

Bylines are split into people ("A, B & C", "A und B") and cleaned of "By",
roles, e-mail addresses and "| Site" tails; agencies sign as organizations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import attrs
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
UNSPOKEN = frozenset({"time", "script", "style", "button", "svg", "figure", "noscript"})
BUTTON_CLASS = re.compile(r"button|btn|follow|share|icon", re.IGNORECASE)
# Children of a byline that carry its date, not names.
DATE_CLASS = re.compile(r"date|time|stamp|updated|published|posted", re.IGNORECASE)
# Where a byline turns into its date line: "By A Updated Sept. 2".
DATE_LINE = re.compile(
    r"(?:^|\s)(?:Updated|Published|Posted|Last updated|Aktualisiert|Veröffentlicht|Stand|Mis à jour"
    r"|Publié|Actualizado|Publicado|Atualizado|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b.*$",
    re.IGNORECASE,
)
# Degrees and suffixes that follow a name after a comma ("Jane Doe, MD").
CREDENTIALS = frozenset({"ma", "md", "phd", "ms", "msc", "rn", "mph", "mba", "dds", "jr", "sr"})
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
SPLIT = re.compile(r"\s*(?:[,;&/+]|\s(?:and|und|y|et|e|og|i|sowie|with|avec|mit|con|com)\s)\s*")
# "A (avec B et C)": the parenthesis opens more names.
MORE_NAMES = re.compile(r"\s*\((?=(?:avec|with|mit|and|und|et|con|com)\s)", re.IGNORECASE)
WEB_ADDRESS = re.compile(r"\(?https?://\S+\)?")
CONNECTOR = re.compile(r"^(?:and|und|et|with|avec|mit|con|com)\s+", re.IGNORECASE)
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
) -> list[Author]:
    visible = _visible_authors(region, base_url)
    signed = (_structured_authors(data, base_url), _meta_authors(data))
    for authors in (_split(_without_site(signed[0], site_name)), visible,
                    _split(_without_site(signed[1], site_name))):
        if authors:
            return _with_urls(_unique(_without_site(authors, site_name)), visible)
    return []


def parse_byline(text: str) -> list[str]:
    """Names in a byline: "By A, Senior Reporter" -> ["A"]; "Von A und B" -> ["A", "B"]."""
    text = WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text.split(" | ")[0]))
    text = MORE_NAMES.sub(", ", DATE_LINE.sub("", text))
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
    segment = CONNECTOR.sub("", clean(PLACE.sub("", segment).strip(" .:-–—()[]")) or "")
    words = segment.split()
    if not words or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in segment):
        return None
    if fold(segment) in CREDENTIALS:
        return None
    if is_agency(segment) or is_agency(" ".join(w for w in words if not is_desk(w))):
        return segment
    if not segment[0].isupper() or any(w.casefold() in ROLE_WORDS for w in words):
        return None
    return segment


def _structured_authors(data: Structured, base_url: str) -> list[Author]:
    """Authors as the structured data names them, bylines not split yet."""
    authors = []
    for value in as_list(data.article.get("author")) + as_list(data.article.get("creator")):
        if isinstance(value, dict) and first_text(value.get("name")):
            authors.append(_node_author(value, base_url))
        elif isinstance(value, str) and clean(value) and not value.startswith("http"):
            authors.append(Author(name=clean(value) or ""))
    return authors


def _node_author(node: dict, base_url: str) -> Author:
    # An @id is a page only when it is a URL without a fragment ("#/schema/person/1", "_:b0").
    node_id = str(node.get("@id"))
    page_id = node_id if node_id.startswith("http") and "#" not in node_id else None
    url = absolute_url(first_text(node.get("url")) or page_id, base_url)
    organization = bool(types_of(node) & {"Organization", "NewsMediaOrganization"})
    return make_author(first_text(node.get("name")) or "", url, organization)


def _split(authors: list[Author]) -> list[Author]:
    """Person entries that hold whole bylines ("A and B") as one entry per name."""
    result = []
    for author in authors:
        names = parse_byline(author.name) if author.type == "person" else [author.name]
        url = author.url if len(names) == 1 else None
        result.extend(make_author(name, url, author.type == "organization") for name in names)
    return result


def _visible_authors(region: HtmlElement, base_url: str) -> list[Author]:
    for xpath in BYLINE_XPATHS:
        for element in xpath(region):
            authors = _element_authors(element, region, base_url)
            if authors:
                return authors
    return []


def _element_authors(element: HtmlElement, region: HtmlElement, base_url: str) -> list[Author]:
    if is_furniture(element, region) or element.xpath("ancestor::figure | ancestor::time"):
        return []
    text = _spoken_text(element)
    if not text or len(text) > MAX_BYLINE_CHARS:
        return []
    names = parse_byline(text)
    links = _author_links(element, base_url)
    linked = [i for i, name in enumerate(names) if fold(name) in links]
    if links and not linked:
        return [make_author(name, url) for name, url in links.values()]
    # Names after the last linked one are affiliations ("Jane Doe, ACLU Speech Project").
    kept = names[: linked[-1] + 1] if linked else names
    return [make_author(name, links.get(fold(name), (name, None))[1]) for name in kept]


def _author_links(element: HtmlElement, base_url: str) -> dict[str, tuple[str, str | None]]:
    """(name, URL) of the byline's links to author pages, by folded name."""
    links = [element] if element.tag == "a" else element.iter("a")
    return {
        fold(name): (name, absolute_url(link.get("href"), base_url))
        for link in links
        if _is_page_link(link)
        for name in parse_byline(_spoken_text(link) or "")
    }


def _is_page_link(link: HtmlElement) -> bool:
    """A link to a page, not a button ("Follow", "Profile") or an in-page action."""
    return bool((link.get("href") or "").strip()) and not _is_control(link)


def _is_control(element: HtmlElement) -> bool:
    href = (element.get("href") or "").strip()
    if element.tag == "a" and href.startswith(("#", "javascript:", "mailto:")):
        return True
    return BUTTON_CLASS.search(element.get("class") or "") is not None


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
    if not isinstance(element.tag, str) or element.tag in UNSPOKEN or _is_control(element):
        return False
    return not DATE_CLASS.search(element.get("class") or "")


def _meta_authors(data: Structured) -> list[Author]:
    values = [clean(v) for key in META_AUTHORS for v in data.meta.get(key, ())]
    return [Author(name=v) for v in values if v and not v.startswith("http")]


def _without_site(authors: Iterable[Author], site_name: str | None) -> list[Author]:
    # CMSs fill in the publisher as author when nobody signs; that is no byline.
    site = fold(site_name or "")
    return [author for author in authors if not site or fold(author.name) != site]


def _with_urls(authors: list[Author], visible: list[Author]) -> list[Author]:
    """Authors with the page links the byline gives them when the source had none."""
    links = {fold(author.name): author.url for author in visible if author.url}
    return [
        attrs.evolve(author, url=links.get(fold(author.name))) if not author.url else author
        for author in authors
    ]


def _unique(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    result = []
    for author in authors:
        if fold(author.name) not in seen:
            seen.add(fold(author.name))
            result.append(author)
    return result
