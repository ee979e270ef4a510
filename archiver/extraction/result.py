"""What extraction hands back: an article's fields, or the reason it was skipped."""

from __future__ import annotations

import attrs

from archiver.items import Author, Image


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
