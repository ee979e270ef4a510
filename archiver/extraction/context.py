"""What every extraction step reads about one page, built once: the per-page context."""

from __future__ import annotations

import attrs
from lxml.html import HtmlElement

from archiver.extraction.headline.title import Headline, read_headline
from archiver.extraction.metadata.fields import read_site_name
from archiver.extraction.page.document import Page
from archiver.extraction.page.region import article_region
from archiver.extraction.page.structured import Structured, read_structured


@attrs.frozen
class PageContext:
    """One parsed page and what is known of it before its fields are read."""

    page: Page
    data: Structured
    """The page's structured data and <meta> values."""
    site_name: str | None
    """The site's name as the page declares it (never guessed from the <title>)."""
    headline: Headline
    region: HtmlElement
    """The part of the page that holds the article (see archiver.extraction.page.region)."""

    @property
    def tree(self) -> HtmlElement:
        return self.page.tree

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def base_url(self) -> str:
        return self.page.base_url

    @property
    def h1(self) -> HtmlElement | None:
        return self.headline.h1


def read_context(page: Page) -> PageContext:
    data = read_structured(page)
    site_name = read_site_name(data, page.tree)
    headline = read_headline(page.tree, data, site_name, page.url)
    return PageContext(page=page, data=data, site_name=site_name, headline=headline,
                       region=article_region(page.tree, headline.h1))
