"""The headline (without site-name suffixes) and the standfirst under it."""

from __future__ import annotations

import re

import attrs
import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.headline.standfirst import standfirst_element
from archiver.extraction.page.structured import Structured, first_text
from archiver.extraction.textnorm import clean, element_text, fold

# " | Site", " - Site", " – Site" ...: separators between a title and a site name.
SEPARATOR = re.compile(r"\s+[|\-–—·•»:~]\s+")
OUTSIDE = lxml.etree.XPath("ancestor::*[self::header or self::nav or self::footer or self::aside]")
# Paragraph text an article <header> holds at most; more and it is wrapping the body.
MAX_HEADER_CHARS = 800


@attrs.frozen
class Headline:
    title: str | None
    subtitle: str | None
    h1: HtmlElement | None
    """The headline element, if the page has one that is the article's."""
    h1_matches: bool
    """True when the h1 is the headline that og:title or the structured data name."""
    elements: list[HtmlElement]
    """Headline and standfirst elements (or the <header> around them), kept out of the body."""


def read_headline(tree: HtmlElement, data: Structured, site_name: str | None) -> Headline:
    named = _named_titles(tree, data)
    h1 = _headline_element(tree, named)
    h1_text = element_text(h1)
    title = h1_text if _matches(h1_text, named) else _metadata_title(tree, data, site_name)
    title = title or h1_text
    subtitle_element = standfirst_element(h1, title) if h1 is not None else None
    # <title> repeats the h1 on every page of most sites: only article metadata counts here.
    declared = [t for t in named if t != element_text(tree.find(".//title"))]
    return Headline(
        title=title,
        subtitle=first_text(data.article.get("alternativeHeadline"))
        or element_text(subtitle_element),
        h1=h1,
        h1_matches=_matches(h1_text, declared),
        elements=_left_out(h1, subtitle_element),
    )


def strip_site_name(title: str | None, site_name: str | None) -> str | None:
    """`title` without a leading or trailing site name ("Title | Site")."""
    title = clean(title)
    if not title:
        return None
    parts = SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    kept = [part for part in parts if not _is_site_name(part, site_name)]
    if len(kept) == len(parts) and " | " in title:
        # What follows a pipe is not the headline even when the site name is unknown.
        return clean(title.split(" | ")[0])
    return _rejoin(title, kept) if kept else title


def _rejoin(title: str, kept: list[str]) -> str:
    start = title.index(kept[0])
    end = title.rindex(kept[-1]) + len(kept[-1])
    return title[start:end]


def _is_site_name(part: str, site_name: str | None) -> bool:
    return bool(site_name) and fold(part) == fold(site_name or "")


def _named_titles(tree: HtmlElement, data: Structured) -> list[str]:
    values = [
        first_text(data.article.get("headline")),
        data.first_meta("og:title", "twitter:title"),
        element_text(tree.find(".//title")),
    ]
    return [value for value in values if value]


def _metadata_title(tree: HtmlElement, data: Structured, site_name: str | None) -> str | None:
    for value in _named_titles(tree, data):
        title = strip_site_name(value, site_name)
        if title:
            return title
    return None


def _headline_element(tree: HtmlElement, named: list[str]) -> HtmlElement | None:
    h1s = [h1 for h1 in tree.iter("h1") if element_text(h1)]
    for h1 in h1s:
        if _matches(element_text(h1), named):
            return h1
    inside = [h1 for h1 in h1s if not OUTSIDE(h1)]
    return inside[0] if len(inside) == 1 else None


def _matches(h1: str | None, titles: list[str]) -> bool:
    return h1 is not None and any(_same_title(h1, title) for title in titles)


def _left_out(h1: HtmlElement | None, subtitle: HtmlElement | None) -> list[HtmlElement]:
    header = _article_header(h1) if h1 is not None else None
    return [el for el in (h1 if header is None else header, subtitle) if el is not None]


def _same_title(h1: str, title: str) -> bool:
    """True when `title` is the headline, maybe with a site name or cut short."""
    a, b = fold(h1), fold(title)
    if not a or not b:
        return False
    return a == b or (a in b and len(a) >= 10) or (b in a and len(b) >= 0.6 * len(a))


def _article_header(h1: HtmlElement) -> HtmlElement | None:
    """The <header> of the article around the headline: kicker, standfirst, byline, dateline."""
    for header in h1.iterancestors("header"):
        text = sum(len(p.text_content()) for p in header.iter("p"))
        return header if text <= MAX_HEADER_CHARS else None
    return None
