"""What extraction hands back: an article's fields, or the reason it was skipped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from archiver.items import Author, Image

if TYPE_CHECKING:
    from archiver.discovery.links import Link
    from archiver.discovery.requisites import Found


@attrs.define(kw_only=True)
class ExtractedArticle:
    """The extraction-derived fields of `archiver.items.ArticleRecord` (same formats)."""

    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None
    authors: list[Author] = attrs.field(factory=list)
    date_published: str | None = None
    date_modified: str | None = None
    section: str | None = None
    tags: list[str] = attrs.field(factory=list)
    language: str | None = None
    site_name: str | None = None
    text: str
    markdown: str
    images: list[Image] = attrs.field(factory=list)
    page_type: str = "article"
    """"article", or "unclassified" for a page kept without signs of being one (see
    archiver.extraction.classification.page_type). Not part of the record yet."""


@attrs.define(kw_only=True)
class Skipped:
    """A page that yields no article record."""

    reason: str
    """Short snake_case key, used as a stats key and in the crawl log, e.g. "too_short"."""
    detail: str
    """A human sentence saying what was found."""


@attrs.frozen(kw_only=True)
class KeptPage:
    """A page the article gate refused, built anyway (`archiver extract --keep-non-articles`)."""

    article: ExtractedArticle
    refused: Skipped
    """Why the gate refused it."""


@attrs.frozen
class Wanted:
    """What the crawl process wants read from a page."""

    article: bool = True
    """The article (not for a page whose body is the one already stored)."""
    links: bool = True
    feeds: bool = False
    """The feeds the page announces (a seed page, with ARCHIVER_FEED_AUTODISCOVERY)."""
    requisites: str = "none"
    """ARCHIVER_REQUISITES: "all" pages', the "articles"' only, or "none"."""
    deny_extensions: tuple[str, ...] = ()
    """Link paths ending so are no links (".jpg": Scrapy's IGNORED_EXTENSIONS)."""

    @property
    def anything(self) -> bool:
        return self.article or self.links or self.feeds or self.requisites != "none"


@attrs.frozen
class PageAnalysis:
    """What one parse of a page gave (empty lists for what was not wanted)."""

    article: ExtractedArticle | Skipped | None = None
    """None when not wanted."""
    links: list[Link] = attrs.Factory(list)
    feeds: list[str] = attrs.Factory(list)
    requisites: Found | None = None
    """None when not wanted for this page (see Wanted.requisites)."""
    unread: Skipped | None = None
    """Why the page gave nothing: it could not be read, or its worker failed."""
