"""Authors: structured data, the visible byline and <meta> tags, reconciled.

Structured data is trusted first, unless the page shows a byline that names none
of its authors (a CMS account name, an outlet filled in for nobody). An outlet or
agency that signs is kept as an organization; the site's own name is no byline where
only the metadata gives it (CMSs fill in the publisher when nobody signs), and is one
where the page's byline prints it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
from lxml.html import HtmlElement
from trafilatura.metadata import METANAME_AUTHOR

from archiver.extraction.page.structured import Structured, as_list, first_text, types_of
from archiver.extraction.people.bylines import is_label, make_author, parse_byline, whole_name
from archiver.extraction.people.visible_authors import visible_authors
from archiver.extraction.textnorm import absolute_url, clean, element_text, fold
from archiver.items import Author

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

ORGANIZATION_TYPES = frozenset({"Organization", "Corporation", "NGO", "LocalBusiness",
                                "GovernmentOrganization", "EducationalOrganization"})
# Ours first, in this order, then the others trafilatura reads ("dcterms.creator",
# "shareaholic:article_author_name"...).
OWN_META_AUTHORS = ("author", "article:author", "parsely-author", "sailthru.author", "byl",
                    "dc.creator", "citation_author")
META_AUTHORS = OWN_META_AUTHORS + tuple(sorted(METANAME_AUTHOR - set(OWN_META_AUTHORS)))


def read_authors(context: PageContext) -> list[Author]:
    return authors_of(context.data, context.region, context.h1, context.base_url,
                      context.site_name)


def authors_of(
    data: Structured, region: HtmlElement, h1: HtmlElement | None, base_url: str,
    site_name: str | None,
) -> list[Author]:
    visible = _as_outlet(visible_authors(region, h1, base_url), site_name)
    site = fold(site_name or "")
    if site and any(fold(author.name) == site for author in visible):
        site = ""  # the outlet signs
    declared = _without_site(_structured_authors(data, base_url), site)
    structured = _split(declared, declared=True)
    if structured and visible and not _shown(structured, region):
        structured = []  # the page's own byline names other people
    # Declared names that are no byline's names ("telebasel", "Rasender Reporter"): after
    # the visible byline, which names the person where the data gives a login name.
    whole = [] if structured else _whole(declared)
    meta = _as_outlet(_split(_without_site(_meta_authors(data), site)), site_name)
    for authors in (structured, visible, whole, meta):
        if authors:
            return _with_urls(_without_affiliation(_unique(authors), site_name), visible)
    return []


def _without_affiliation(authors: list[Author], site_name: str | None) -> list[Author]:
    """Without the site's own name beside people ("Rob Picheta, CNN"): it is their outlet,
    no co-author; alone, the outlet signs."""
    site = fold(site_name or "")
    kept = [author for author in authors if fold(author.name) != site]
    return kept if site and kept else authors


def _shown(authors: list[Author], region: HtmlElement) -> bool:
    """Whether the page's text names any of `authors`."""
    text = fold(element_text(region))
    return any(fold(author.name) in text for author in authors)


def _structured_authors(data: Structured, base_url: str) -> list[Author]:
    """Authors as the structured data names them, bylines not split yet."""
    authors = []
    for value in as_list(data.article.get("author")) + as_list(data.article.get("creator")):
        if isinstance(value, dict) and first_text(value.get("name")):
            authors.append(_node_author(value, base_url))
        elif isinstance(value, str) and clean(value) and not value.startswith("http"):
            authors.append(make_author(html.unescape(clean(value) or "")))
    return authors


def _node_author(node: dict, base_url: str) -> Author:
    # An @id is a page only when it is a URL without a fragment ("#/schema/person/1", "_:b0").
    node_id = str(node.get("@id"))
    page_id = node_id if node_id.startswith("http") and "#" not in node_id else None
    same_as = next(iter(as_list(node.get("sameAs"))), None)
    url = absolute_url(first_text(node.get("url")) or page_id or first_text(same_as), base_url)
    # (html.unescape: CMSs escape names twice, "Redacci&oacute;n" in the JSON.)
    name = html.unescape(first_text(node.get("name")) or "")
    return make_author(name, url, declared=_declared_type(node))


def _declared_type(node: dict) -> str | None:
    """"person" or "organization" as the structured data types the node, if it does."""
    types = types_of(node)
    if types & ORGANIZATION_TYPES or any(t.endswith("Organization") for t in types):
        return "organization"
    return "person" if "Person" in types else None


def _split(authors: list[Author], declared: bool = False) -> list[Author]:
    """Person entries that hold whole bylines ("A and B") as one entry per name.

    With `declared`, the types were set from the structured data and an entry that stays
    whole keeps its type.
    """
    result = []
    for author in authors:
        names = parse_byline(author.name) if author.type == "person" else [author.name]
        url = author.url if len(names) == 1 else None
        kind = author.type if declared and len(names) == 1 else None
        result.extend(make_author(name, url, author.type == "organization", kind)
                      for name in names if not is_label(name))
    return result


def _whole(authors: list[Author]) -> list[Author]:
    """Declared persons of whom a byline's parse finds no name, as they are named."""
    return [attrs.evolve(author, name=whole_name(author.name) or "") for author in authors
            if author.type == "person" and not parse_byline(author.name)
            and whole_name(author.name)]


def _meta_authors(data: Structured) -> list[Author]:
    values = [clean(v) for key in META_AUTHORS for v in data.meta.get(key, ())]
    return [Author(name=v) for v in values if v and not v.startswith("http")]


def _without_site(authors: Iterable[Author], site: str) -> list[Author]:
    """`authors` without the site's name (folded `site`; "" keeps every author)."""
    return [author for author in authors if not site or fold(author.name) != site]


def _as_outlet(authors: list[Author], site_name: str | None) -> list[Author]:
    """Undeclared authors with the site's own name (it signs) typed an organization."""
    site = fold(site_name or "")
    return [attrs.evolve(author, type="organization") if site and fold(author.name) == site
            else author for author in authors]


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
