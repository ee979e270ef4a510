"""The page's text that trafilatura builds to decide its recall escalation, skipped where a
bound already decides.

trafilatura (2.3.1, `trafilatura_sequence`) retries a short extraction in recall mode
when it covers less than ESCALATION_PAGE_SHARE of the page's text, which it measures as
`len(html2txt(tree))`: a copy of the page, cleaned (`basic_cleaning`, whose XPath calls
back into Python for every class and id), spaced at block elements and joined, about
3 ms for a real page, on half of them. Only that length is read. It is at most

    the whitespace-normalised length of the body's text
    - the non-space characters of its scripts and styles
    + 2 for each block element of the body,

because html2txt's text is the body's text with the cleaned elements (scripts and styles
among them) left out, a space put before each block element's text and tail, and runs
of whitespace made one space: leaving characters out of a text never lengthens it once
normalised, and takes at least its non-space characters off; each space put in adds at
most one. Where ESCALATION_PAGE_SHARE of that bound is no more than the extraction's
length, the retry is not due whatever html2txt returns: it then returns an empty text,
which decides the same, and the page's text is not built (a quarter of a millisecond for
the bound; on 400 real pages, html2txt's 1.7 ms a page became 0.9). The extraction's
length is the one trafilatura compares: that of the first `_extract_and_compare` of each
`trafilatura_sequence`, or of the baseline's text where that replaced it.

Checked on trafilatura 2.3.1 (readability_gate.CHECKED_TRAFILATURA), where html2txt's
text serves that comparison alone; any other version runs its own code unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import trafilatura
import trafilatura.core
from lxml.html import HtmlElement
from trafilatura.baseline import _BLOCK_ELEMS

from archiver.extraction.text.readability_gate import CHECKED_TRAFILATURA

UNREAD_TAGS = ("script", "style")


@contextmanager
def escalation_gated() -> Iterator[None]:
    """trafilatura calls within measure the page's text only where a bound cannot decide."""
    if trafilatura.__version__ != CHECKED_TRAFILATURA:
        yield
        return
    core = trafilatura.core
    sequence, extract_and_compare, baseline, html2txt = (
        core.trafilatura_sequence, core._extract_and_compare, core.baseline, core.html2txt)
    extracted: list[int] = []  # the length the extraction under way will compare, once known

    def measured_sequence(*args: Any, **kwargs: Any) -> Any:
        extracted.clear()  # a new extraction
        return sequence(*args, **kwargs)

    def measured_extract_and_compare(*args: Any) -> Any:
        body, text = extract_and_compare(*args)
        if not extracted:  # the first call is the extraction; later ones, its retry
            extracted.append(len(text))
        return body, text

    def measured_baseline(*args: Any) -> Any:
        result = baseline(*args)
        if result is not None and extracted and result[2] > extracted[0]:
            extracted[0] = result[2]  # trafilatura takes the baseline's longer text
        return result

    def gated_html2txt(tree: Any, *args: Any, **kwargs: Any) -> str:
        if (extracted and not args and not kwargs and isinstance(tree, HtmlElement)
                and core.ESCALATION_PAGE_SHARE * text_length_bound(tree) <= extracted[0]):
            return ""
        return html2txt(tree, *args, **kwargs)

    core.trafilatura_sequence = measured_sequence
    core._extract_and_compare = measured_extract_and_compare
    core.baseline = measured_baseline
    core.html2txt = gated_html2txt
    try:
        yield
    finally:
        core.trafilatura_sequence, core._extract_and_compare, core.baseline, core.html2txt = (
            sequence, extract_and_compare, baseline, html2txt)


def text_length_bound(tree: HtmlElement) -> int:
    """The most characters `trafilatura.html2txt(tree)` can give (see the module)."""
    body = tree.find(".//body")
    if body is None:
        body = tree
    unread = sum(len("".join(element.text.split()))
                 for element in body.iter(*UNREAD_TAGS) if element.text)
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return len(" ".join(body.text_content().split())) - unread + 2 * blocks
