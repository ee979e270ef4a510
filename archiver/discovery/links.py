"""The links of an HTML page, as Scrapy's LinkExtractor finds them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.http import TextResponse
    from scrapy.linkextractors import LinkExtractor


def page_links(links: LinkExtractor, response: TextResponse) -> list[str]:
    """The URLs a page links to; none when its <base href> does not parse (LinkExtractor
    raises ValueError then, which would cost the page its record too)."""
    try:
        return [link.url for link in links.extract_links(response)]
    except ValueError:
        return []
