"""The part of the page that holds the article, where bylines, dates and figures are read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

import lxml.etree
from lxml.html import HtmlElement

# Every `re:test` in the extraction's expressions is guarded by its attribute
# (`@class and re:test(@class, ...)`): lxml calls back into Python for each
# `re:test`, on elements without the attribute too, and the guard halves the time
# of such an expression. No pattern matches an empty value, so no result changes.
REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
# Paragraph text an ancestor of the headline must hold to be the article container.
MIN_REGION_CHARS = 300
# Page furniture around and inside an article: never a byline, date or article figure.
FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "form"})
# Class tokens (or token prefixes: "sharedaddy", "jp-relatedposts") of furniture. Whole
# tokens only: "node--promoted" and "commentary" are no furniture.
FURNITURE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:related|recommend|share|sharing|social|newsletter|most-?read|sidebar"
    r"|widget|teaser-list|paywall|read-?also|read-?more|more-?stories)"
    r"|(?:^|[\s_-])(?:promo|comments?|ad|ads|advert|advertisement|ad-container|epic)(?:$|[\s_-])",
    re.IGNORECASE,
)

# Headers of live-blog updates and datelines: a time and a name, no prose.
DATELINE_HEADERS = lxml.etree.XPath(".//header[.//time]")
MAX_DATELINE_CHARS = 100


def article_region(tree: HtmlElement, h1: HtmlElement | None) -> HtmlElement:
    if h1 is not None:
        for ancestor in h1.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            if ancestor.tag == "article" or _paragraph_chars(ancestor) >= MIN_REGION_CHARS:
                return ancestor
    articles = tree.xpath("//article[not(ancestor::article)]")
    if len(articles) == 1:
        return articles[0]
    return next(iter(tree.xpath("//main | //body")), tree)


def is_furniture(element: HtmlElement, region: HtmlElement | None = None,
                 tags: frozenset[str] | None = None) -> bool:
    """Page furniture, or a teaser: one of several <article>s inside `region`.

    `tags` replaces FURNITURE_TAGS, the tags that make furniture whatever their class.
    """
    tags = FURNITURE_TAGS if tags is None else tags
    # Only up to the region (or <body>): <html> and <body> classes are feature flags
    # such as "has-share-tools" on every page of a site.
    for node in chain([element], element.iterancestors()):
        if node is region or node.tag in ("body", "html"):
            break
        if node.tag in tags or FURNITURE_CLASS.search(node.get("class") or ""):
            return True
    if region is None or region.tag == "article":
        return False
    return next(element.iterancestors("article"), None) is not None and _articles(region) > 1


def _articles(region: HtmlElement) -> int:
    """How many <article>s outside any other stand in `region`, counted up to two (what
    `len(region.xpath(".//article[not(ancestor::article)]"))` was compared with, which
    read all of the region for every element tested: 0.6 ms a real page)."""
    count = 0
    for article in region.iterdescendants("article"):
        if next(article.iterancestors("article"), None) is None:
            count += 1
            if count > 1:
                break
    return count


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


def near_headline(h1: HtmlElement | None, reach: int) -> Iterator[HtmlElement]:
    """The blocks right after the headline (or after its wrapper), and what they hold."""
    node = h1
    while node is not None and node.tag != "body":
        siblings = [el for el in node.itersiblings() if isinstance(el.tag, str)]
        if siblings:
            for sibling in siblings[:reach]:
                yield sibling
                yield from sibling.iterdescendants("p", "div", "span", "em", "i", "b", "strong")
            return
        node = node.getparent()


def dateline_headers(region: HtmlElement) -> list[HtmlElement]:
    """The <header>s that hold only a time and a name (live-blog updates, datelines).

    They are no body text, and trafilatura (2.x, default mode) drops the updates that
    follow a run of them, so they are taken out before it sees the page.
    """
    return [header for header in DATELINE_HEADERS(region)
            if len(header.text_content().strip()) <= MAX_DATELINE_CHARS]


# Furniture inside the article is taken out of the body only when it is small next to the
# article: a wrapper class such as "has-share-tools" must not take the body with it.
MAX_FURNITURE_SHARE = 0.4
# Blogger and WordPress wrap whole posts in "widget" and "sidebar" containers.
LAYOUT_CLASS = re.compile(r"(?:^|[\s_-])(?:widget|sidebar)", re.IGNORECASE)
MAX_FURNITURE_PARAGRAPH = 400


def furniture_blocks(region: HtmlElement) -> list[HtmlElement]:
    """Share bars, ad slots, newsletter and support boxes, related links inside the region."""
    total = len(region.text_content())
    blocks: list[HtmlElement] = []
    for element in region.iterdescendants():
        if not isinstance(element.tag, str) or not _is_furniture_block(element):
            continue
        if any(element in block.iterdescendants() for block in blocks[-1:]):
            continue
        if len(element.text_content()) <= MAX_FURNITURE_SHARE * total and not len(
                element.xpath(".//h1")):
            blocks.append(element)
    return blocks


def _is_furniture_block(element: HtmlElement) -> bool:
    classes = element.get("class") or ""
    if element.tag not in FURNITURE_TAGS and FURNITURE_CLASS.search(classes) is None:
        return False
    # Not a layout container ("widget Blog") nor text of the article. (Read after the
    # tests above: the paragraphs under every element of the region were 1 ms a real page.)
    return not (LAYOUT_CLASS.search(classes) or any(len(p.text_content()) > MAX_FURNITURE_PARAGRAPH
                                                    for p in element.iter("p")))
