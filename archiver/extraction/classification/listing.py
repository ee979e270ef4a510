"""Listings: pages whose text is teasers of other pages (section fronts, tags, search).

A teaser is a heading that links to another page; its card is the largest element around
it that holds no other teaser (the <article>, <li> or <div> with its standfirst and meta
line). A page is a listing when it has several teasers and most of its body text is
theirs, or when several of its linked headlines each head a post printed in full (a
blog's front page). Related-story teasers under an article leave its body text to the
article (a card holds a headline and a short summary, never the article's paragraphs), and a
heading that links to the page itself (a blog post's title linking to its permalink) is
the page's own headline, no teaser.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.region import is_furniture
from archiver.extraction.textnorm import absolute_url, clean, fold

# Headings that link to other pages.
LINKED_HEADINGS = lxml.etree.XPath(
    ".//*[self::h2 or self::h3 or self::h4][.//a[@href]] | .//a[@href][.//h2 or .//h3 or .//h4]"
)
# A teaser's link text is (nearly) all of its heading; not "Section [edit]".
MIN_LINKED_SHARE = 0.6
# How far above its heading a teaser's card may reach.
MAX_CARD_LEVELS = 4
# A card holds a headline and a short summary: an element with a paragraph this long is
# the article around a teaser link (a column's author box linking to its series), no card.
MAX_CARD_PARAGRAPH = 400


def teaser_headings(root: HtmlElement, base_url: str) -> list[HtmlElement]:
    """Teaser headlines under `root`, outside page furniture (sidebars, navigation), that
    link to other pages than `base_url`'s."""
    here = _page_key(base_url)
    return [element for element in LINKED_HEADINGS(root) if _is_teaser(element, base_url, here)]


def teaser_share(root: HtmlElement, headings: list[HtmlElement], text: str) -> float:
    """The share of the body `text` (by characters) that the teasers' cards print."""
    cards = fold(" ".join(" ".join(card.itertext()) for card in _cards(headings)))
    lines = [fold(line) for line in text.splitlines() if clean(line)]
    total = sum(len(line) for line in lines)
    in_cards = sum(len(line) for line in lines if line and line in cards)
    return in_cards / total if total else 1.0


def _page_key(url: str) -> str:
    """The URL without scheme, query, fragment and trailing slash: one page's address."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"


def full_posts(headings: list[HtmlElement]) -> int:
    """How many teaser headlines head a post printed in full (a blog's front page)."""
    heading_set = set(headings)
    return sum(1 for heading in headings if _climb(heading, heading_set)[1])


def _cards(headings: list[HtmlElement]) -> Iterator[HtmlElement]:
    heading_set = set(headings)
    for heading in headings:
        yield _climb(heading, heading_set)[0]


def _climb(heading: HtmlElement, heading_set: set[HtmlElement]) -> tuple[HtmlElement, bool]:
    """The teaser's card, and whether it stopped at text too long for a card (a post)."""
    card = heading
    for level, ancestor in enumerate(heading.iterancestors()):
        if level >= MAX_CARD_LEVELS or ancestor.tag in ("body", "main", "html"):
            break
        if sum(1 for el in ancestor.iterdescendants() if el in heading_set) > 1:
            break
        if any(len(p.text_content()) > MAX_CARD_PARAGRAPH for p in ancestor.iter("p")):
            return card, True
        card = ancestor
    return card, False


def _is_teaser(element: HtmlElement, base_url: str, here: str) -> bool:
    # Furniture by markup only: teasers in <article>s of their own are what is counted.
    if is_furniture(element):
        return False
    link = element if element.tag == "a" else element.find(".//a[@href]")
    if link is None or (link.get("href") or "").startswith("#"):
        return False
    if _page_key(absolute_url(link.get("href"), base_url) or "") == here:
        return False
    heading = len(element.text_content().strip())
    return heading > 0 and len(link.text_content().strip()) >= MIN_LINKED_SHARE * heading
