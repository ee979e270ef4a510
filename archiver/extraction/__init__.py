"""Page bytes -> article fields: body text and Markdown, metadata, authors, dates, images.

No network and no Scrapy: the input is the response body, its URL and its
Content-Type header. Pages that are not articles come back as `Skipped` with a
named reason; bad input never raises.
"""

from __future__ import annotations

from archiver.extraction.result import ExtractedArticle, KeptPage, PageAnalysis, Skipped, Wanted
from archiver.extraction.versions import extractor_versions

__all__ = ["ExtractedArticle", "KeptPage", "PageAnalysis", "Skipped", "Wanted", "analyse_page",
           "extract_article", "extractor_versions"]


def extract_article(
    body: bytes,
    url: str,
    *,
    content_type: str | None = None,
    min_chars: int = 400,
    min_signals: int = 1,
    keep_non_articles: bool = False,
) -> ExtractedArticle | KeptPage | Skipped:
    """The article in `body`, or why there is none.

    `min_chars` and `min_signals` come from ARCHIVER_MIN_ARTICLE_CHARS and
    ARCHIVER_MIN_ARTICLE_SIGNALS (see archiver.extraction.classification.signals).
    """
    # Imported here: the crawl process needs this package's types but not the
    # extractor itself (trafilatura, extruct, rdflib: about a second of start-up);
    # the extraction workers get it preloaded (archiver.extraction.preload).
    from archiver.extraction.article import build_article
    from archiver.extraction.page.document import load_page

    page = load_page(body, url, content_type)
    if isinstance(page, Skipped):
        return page
    return build_article(page, min_chars=min_chars, min_signals=min_signals,
                         keep_non_articles=keep_non_articles)


def analyse_page(body: bytes, url: str, wanted: Wanted, *, content_type: str | None = None,
                 min_chars: int = 400, min_signals: int = 1) -> PageAnalysis:
    """From one parse of the page, what the crawl wants: its article, links, announced
    feeds and requisites (archiver.extraction.analysis)."""
    from archiver.extraction.analysis import analyse  # the extractor: see extract_article

    return analyse(body, url, wanted, content_type=content_type, min_chars=min_chars,
                   min_signals=min_signals)
