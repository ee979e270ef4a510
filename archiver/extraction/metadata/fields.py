"""Page-level metadata: description, section, tags, site name and canonical URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.region import REGEXP_NS, is_furniture
from archiver.extraction.page.structured import Structured, as_list, first_text, texts
from archiver.extraction.textnorm import absolute_url, clean, element_text, fold, unique

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

SECTION_META = ("article:section", "og:article:section", "section", "parsely-section",
                "sailthru.section", "article.section", "cxenseparse:pageclass-section")
# Class tokens of the section label over a headline ("kicker", "eyebrow", "section-tag").
SECTION_CLASS = re.compile(
    r"(^|[-_])(section|category|categories|kicker|eyebrow|rubric|rubrik|overline|topic|channel)"
    r"($|[-_])",
    re.IGNORECASE,
)
BREADCRUMB_LINKS = lxml.etree.XPath(
    # translate() lower-cases in C; re:test calls back into Python for every element.
    # libxml2 evaluates "/descendant::" faster than "//" (descendant-or-self::node()/child::)
    # and a test on the attribute node faster than on "@class" of every element; the
    # nodes are the same.
    "/descendant::*[@class[contains(translate(., 'BREADCUM', 'breadcum'), 'breadcrumb')]"
    " or @aria-label[starts-with(translate(., 'BREADCUM', 'breadcum'), 'breadcrumb')]]"
    "/descendant::a",
    namespaces=REGEXP_NS,
)
# WordPress marks category links rel="category tag": those are the section, not tags.
TAG_LINKS = lxml.etree.XPath(
    ".//a[@rel and re:test(@rel, '(^| )tag( |$)') and not(@rel and re:test(@rel, 'category'))]"
    " | .//*[@class and re:test(@class, '(^|[ _-])(tags|topics|keywords)([ _-]|$)', 'i')]//a",
    namespaces=REGEXP_NS,
)
KEYWORD_META = ("news_keywords", "parsely-tags", "keywords", "dc.subject")
SITE_META = ("og:site_name", "application-name", "dc.publisher", "twitter:app:name:iphone")
# The logo link home: the site name as the page shows it.
HOME_LINK = lxml.etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' home ')]")
MAX_LABEL_CHARS = 60
CANONICAL_LINKS = lxml.etree.XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]")
TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]\s+")
MAX_TAGS = 50


def read_description(data: Structured) -> str | None:
    return data.first_meta("description", "og:description", "twitter:description") or first_text(
        data.article.get("description")
    )


def read_site_name(data: Structured, tree: HtmlElement) -> str | None:
    return next((name for name in _site_names(data, tree) if _is_label(name)), None)


def _site_names(data: Structured, tree: HtmlElement) -> Iterator[str | None]:
    """The site name's sources, best first, each read only if those before give none
    (the logo link home is searched for in the whole page)."""
    yield data.first_meta(SITE_META[0])
    yield first_text(data.article.get("publisher"))
    yield from (data.first_meta(key) for key in SITE_META[1:])
    yield from (first_text(node.get("name")) for node in data.of_type("WebSite"))
    yield from (_home_link_name(link) for link in HOME_LINK(tree))


def _home_link_name(link: HtmlElement) -> str | None:
    image = link.find(".//img")
    return element_text(link) or (clean(image.get("alt")) if image is not None else None)


def site_from_title(tree: HtmlElement, title: str | None) -> str | None:
    """What the <title> adds to the headline ("Headline - Site"): the site, on pages
    that name it nowhere else."""
    full = element_text(tree.find(".//title"))
    if not full or not title or not full.startswith(title):
        return None
    parts = [part for part in TITLE_SEPARATOR.split(full[len(title):]) if part.strip()]
    name = clean(parts[-1]) if parts and TITLE_SEPARATOR.match(full[len(title):]) else None
    return name if _is_label(name) and len(name or "") <= MAX_LABEL_CHARS else None


def read_canonical_url(context: PageContext) -> str | None:
    data, base_url = context.data, context.base_url
    links = CANONICAL_LINKS(context.tree)
    values = [link.get("href") for link in links] + [data.first_meta("og:url")]
    for value in values + _page_ids(data):
        url = absolute_url(value, base_url)
        if url:
            return url
    return None


def _page_ids(data: Structured) -> list[str | None]:
    """The page the structured article names as its own (mainEntityOfPage, url)."""
    page = data.article.get("mainEntityOfPage")
    if isinstance(page, dict):
        return [page.get("@id"), first_text(page.get("url")), first_text(data.article.get("url"))]
    return [first_text(page), first_text(data.article.get("url"))]


def read_section(context: PageContext) -> str | None:
    return next((section for section in _sections(context) if _is_label(section)), None)


def _sections(context: PageContext) -> Iterator[str | None]:
    """The section's sources, best first, each read only if those before give none (the
    visible breadcrumbs are searched for in the whole page)."""
    data, h1, title = context.data, context.h1, context.headline.title
    yield first_text(data.article.get("articleSection"))
    yield from (data.first_meta(key) for key in SECTION_META)
    yield _crumb(_structured_crumbs(data), title)
    yield _crumb(_visible_crumbs(context.tree), title)
    yield _kicker(h1, context.url) if h1 is not None else None


def read_tags(context: PageContext) -> list[str]:
    title = context.headline.title
    for values in _tag_sources(context):
        tags = [t for t in unique(values) if len(t) <= MAX_LABEL_CHARS and fold(t) != fold(title)]
        if tags:
            return tags[:MAX_TAGS]
    return []


def _tag_sources(context: PageContext) -> Iterator[list[str]]:
    """The tags' sources, best first, each read only if those before give none."""
    data, region = context.data, context.region
    yield data.meta.get("article:tag", [])
    yield _keywords(data.article.get("keywords"))
    yield from (_keywords(data.meta.get(key)) for key in KEYWORD_META)
    yield [element_text(a) for a in TAG_LINKS(region) if not is_furniture(a, region)]


