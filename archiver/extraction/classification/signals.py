"""The signs a page gives of being an article."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.region import REGEXP_NS
from archiver.extraction.page.structured import ARTICLE_TYPES

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext
    from archiver.extraction.dates.published import Dates
    from archiver.items import Author

DATELINE = lxml.etree.XPath(
    ".//time | .//*[@class and re:test(@class, 'byline|author|dateline', 'i') or @rel='author']",
    namespaces=REGEXP_NS,
)


# A publication date in the URL path: /2024/05/16/, /2024/05/, -20240516-.
DATE_IN_URL = re.compile(
    r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/|(?<!\d)(?:19|20)\d\d([_.-])(?:0?[1-9]|1[0-2])\1"
    r"(?:0?[1-9]|[12]\d|3[01])(?!\d)|(?<!\d)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"(?!\d)")


def article_signals(context: PageContext, authors: list[Author], dates: Dates) -> list[str]:
    """Names of the article signals the page shows."""
    data, headline = context.data, context.headline
    found = {
        "og_type_article": (data.first_meta("og:type") or "").lower() == "article",
        "structured_article": any(data.of_type(*ARTICLE_TYPES)),
        "article_element": _in_dated_article(headline.h1),
        "byline": bool(authors),
        "published_date": dates.marked_up,
        "date_in_url": bool(DATE_IN_URL.search(urlsplit(context.url).path)),
        "headline_matches_title": headline.h1_matches,
    }
    return [name for name, present in found.items() if present]


def _in_dated_article(h1: HtmlElement | None) -> bool:
    """The headline stands in an <article> with its dateline or byline.

    A bare <article> is no sign: many templates wrap every page (about, staff) in one.
    """
    if h1 is None:
        return False
    return any(article.tag == "article" and DATELINE(article) for article in h1.iterancestors())
