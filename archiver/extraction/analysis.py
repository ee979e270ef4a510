"""One parse of a page, everything the crawl reads from it: links, feeds, requisites, article.

Runs in the extraction workers (archiver.extraction.analyse_page imports it there: the
extractor is no part of the crawl process).

The extraction worker parses each HTML page once (archiver.extraction.page.document)
and reads from that tree what the crawl process needs besides the article: the
links (archiver.discovery.links, as Scrapy's LinkExtractor finds them), the feeds a
seed page announces, and the page's requisites. The
crawl process parses no page; it decides what to do with all of this (scope,
frontier, which requisites are fetched).

A page that cannot be read (empty, binary, above trafilatura's size limit, no HTML
document) gives nothing but the reason (`unread`). A page whose Content-Type is not
HTML, although the crawl recognised it as a page by its markup, still gives its
links and requisites; only the article is refused (not_html), as before.
"""

from __future__ import annotations

from archiver.discovery.feeds import announced_feeds
from archiver.discovery.links import page_links
from archiver.discovery.requisites import page_requisites
from archiver.extraction.article import build_article
from archiver.extraction.page.document import Page, load_page, not_html_type
from archiver.extraction.result import ExtractedArticle, PageAnalysis, Skipped, Wanted


def analyse(body: bytes, url: str, wanted: Wanted, *, content_type: str | None = None,
            min_chars: int = 400, min_signals: int = 1) -> PageAnalysis:
    """What `wanted` asks for, from one parse of the page (archiver.extraction.analyse_page,
    in a worker process)."""
    page = load_page(body, url, content_type, any_type=True)
    if isinstance(page, Skipped):  # the article's reason as extract_article gives it
        article = (not_html_type(content_type) or page) if wanted.article else None
        return PageAnalysis(article=article, unread=page)
    article = _article(page, content_type, min_chars, min_signals) if wanted.article else None
    requisites = wanted.requisites == "all" or (
        wanted.requisites == "articles" and isinstance(article, ExtractedArticle))
    root = page.tree
    return PageAnalysis(
        article=article,
        links=page_links(root, url, page.encoding, wanted.deny_extensions) if wanted.links
        else [],
        feeds=announced_feeds(root, url) if wanted.feeds else [],
        requisites=page_requisites(root, url) if requisites else None,
    )


def _article(page: Page, content_type: str | None, min_chars: int,
             min_signals: int) -> ExtractedArticle | Skipped:
    refused = not_html_type(content_type)
    if refused is not None:
        return refused
    # Never a KeptPage: keep_non_articles is off.
    return build_article(page, min_chars=min_chars, min_signals=min_signals)  # type: ignore

