"""The body a page declares in its structured data (schema.org `articleBody`).

Used only where the page shows no main text: pages whose text a script writes in
(the HTML carries it in JSON-LD for search engines) would otherwise be lost as
`no_body_text`. Where the page shows text, that text is what it displays and wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver.extraction.page.structured import first_text
from archiver.extraction.text.body import Body

if TYPE_CHECKING:
    from archiver.extraction.page.structured import Structured


def declared_body(data: Structured) -> Body | None:
    text = first_text(data.article.get("articleBody"))
    if not text:
        return None
    # (Read as one paragraph: the structured data reader folds its line breaks.)
    text = " ".join(text.split())
    return Body(text=text, markdown=text) if text else None
