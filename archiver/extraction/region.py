"""The part of the page that holds the article, where bylines, dates and figures are read."""

from __future__ import annotations

import re
from itertools import chain

import lxml.etree
from lxml.html import HtmlElement

REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
# Paragraph text an ancestor of the headline must hold to be the article container.
MIN_REGION_CHARS = 300
# Page furniture around and inside an article: never a byline, date or article figure.
FURNITURE_TAGS = frozenset({"aside", "nav", "footer", "form"})
FURNITURE_CLASS = re.compile(
    r"related|recommend|share|social|comment|newsletter|promo|most-?read|sidebar|widget"
    r"|(^|[ _-])(ad|ads|advert)([ _-]|$)|teaser-list",
    re.IGNORECASE,
)

TOP_ARTICLES = lxml.etree.XPath(".//article[not(ancestor::article)]")


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


def is_furniture(element: HtmlElement, region: HtmlElement | None = None) -> bool:
    """Page furniture, or a teaser: one of several <article>s inside `region`."""
    # Only up to the region (or <body>): <html> and <body> classes are feature flags
    # such as "has-share-tools" on every page of a site.
    for node in chain([element], element.iterancestors()):
        if node is region or node.tag in ("body", "html"):
            break
        if node.tag in FURNITURE_TAGS or FURNITURE_CLASS.search(node.get("class") or ""):
            return True
    if region is None or region.tag == "article":
        return False
    return bool(element.xpath("ancestor::article")) and len(TOP_ARTICLES(region)) > 1


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in element.iter("p"))
