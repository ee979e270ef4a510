"""One parsed page -> an ExtractedArticle, or the reason it is not an article."""

from __future__ import annotations

from lxml.html import HtmlElement

from archiver.extraction.authors import read_authors
from archiver.extraction.body import Body, extract_body
from archiver.extraction.dates import read_dates
from archiver.extraction.document import Page
from archiver.extraction.images import Figures, read_images
from archiver.extraction.language import read_language
from archiver.extraction.metadata import (
    read_canonical_url,
    read_description,
    read_section,
    read_site_name,
    read_tags,
    site_from_title,
)
from archiver.extraction.region import article_region, dateline_headers, furniture_blocks
from archiver.extraction.result import ExtractedArticle, KeptPage, Skipped
from archiver.extraction.signals import article_signals, check_article
from archiver.extraction.structured import read_structured
from archiver.extraction.title import Headline, read_headline


def build_article(page: Page, *, min_chars: int, min_signals: int,
                  keep_non_articles: bool = False) -> ExtractedArticle | KeptPage | Skipped:
    """The article; with `keep_non_articles`, a page the gate refuses is built too (as a
    KeptPage saying why); a page without body text never is."""
    data = read_structured(page)
    site_name = read_site_name(data, page.tree)
    headline = read_headline(page.tree, data, site_name)
    region = article_region(page.tree, headline.h1)
    figures = read_images(region, data, page.base_url)
    body = _body(page, headline, figures, region)
    if body is None:
        return Skipped(reason="no_body_text", detail="trafilatura found no main text")
    authors = read_authors(data, region, headline.h1, page.base_url, site_name)
    dates = read_dates(page, data, region, headline.h1)
    signals = article_signals(data, headline, authors, dates)
    skipped = check_article(body.text, signals, min_chars, min_signals, region)
    if skipped and not keep_non_articles:
        return skipped
    article = ExtractedArticle(
        canonical_url=read_canonical_url(page.tree, data, page.base_url),
        title=headline.title,
        subtitle=headline.subtitle,
        description=read_description(data),
        authors=authors,
        date_published=dates.published,
        date_modified=dates.modified,
        section=read_section(data, page.tree, headline.h1, headline.title, page.url),
        tags=read_tags(data, region, headline.title),
        language=read_language(page.tree, data, body.text),
        site_name=site_name or site_from_title(page.tree, headline.title),
        text=body.text,
        markdown=body.markdown,
        images=figures.images,
    )
    return KeptPage(article=article, refused=skipped) if skipped else article


def _body(page: Page, headline: Headline, figures: Figures, region: HtmlElement) -> Body | None:
    """The body without the headline, the standfirst and the figure captions."""
    captions = [text for image in figures.images for text in (image.caption, image.credit)]
    return extract_body(
        page, headline.elements + figures.caption_elements + dateline_headers(region)
        + furniture_blocks(region),
        known=[headline.title, headline.subtitle, *captions],
    )
