"""trafilatura handed the page's own tree instead of a copy of it, and the tree put back after.

`bare_extraction` copies a tree it is handed (0.6 ms a real page), because it prunes
the tree it works on. In trafilatura 2.3.1 the only changes it makes to that tree are
the removals of `prune_unwanted_nodes` as `bare_extraction` and `trafilatura_sequence`
call it on it (the `prune_xpath` elements, RAW_TREE_PRUNE_XPATH and
REMOVE_COMMENTS_AND_LISTS_XPATH); every other step reads it or copies it first
(`_prepare_tree`, readability, jusText, the baseline, `html2txt`). Within `lent(tree)`,
`bare_extraction` is handed a stand-in that its `load_html` turns into the tree itself,
so it makes no copy. While trafilatura prunes that tree, its `delete_element` is
wrapped to record each removal, and the removals are undone in reverse order at the
end, whatever happened in between: each element goes back where it stood, and the text
its tail was joined to gets its value back. The extraction steps after the body read
the tree as it was parsed (tests/unit/extraction/test_tree_loan.py holds it to that
over the corpus).

Checked on trafilatura 2.3.1 (readability_gate.CHECKED_TRAFILATURA); any other version
is handed the tree itself, which it copies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

import trafilatura
import trafilatura.core
from trafilatura import htmlprocessing
from trafilatura.xml import delete_element

from archiver.extraction.text.readability_gate import CHECKED_TRAFILATURA

if TYPE_CHECKING:
    from lxml.etree import XPath, _Element
    from lxml.html import HtmlElement

# (parent, index, element, the element whose text or tail took the element's tail, which
# of the two, its value before) for each removal, in the order made.
Removal = tuple["_Element", int, "_Element", "_Element | None", str, "str | None"]

_load_html = trafilatura.core.load_html
_prune_unwanted_nodes = trafilatura.core.prune_unwanted_nodes


@contextmanager
def lent(tree: HtmlElement) -> Iterator[Any]:
    """What to hand `bare_extraction` for `tree`; the tree as it was when the block ends."""
    if trafilatura.__version__ != CHECKED_TRAFILATURA:
        yield tree
        return
    handle = object()  # (what load_html below knows for the tree)
    removals: list[Removal] = []

    def load_html(htmlobject: Any, max_size: int | None = None) -> Any:
        return tree if htmlobject is handle else _load_html(htmlobject, max_size)

    def prune_unwanted_nodes(subject: HtmlElement, nodelist: list[XPath],
                             with_backup: bool = False) -> HtmlElement:
        if subject is not tree:
            return _prune_unwanted_nodes(subject, nodelist, with_backup)
        # trafilatura's own pruning, its removals (delete_element) recorded
        htmlprocessing.delete_element = partial(_recorded_removal, removals)
        try:
            return _prune_unwanted_nodes(subject, nodelist, with_backup)
        finally:
            htmlprocessing.delete_element = delete_element

    trafilatura.core.load_html = load_html
    trafilatura.core.prune_unwanted_nodes = prune_unwanted_nodes
    try:
        yield handle
    finally:
        trafilatura.core.load_html = _load_html
        trafilatura.core.prune_unwanted_nodes = _prune_unwanted_nodes
        _put_back(removals)


def _recorded_removal(removals: list[Removal], element: _Element,
                      keep_tail: bool = True) -> None:
    """trafilatura's `delete_element`, recorded."""
    parent = element.getparent()
    if parent is None:
        return
    joined, side, before = None, "", None
    if keep_tail and element.tail:  # joined to the previous node's tail or the parent's text
        previous = element.getprevious()
        joined, side = (parent, "text") if previous is None else (previous, "tail")
        before = getattr(joined, side)
    removals.append((parent, parent.index(element), element, joined, side, before))
    delete_element(element, keep_tail)


def _put_back(removals: list[Removal]) -> None:
    while removals:
        parent, index, element, joined, side, before = removals.pop()
        if joined is not None:
            setattr(joined, side, before)
        parent.insert(index, element)  # (lxml moves an element with its tail)
