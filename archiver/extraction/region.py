"""The part of the page that holds the article, where bylines, dates and figures are read."""

from __future__ import annotations

import lxml.etree
from lxml.html import HtmlElement

REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
# Paragraph text an ancestor of the headline must hold to be the article container.
MIN_REGION_CHARS = 300
# Page furniture around and inside an article: never a byline, date or article figure.
FURNITURE = lxml.etree.XPath(
    "ancestor-or-self::*[self::aside or self::nav or self::footer or self::form"
    " or re:test(@class, 'related|recommend|share|social|comment|newsletter|promo|most-?read"
    "|sidebar|widget|(^|[ _-])(ad|ads|advert)([ _-]|$)|teaser-list', 'i')]",
    namespaces=REGEXP_NS,
)


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


def is_furniture(element: HtmlElement) -> bool:
    return bool(FURNITURE(element))


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in element.iter("p"))
