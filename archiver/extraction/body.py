"""The body: trafilatura finds the main text; we render it as plain text and Markdown.

The headline, standfirst and figure captions are taken out of the page before
trafilatura sees it (they are fields of their own), and page-furniture labels
that trafilatura keeps as paragraphs ("SCROLL FOR NEXT") are dropped after.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable

import attrs
import lxml.etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

from archiver.extraction.document import Page
from archiver.extraction.textnorm import clean, fold

logger = logging.getLogger(__name__)

# Chosen by measurement on the test pages and the corpus (see the report of
# tests/test_extraction_corpus.py): precision drops sidebars and teaser lists that
# the balanced mode keeps, and the fallback extractors stay on for odd layouts.
TRAFILATURA_OPTIONS = {
    "favor_precision": True,
    "fast": False,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": True,
    "with_metadata": False,
}
# Interface labels that trafilatura keeps when they are marked up as paragraphs.
FURNITURE_LABELS = frozenset(
    fold(label)
    for label in (
        "Scroll for next", "Advertisement", "Anzeige", "Werbung", "Publicité", "Publicidad",
        "Story continues below advertisement", "Continue reading", "Read more", "Also read",
        "Read also", "Lesen Sie auch", "Share", "Share this article", "Share this",
        "Follow us", "Subscribe", "Sign up", "Sponsored", "Related", "Related articles",
        "Recommended", "Most read", "Comments", "Show comments", "Copy link",
        "Click here to read more",
    )
)
QUOTE_TAGS = frozenset({"quote"})


@attrs.frozen
class Body:
    text: str
    markdown: str


def extract_body(page: Page, left_out: Iterable[HtmlElement], known: Iterable[str]) -> Body | None:
    """The body, without `left_out` elements and without blocks repeating `known` texts."""
    document = _run_trafilatura(page, _pruned_tree(page.tree, left_out))
    if document is None or document.body is None:
        return None
    repeated = {fold(text) for text in known if text}
    blocks = [block for block in document.body if _is_content(block, repeated)]
    text = "\n\n".join(line for block in blocks for line in _text_lines(block))
    markdown = "\n\n".join(filter(None, (_markdown(block) for block in blocks)))
    return Body(text=text, markdown=markdown) if text else None


def _pruned_tree(tree: HtmlElement, left_out: Iterable[HtmlElement]) -> HtmlElement:
    paths = {tree.getroottree().getpath(element) for element in left_out}
    pruned = copy.deepcopy(tree)
    # Resolve every path before dropping anything: a drop renumbers the siblings.
    targets = [element for path in paths for element in pruned.xpath(path)]
    for element in targets:
        element.drop_tree()
    return pruned


def _run_trafilatura(page: Page, tree: HtmlElement):  # -> trafilatura.settings.Document | None
    # trafilatura turns its own ValueErrors into None, but lets lxml errors and
    # recursion on pathological trees through; those pages simply have no body.
    try:
        return bare_extraction(tree, url=page.url, **TRAFILATURA_OPTIONS)
    except (lxml.etree.LxmlError, ValueError, TypeError, RecursionError):
        logger.debug("trafilatura failed on %s", page.url, exc_info=True)
        return None


def _is_content(block: lxml.etree._Element, repeated: set[str]) -> bool:
    key = fold(xmltotxt(block, False))
    return bool(key) and key not in FURNITURE_LABELS and key not in repeated


def _text_lines(block: lxml.etree._Element) -> list[str]:
    return [line for line in map(clean, xmltotxt(block, False).splitlines()) if line]


def _markdown(block: lxml.etree._Element) -> str:
    markdown = re.sub(r"\n{3,}", "\n\n", xmltotxt(block, True)).strip()
    if block.tag in QUOTE_TAGS:
        # trafilatura's Markdown renders quotes as plain paragraphs.
        markdown = "\n".join(f"> {line}".rstrip() for line in markdown.splitlines())
    return markdown
