"""One parsed page -> an ExtractedArticle, or the reason it is not an article."""

from __future__ import annotations

from archiver.extraction.classification.page_type import classify_page
from archiver.extraction.context import PageContext, read_context
from archiver.extraction.dates.published import read_dates
from archiver.extraction.images.article_images import Figures, read_images
from archiver.extraction.language.identify import read_language
from archiver.extraction.metadata.fields import (
    read_canonical_url,
    read_description,
    read_section,
    read_tags,
    site_from_title,
)
from archiver.extraction.page.document import Page
from archiver.extraction.page.region import dateline_headers, furniture_blocks
from archiver.extraction.people.authors import read_authors
from archiver.extraction.result import ExtractedArticle, KeptPage, Skipped
from archiver.extraction.text.body import Body, extract_body, standfirst_text
from archiver.extraction.text.declared import declared_body


def build_article(page: Page, *, min_chars: int, min_signals: int,
                  keep_non_articles: bool = False) -> ExtractedArticle | KeptPage | Skipped:
    """The article; with `keep_non_articles`, a page the classification refuses is built too
    (as a KeptPage saying why); a page without body text never is."""
    context = read_context(page)
    figures = read_images(context)
    body = _body(context, figures)
    if isinstance(body, Skipped):
        return body
    authors = read_authors(context)
    dates = read_dates(context)
    page_type = classify_page(context, body.text, authors, dates, min_chars=min_chars,
                              min_signals=min_signals)
    refused = (None if page_type.keeps_record else
               Skipped(reason=page_type.reason, detail=page_type.detail))
    if refused and not keep_non_articles:
        return refused
    headline = context.headline
    article = ExtractedArticle(
        canonical_url=read_canonical_url(context),
        title=headline.title,
        subtitle=headline.subtitle,
        description=read_description(context.data),
        authors=authors,
        date_published=dates.published,
        date_modified=dates.modified,
        section=read_section(context),
        tags=read_tags(context),
        language=read_language(context, body.text),
        site_name=context.site_name or site_from_title(page.tree, headline.title),
        text=body.text,
        markdown=body.markdown,
        images=figures.images,
        page_type=page_type.page_type,
    )
    return KeptPage(article=article, refused=refused) if refused else article


def _body(context: PageContext, figures: Figures) -> Body | Skipped:
    """The body without the headline and the figure captions (a standfirst stays: the
    page displays it as part of the article)."""
    captions = [text for image in figures.images for text in (image.caption, image.credit)]
    headline, region = context.headline, context.region
    body = extract_body(
        context.page, headline.elements + figures.caption_elements + dateline_headers(region)
        + furniture_blocks(region),
        known=[headline.title, *captions], standfirst=standfirst_text(headline.standfirst),
    )
    if isinstance(body, Skipped) and body.reason == "no_body_text":
        return declared_body(context.data) or body
    return body
