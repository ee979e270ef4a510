"""A document's elements as an absolute XPath (`//*`, `/descendant::*`) finds them.

libxml2 can leave elements beside the root element (archiver.extraction.page.document
moves their content into the page, not the elements themselves): `//*` finds them too,
and so does `document_elements`, in document order.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import lxml.etree
from lxml.html import HtmlElement


def document_elements(tree: HtmlElement, *tags: str) -> Iterator[HtmlElement]:
    """The elements of the document `tree` belongs to (with `tags`: those), in order."""
    root = tree.getroottree().getroot()
    tops = chain(reversed(list(root.itersiblings(preceding=True))), [root], root.itersiblings())
    for top in tops:
        yield from top.iter(*tags) if tags else top.iter(lxml.etree.Element)
