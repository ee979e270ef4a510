"""The publication date the page shows with the article, in the order it is trusted:

1. a date printed under the headline ("Posted on 8 July 2024", "By Ann Lee | 8.7.2024"):
   what the reader sees wins over the machine-readable time where they disagree;
2. a <time> marked as the publication time (pubdate, a "published" class, itemprop);
3. a line of the article labelled as the publication ("Veröffentlicht am 16.08.2019",
   "Erschienen am: 01.11.2023", "Issue Published: 7 April 2020"), wherever it stands;
4. the text of an element whose class names the publication date ("post-date",
   "publish-info", "news-single-timedata", a <time> without its datetime);
5. the dateline a press release opens its first paragraph with ("Berlin, 28.10.2021 –").

Where 3. or 4. find several different days, they are a list of other stories: only the
one within HEADLINE_CHARS of the headline counts.

Never from furniture (related stories, comments, teasers), a quotation or an embedded
post, hidden text, and never a date labelled as an update.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.dates.printed import (
    PUBLISHED_LABEL,
    date_at_start,
    date_in_text,
    published_in_text,
    published_labels,
)
from archiver.extraction.dates.values import first_date
from archiver.extraction.page.region import REGEXP_NS, is_furniture, near_headline
from archiver.extraction.textnorm import element_text

TIME_PUBLISHED = lxml.etree.XPath(
    ".//time[@datetime][@pubdate"
    " or @class and re:test(@class, 'publish|posted|created|date-?pub', 'i')"
    " or @itemprop and re:test(@itemprop, 'datePublished')]",
    namespaces=REGEXP_NS,
)
TIME_MODIFIED = lxml.etree.XPath(
    ".//time[@datetime][@class and re:test(@class, 'update|modif', 'i')"
    " or @itemprop and re:test(@itemprop, 'dateModified')]",
    namespaces=REGEXP_NS,
)
# The page's text nodes, and the elements whose own text holds a given label.
TEXT_NODES = lxml.etree.XPath("//text()", smart_strings=False)
TEXT_OWNERS = lxml.etree.XPath("//*[text()[contains(., $label)]]")
# Elements whose class (or id) names a date; a <time> without its datetime. (Tested in
# Python, element by element, they are what the XPath `.//*[@class and re:test(@class,
# 'date|time|publish|posted', 'i') or @id and re:test(@id, 'date|publish', 'i')] |
# .//time[not(@datetime)]` finds, in the same order (lxml's re:test is re.search,
# re.IGNORECASE for "i"), without a call from libxml2 into Python for each class.)
DATE_CLASS = re.compile("date|time|publish|posted", re.IGNORECASE)
DATE_ID = re.compile("date|publish", re.IGNORECASE)
# Dates of updates, and of the publication, by their class (or itemprop).
UPDATE_MARK = lxml.etree.XPath(
    "self::*[@class and re:test(@class, 'update|modif', 'i')"
    " or @itemprop and re:test(@itemprop, 'dateModified')]", namespaces=REGEXP_NS,
)
PUBLISHED_MARK = lxml.etree.XPath(
    ".//*[@class and re:test(@class, 'publish|posted|date-?pub', 'i')"
    " or @itemprop and re:test(@itemprop, 'datePublished')]", namespaces=REGEXP_NS,
)
# How near the headline (characters of text) a printed, labelled or date-classed date
# must stand to be the article's where the page prints other dates too.
HEADLINE_CHARS = 500
# Text the reader does not see.
HIDDEN = lxml.etree.XPath(
    "ancestor-or-self::*[@hidden or @aria-hidden='true'"
    " or @style and re:test(@style, 'display:\\s*none', 'i')"
    " or @class and re:test(@class, '(^|\\s)(hidden|d-none|sr-only|visually-hidden)(\\s|$)',"
    " 'i')]",
    namespaces=REGEXP_NS,
)
# Class tokens of previews of other pages: their dates are theirs.
TEASER_CLASS = lxml.etree.XPath(
    "ancestor-or-self::*[@class and re:test(@class, '(^|[\\s_-])teaser', 'i')]",
    namespaces=REGEXP_NS,
)
# The paragraphs a press release's dateline may open, and how far into one it stands.
LEAD_PARAGRAPHS = 2
LEAD_CHARS = 40
# How far under the headline a printed date may stand, and how long its line may be.
HEADLINE_REACH = 5
MAX_DATELINE_CHARS = 80


def shown_date(region: HtmlElement, h1: HtmlElement | None) -> str | None:
    return (_printed_date(h1, region)
            or first_date(datetimes(TIME_PUBLISHED(region), region))
            or _labelled_date(region, h1)
            or _classed_date(region, h1)
            or _lead_dateline(region))


def datetimes(elements: Iterable[HtmlElement], region: HtmlElement) -> Iterator[str | None]:
    return (el.get("datetime") for el in elements if not is_furniture(el, region))


def _printed_date(h1: HtmlElement | None, region: HtmlElement) -> str | None:
    """A date printed in words under the headline ("Posted on 8 July 2024"), before the
    article's text goes on for HEADLINE_CHARS (a list under the text has its own dates)."""
    if h1 is None:
        return None
    found = _first_printed(near_headline(h1, HEADLINE_REACH), region)
    if found and _chars_between(h1, found[0]) is not None:
        return found[1]
    return None