def _is_label(value: str | None) -> bool:
    """A name as people write it, not a path or URL ("/world/middle_east")."""
    return bool(value) and not re.match(r"^(/|https?:|www\.)", value or "")


def _keywords(value: object) -> list[str]:
    return [part for text in texts(value) for part in re.split(r"[,;]", text)]


def _structured_crumbs(data: Structured) -> list[str]:
    crumbs = []
    for trail in data.of_type("BreadcrumbList"):
        items = [i for i in as_list(trail.get("itemListElement")) if isinstance(i, dict)]
        items.sort(key=lambda item: _position(item.get("position")))
        crumbs = [first_text(item.get("name")) or first_text(item.get("item")) for item in items]
    return [crumb for crumb in crumbs if crumb]


def _visible_crumbs(tree: HtmlElement) -> list[str]:
    return [text for a in BREADCRUMB_LINKS(tree) if (text := element_text(a))]


def _crumb(crumbs: list[str], title: str | None) -> str | None:
    """The last crumb before the article itself, not the home page."""
    crumbs = [c for c in crumbs if fold(c) != fold(title or "") and len(c) <= MAX_LABEL_CHARS]
    if crumbs and fold(crumbs[0]) in ("home", "startseite", "accueil", "inicio", "start"):
        crumbs = crumbs[1:]
    return crumbs[-1] if crumbs else None


def _position(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _kicker(h1: HtmlElement, url: str) -> str | None:
    """The section label over the headline: by its class or by a link to the section."""
    slug = _section_slug(url)
    for element in _before_headline(h1):
        for candidate in element.iter():
            text = element_text(candidate)
            if not text or len(text) > MAX_LABEL_CHARS or not isinstance(candidate.tag, str):
                continue
            if candidate.tag == "a" and slug and _path(candidate.get("href")) == slug:
                return text
            if any(SECTION_CLASS.search(t) for t in (candidate.get("class") or "").split()):
                return text
    return None


def _before_headline(h1: HtmlElement) -> Iterator[HtmlElement]:
    """Elements right before the headline, nearest first; its wrapper's if it leads."""
    node: HtmlElement | None = h1
    while node is not None and node.tag != "body":
        siblings = [el for el in node.itersiblings(preceding=True) if isinstance(el.tag, str)]
        if siblings:
            yield from (el for el in siblings[:3] if not is_furniture(el))
            return
        node = node.getparent()


def _section_slug(url: str) -> str | None:
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return f"/{segments[0]}" if len(segments) >= 2 else None


def _path(href: str | None) -> str | None:
    try:
        path = urlsplit(clean(href) or "").path.rstrip("/")
    except ValueError:  # malformed hosts such as "http://[x"
        return None
    return path or None
