"""Is the page an article? Enough body text and enough independent signs of one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.region import REGEXP_NS, is_furniture
from archiver.extraction.page.structured import ARTICLE_TYPES
from archiver.extraction.result import Skipped

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext
    from archiver.extraction.dates.published import Dates
    from archiver.items import Author

# Teasers on section fronts, tag and search pages: headings that link to other pages.
LINKED_HEADINGS = lxml.etree.XPath(
    ".//*[self::h2 or self::h3 or self::h4][.//a[@href]] | .//a[@href][.//h2 or .//h3 or .//h4]"
)
# A teaser's link text is (nearly) all of its heading; not "Section [edit]".
MIN_LINKED_SHARE = 0.6
# A page with this many teaser headlines and no article metadata is a listing.
MIN_TEASERS = 3
DATELINE = lxml.etree.XPath(
    ".//time | .//*[@class and re:test(@class, 'byline|author|dateline', 'i') or @rel='author']",
    namespaces=REGEXP_NS,
)


def article_signals(context: PageContext, authors: list[Author], dates: Dates) -> list[str]:
    """Names of the article signals the page shows."""
    data, headline = context.data, context.headline
    found = {
        "og_type_article": (data.first_meta("og:type") or "").lower() == "article",
        "structured_article": any(data.of_type(*ARTICLE_TYPES)),
        "article_element": _in_dated_article(headline.h1),
        "byline": bool(authors),
        "published_date": dates.marked_up,
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


def check_article(
    text: str, signals: list[str], min_chars: int, min_signals: int, region: HtmlElement
) -> Skipped | None:
    teasers = _teasers(region)
    if teasers >= MIN_TEASERS and not {"og_type_article", "structured_article"} & set(signals):
        return Skipped(
            reason="listing_page",
            detail=f"{teasers} teaser headlines and no article metadata",
        )
    if len(text) < min_chars:
        return Skipped(
            reason="too_short",
            detail=f"{len(text)} characters of body text, fewer than {min_chars}",
        )
    if len(signals) < min_signals:
        shown = ", ".join(signals) or "none"
        return Skipped(
            reason="no_article_signals",
            detail=f"{len(signals)} article signals ({shown}), fewer than {min_signals}",
        )
    return None


def _teasers(region: HtmlElement) -> int:
    """Teaser headlines in the part of the page around the headline (not in sidebars)."""
    return sum(1 for el in LINKED_HEADINGS(region) if _is_teaser(el))


def _is_teaser(element: HtmlElement) -> bool:
    # Furniture by markup only: teasers in <article>s of their own are what is counted.
    if is_furniture(element):
        return False
    link = element if element.tag == "a" else element.find(".//a[@href]")
    if link is None or (link.get("href") or "").startswith("#"):
        return False
    heading = len(element.text_content().strip())
    return heading > 0 and len(link.text_content().strip()) >= MIN_LINKED_SHARE * heading