def _labelled_date(region: HtmlElement, h1: HtmlElement | None) -> str | None:
    """A line that labels its date as the publication's, in the article, else anywhere
    on the page but in furniture (the line may stand in a box beside the article)."""
    page = region.getroottree().getroot()
    holders = list(_label_holders(page))
    inside = [element for element in holders
              if element is region or any(node is region for node in element.iterancestors())]
    return _labelled_in(inside, region, h1) or _labelled_in(holders, page, h1)


def _labelled_in(holders: Iterable[HtmlElement], scope: HtmlElement,
                 h1: HtmlElement | None) -> str | None:
    found = []
    for element in holders:
        # Its own text pieces are lines too ("Erschienen am: 1.11.2023<br>"), and so are
        # the parts of a meta line ("Autor: kinra | Artikel veröffentlicht am 16.12.2012").
        whole = element_text(element) or ""
        pieces = [element.text, *(child.tail for child in element)]
        lines = [line for line in [whole, *pieces, *whole.split("|")]
                 if line and len(line) <= MAX_DATELINE_CHARS and PUBLISHED_LABEL.search(line)]
        day = next(filter(None, (published_in_text(line, labelled=True) for line in lines)),
                   None)
        if day and _of_the_article(element, scope):
            found.append((element, day))
    return _one_day(found, h1)


def _label_holders(page: HtmlElement) -> Iterator[HtmlElement]:
    """The elements whose text (or whose child's text) holds a publication label, once
    each: one search over the page's text, then the few elements holding a text that
    matched (reading every element's text costs ten times more)."""
    text = "\n".join(TEXT_NODES(page))  # (tostring(method="text") runs "09Erschienen" together)
    labels = dict.fromkeys(match.group() for match in published_labels(text))
    seen: set[HtmlElement] = set()
    for label in labels:
        for owner in TEXT_OWNERS(page, label=label):
            if owner.tag in ("script", "style"):
                continue
            for element in (owner, owner.getparent()):
                if element is not None and element not in seen:
                    seen.add(element)
                    yield element


def _classed_date(region: HtmlElement, h1: HtmlElement | None) -> str | None:
    """An element whose class names a date, not an update's."""
    found = []
    for element in filter(_is_date_classed, region.iterdescendants(lxml.etree.Element)):
        text = element_text(element) or ""
        day = published_in_text(text) if len(text) <= MAX_DATELINE_CHARS else None
        if day and not _in_update(element, region) and _of_the_article(element, region):
            found.append((element, day))
    return _one_day(found, h1)


def _is_date_classed(element: HtmlElement) -> bool:
    classes, ident = element.get("class"), element.get("id")
    return (classes is not None and DATE_CLASS.search(classes) is not None
            or ident is not None and DATE_ID.search(ident) is not None
            or element.tag == "time" and element.get("datetime") is None)


