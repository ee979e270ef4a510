"""The standfirst (dek, chapô, Vorspann, entradilla): the summary under the headline.

Marked by its class, id or attributes in most templates ("article__desc",
"c-standfirst", data-gu-name="standfirst", id="article-summary", itemprop
"description"); on pages with generated class names it is the short paragraph
between the headline and the byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.dates.printed import date_in_text
from archiver.extraction.page.region import REGEXP_NS
from archiver.extraction.people.bylines import starts_like_byline
from archiver.extraction.textnorm import element_text

# Class and id tokens of standfirst elements ("c-standfirst", "article__dek", "vorspann").
# ("teaser" is left out: teasers are other articles; "lead" only with a prefix: Bootstrap's
# "lead" is a body paragraph.)
STANDFIRST_TOKEN = re.compile(
    r"(^|[-_])(sub-?title|sub-?head(ing|line)?|dek|deck|standfirst|strap-?line|summary"
    r"|description|desc|excerpt|chapo|chapeau|vorspann|entradilla|bajada|subtitulo|linha-fina"
    r"|intro)($|[-_])|[-_]lead($|[-_])",
    re.IGNORECASE,
)
# An "intro" this long is the bold first paragraph of the body (News Corp's "story-intro"),
# not a standfirst (The Independent's "intro").
MAX_INTRO_CHARS = 200
# Standfirst-like classes that belong to a picture, a hidden label or a teaser instead.
NOT_STANDFIRST = lxml.etree.XPath(
    "ancestor-or-self::*[@class"
    " and re:test(@class, 'photo|image|img|media|caption|figure|gallery|video"
    "|off-?screen|visually-hidden|sr-only|screen-reader', 'i') or @aria-hidden='true'"
    " or @hidden]",
    namespaces=REGEXP_NS,
)
MARKED = lxml.etree.XPath(
    "self::*[@data-gu-name='standfirst'"
    " or @itemprop and re:test(@itemprop, '^(description|alternativeHeadline)$')"
    " or @data-testid='subheadline']",
    namespaces=REGEXP_NS,
)
# How many elements after the headline are searched, and how long a standfirst may be.
WINDOW = 40
MIN_CHARS, MAX_CHARS = 10, 500
# A paragraph this long is the body: the standfirst stands before it.
BODY_PARAGRAPH_CHARS = 300
# An unmarked standfirst is at most this long and followed by a short byline or date line.
MAX_UNMARKED_CHARS = 300
MAX_DATELINE_CHARS = 200


def standfirst_element(h1: HtmlElement, title: str | None) -> HtmlElement | None:
    for element in _after(h1):
        if _is_marked(element) and not _is_long_intro(element) and not _holds_body(element):
            # A standfirst block may also hold the byline and a caption: its first paragraph.
            for candidate in (element, *element.iter("p")):
                if _fits(candidate, title):
                    return candidate
    return _unmarked(h1, title)


def _holds_body(element: HtmlElement) -> bool:
    """A wrapper of the body text ("field--type-text-with-summary"), not a standfirst."""
    return any(_is_body_paragraph(p) for p in element.iter("p"))


def _is_long_intro(element: HtmlElement) -> bool:
    text = element_text(element) or ""
    return "intro" in (element.get("class") or "").lower() and len(text) > MAX_INTRO_CHARS


def _fits(element: HtmlElement, title: str | None) -> bool:
    text = element_text(element) or ""
    return MIN_CHARS <= len(text) <= MAX_CHARS and _is_prose(text, title)


def _after(h1: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after the headline in page order, up to the first body paragraph."""
    for count, element in enumerate(_following(h1)):
        if count >= WINDOW or _is_body_paragraph(element):
            return
        if isinstance(element.tag, str) and not element.xpath("ancestor-or-self::figure"):
            yield element


def _following(element: HtmlElement) -> Iterator[HtmlElement]:
    """XPath's following::* as it is read: the elements after `element` in page order,
    its own descendants aside, each found when it is needed (the XPath finds them all,
    to the end of the page, for the first few the standfirst search reads)."""
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings(tag=lxml.etree.Element):
            yield sibling
            yield from sibling.iterdescendants(tag=lxml.etree.Element)
        node = node.getparent()


def _is_body_paragraph(element: HtmlElement) -> bool:
    return element.tag == "p" and len(element.text_content().strip()) > BODY_PARAGRAPH_CHARS


def _is_marked(element: HtmlElement) -> bool:
    if MARKED(element):
        return True
    tokens = (element.get("class") or "").split() + (element.get("id") or "").split()
    # The tokens first: most elements have none, and NOT_STANDFIRST tests every ancestor.
    if element.tag == "span" or not any(STANDFIRST_TOKEN.search(token) for token in tokens):
        return False
    return not NOT_STANDFIRST(element)


def _is_prose(text: str, title: str | None) -> bool:
    """A sentence of its own: not the headline again, a byline or a date line."""
    return text != title and not starts_like_byline(text) and not _is_dateline(text)


def _is_dateline(text: str) -> bool:
    return len(text) <= MAX_DATELINE_CHARS and date_in_text(text) is not None and len(
        text.split()) <= 8


def _unmarked(h1: HtmlElement, title: str | None) -> HtmlElement | None:
    """A short <p> or <h2> right after the headline, before its byline or date line."""
    siblings = [el for el in _following_siblings(h1) if element_text(el)]
    if not siblings:
        return None
    first, after = siblings[0], siblings[1:2]
    text = element_text(first) or ""
    if first.tag not in ("p", "h2", "h3") or len(text) > MAX_UNMARKED_CHARS:
        return None
    if not _is_prose(text, title) or len(text) < MIN_CHARS:
        return None
    if first.tag in ("h2", "h3") or (after and _is_meta_line(after[0])):
        return first
    return None


def _following_siblings(h1: HtmlElement) -> list[HtmlElement]:
    node: HtmlElement | None = h1
    while node is not None and node.tag != "body":
        siblings = [el for el in node.itersiblings() if isinstance(el.tag, str)]
        if siblings:
            return siblings
        node = node.getparent()
    return []


def _is_meta_line(element: HtmlElement) -> bool:
    """A byline or date line: short, and saying who wrote it or when."""
    text = element_text(element) or ""
    if len(text) > MAX_DATELINE_CHARS:
        return False
    return starts_like_byline(text) or _is_dateline(text) or element.find(".//time") is not None
