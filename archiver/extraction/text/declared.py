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
    # One paragraph: first_text cleans the string as it does every value, line breaks too.
    text = first_text(data.article.get("articleBody"))
    return Body(text=text, markdown=text) if text else None
