"""trafilatura's readability fallback, skipped on pages where it cannot change the result.

With its fallbacks on, trafilatura runs readability on every page
(`compare_extraction`) and takes readability's text instead of its own only when
`_prefer_readability` says so:
- its own text is empty;
- readability's is more than twice as long (and not raw JSON);
- readability's is long and its own has no paragraph text, or more tables than
  paragraphs;
- two more cases, in recall mode only.

Readability's text is part of the page's text, in document order: it drops
scripts, styles and fenced frames and keeps a selection of the rest, adding only
"VIDEO" to each video iframe. Trimmed, it is no longer than the page's trimmed
text outside scripts and styles, plus five characters an iframe. So when
trafilatura's own text is at least half that bound, has paragraph text and no
more tables than paragraphs, readability cannot win. It then gets an empty
document, whose empty text `_prefer_readability` rejects first thing, and its
1.8 ms a bench page are spared. The rest of `compare_extraction` (the
justext check) reads only trafilatura's own text, so the result is the same.

trafilatura copies the raw page for readability before it calls
`compare_extraction` (in `_extract_and_compare`, 0.5 ms a real page); the gate
therefore stands in for `_extract_and_compare`, the same three steps, and copies the
page only where readability is to run.

Checked on trafilatura 2.3.1, whose `_prefer_readability` the conditions above
restate; any other version runs its own code unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html
import trafilatura
import trafilatura.core

if TYPE_CHECKING:
    from lxml.etree import _Element
    from lxml.html import HtmlElement
    from trafilatura.settings import Extractor

CHECKED_TRAFILATURA = "2.3.1"
# The page's text less that of scripts and styles, which readability drops first
# (with fenced frames, whose text is counted here: more text only loosens the bound,
# as would text nested deeper in a script, which a parsed page does not have).
UNREAD_TAGS = frozenset({"script", "style"})
# readability writes "VIDEO" into each iframe showing a video.
IFRAME_TEXT_ADDED = len("VIDEO")

_trafilatura_extract_and_compare = trafilatura.core._extract_and_compare


@contextmanager
def readability_gated() -> Iterator[None]:
    """trafilatura calls within skip readability where it cannot win (see the module)."""
    if trafilatura.__version__ != CHECKED_TRAFILATURA:
        yield
        return
    trafilatura.core._extract_and_compare = _extract_and_compare
    try:
        yield
    finally:
        trafilatura.core._extract_and_compare = _trafilatura_extract_and_compare


def readability_cannot_win(raw_tree: HtmlElement, body: _Element, text: str,
                           options: Extractor) -> bool:
    """Whether `_prefer_readability` is False whatever readability returns from `raw_tree`."""
    if options.focus == "recall" or not text:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    return readable_length_bound(raw_tree) <= 2 * len(text)


def readable_length_bound(raw_tree: HtmlElement) -> int:
    """The most characters readability's trimmed text of `raw_tree` can have.

    Its text is a selection of the readable text in document order; leaving text
    out never adds a run of whitespace, so trimmed it is no longer.
    """
    readable = "".join(_readable_texts(raw_tree)) + (raw_tree.tail or "")
    iframes = sum(1 for _ in raw_tree.iter("iframe"))
    return len(" ".join(readable.split())) + IFRAME_TEXT_ADDED * iframes


def _readable_texts(root: HtmlElement) -> Iterator[str]:
    """The text nodes under `root` but those of scripts and styles, in document order: what
    the XPath `.//text()[not(parent::script or parent::style)]` gives, 30 % faster. (In
    lxml a text node is the text of the element it opens or the tail of the node it
    follows; a parsed page's scripts and styles hold nothing but their text.)"""
    for event, node in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            text = None if node.tag in UNREAD_TAGS else node.text
        else:  # after the node (a comment or processing instruction has no end)
            text = node.tail if node is not root else None
        if text:
            yield text


def _extract_and_compare(cleaned_tree: HtmlElement, cleaned_tree_backup: HtmlElement,
                         tree: HtmlElement, options: Extractor) -> tuple[_Element, str]:
    """trafilatura 2.3.1's `_extract_and_compare`, readability given an empty document where
    it cannot win (the bound of a copy of `tree` is that of `tree`: it is not copied)."""
    body, text = trafilatura.core.extract_content(cleaned_tree, options)
    if options.fast:
        return body, text
    if readability_cannot_win(tree, body, text, options):
        raw_tree = lxml.html.Element("html")
    else:
        raw_tree = copy(tree)
    return trafilatura.core.compare_extraction(cleaned_tree_backup, raw_tree, body, text, options)