def _one_day(found: list[tuple[HtmlElement, str]], h1: HtmlElement | None) -> str | None:
    """The day of the candidate nearest the headline, if it stands within HEADLINE_CHARS
    of it; farther, only where the candidates all name that one day (else they are a list
    of other stories, with their dates)."""
    if not found:
        return None
    if len({day for _, day in found}) == 1:
        return found[0][1]
    near = [(chars, day) for element, day in found
            if (chars := _chars_between(h1, element)) is not None]
    return min(near)[1] if near else None


def _lead_dateline(region: HtmlElement) -> str | None:
    """The date a press release opens its first paragraph with: "Berlin, 28.10.2021 –",
    "(21. November 2022) Energieverbraucher ...", "02.02.2022 10:16 Uhr - Bundesliga"."""
    paragraphs = (p for p in region.iter("p") if not is_furniture(p, region))
    for paragraph in islice(paragraphs, LEAD_PARAGRAPHS):
        opening = (element_text(paragraph) or "")[:LEAD_CHARS]
        day = date_at_start(opening)
        if day:
            return day
    return None


def _in_update(element: HtmlElement, region: HtmlElement) -> bool:
    for node in chain([element], element.iterancestors()):
        if node is region:
            return False
        if UPDATE_MARK(node):
            return True
    return False


def _chars_between(h1: HtmlElement | None, element: HtmlElement) -> int | None:
    """How many characters of text stand between the headline and the element (before
    or after it), or None beyond HEADLINE_CHARS."""
    if h1 is None:
        return None
    after = _chars_to(h1, element)
    return after if after is not None else _chars_to(element, h1)


def _chars_to(start: HtmlElement, target: HtmlElement) -> int | None:
    """The characters of text from `start` on to `target`, in document order; None when
    `target` is not reached within HEADLINE_CHARS."""
    chars = 0
    for node in _onwards(start):
        if node is target:
            return chars
        if isinstance(node.tag, str) and node.tag not in ("script", "style"):
            chars += len((node.text or "").strip())
        chars += len((node.tail or "").strip())
        if chars > HEADLINE_CHARS:
            return None
    return None


def _onwards(node: HtmlElement) -> Iterator[HtmlElement]:
    """The node, what it holds, and everything after it in document order."""
    yield from node.iter()
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter()
        node = node.getparent()


def _first_printed(elements: Iterable[HtmlElement], region: HtmlElement, *,
                   labelled: bool = False) -> tuple[HtmlElement, str] | None:
    """The first element with a publication date in its short text, and the date."""
    for element in elements:
        text = element_text(element) or ""
        if len(text) > MAX_DATELINE_CHARS or not date_in_text(text) or not _of_the_article(
                element, region):
            continue
        day = _marked_in_line(element) or published_in_text(_without_updates(element),
                                                            labelled=labelled)
        if day:
            return element, day
    return None


def _marked_in_line(line: HtmlElement) -> str | None:
    """The date of the part of a dateline marked as the publication, where the line
    prints the update too ("29. Dezember 2022 30. Dezember 2022", WordPress's
    <time class="entry-date published"> beside <time class="updated">)."""
    for marked in PUBLISHED_MARK(line):
        day = published_in_text(element_text(marked) or "")
        if day and not UPDATE_MARK(marked):
            return day
    return None


def _without_updates(line: HtmlElement) -> str:
    """The line's text without its parts marked as updates."""
    parts = []

    def walk(node: HtmlElement) -> None:
        if UPDATE_MARK(node):
            return
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(line)
    return " ".join(" ".join(parts).split())


def _of_the_article(element: HtmlElement, region: HtmlElement) -> bool:
    """Not furniture, a teaser, hidden, a quotation or an embedded post (a tweet's
    "— Name (@name) January 1, 2020")."""
    return not (is_furniture(element, region) or TEASER_CLASS(element) or HIDDEN(element)
                or any(node.tag == "blockquote"
                       for node in chain([element], element.iterancestors())))
