"""Extraction: a fetched HTML page in, its article record out, or dropped with its reason.

The spider yields a `FetchedPage` for every HTML page; the page analysis middleware
(archiver.spidermiddlewares.page_analysis) has a worker (archiver.extraction.pool)
parse it once, off the reactor thread, and hands it on with the worker's `analysis`:
its links (already candidates by then), its requisites, and its article unless its
body is the one already stored. Here a page whose body is the one already stored
makes no record; a page that is not an article, or an article whose content is
unchanged, is dropped (archiver.extensions.crawl_state.PageOutcome), and the crawl
state stores its fetch (archiver.extensions.crawl_state). An article becomes its
record, as the dict the later pipelines validate and export.

Once a page is known to be an article or not, its requisites are scheduled
(archiver.extensions.requisites, as ARCHIVER_REQUISITES says), and a record
waits for the captures of its images, so that it is written complete: each
`images[]` entry with the `archive` pointer of its capture (or null).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import attrs

from archiver import meta
from archiver.extensions.crawl_state import PageOutcome
from archiver.extensions.requisites import RequisitesExtension
from archiver.extraction import Skipped, extractor_versions
from archiver.items import Discovery
from archiver.records.build import build_record, content_digest, sha1_digest
from archiver.records.duplicates import RunArticles
from archiver.spidermiddlewares import browser

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from archiver.extraction import PageAnalysis
    from archiver.state.sqlite import Fetch, UrlState

logger = logging.getLogger(__name__)


@attrs.frozen
class FetchedPage:
    """An HTML page as the spider hands it to extraction; the page analysis middleware
    adds what the crawl state knows of it and what its worker read from it."""

    response: Response
    content_type: str
    fetch: Fetch
    known: UrlState | None = None
    analysis: PageAnalysis | None = None

    def unchanged_body(self) -> bool:
        """Whether its body is the one the state stored with its outcome (no extraction)."""
        known = self.known
        return bool(known is not None and known.kind
                    and known.body_digest == self.fetch.body_digest)


class ExtractionPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.extractor = extractor_versions()
        self.articles = RunArticles()
        self.requisites = crawler.get_extension(RequisitesExtension)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        return cls(crawler)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        fetch, known = item.fetch, item.known
        if item.unchanged_body():
            if known.kind == "article":  # the same body again: no extraction, no record
                self.stats.inc_value("archiver/unchanged")
            raise PageOutcome(attrs.evolve(fetch, kind=known.kind), "unchanged_body")
        return await self._article(item, known)

    async def _article(self, page: FetchedPage, known: UrlState | None) -> dict[str, Any]:
        response, fetch = page.response, page.fetch
        result = page.analysis.article if page.analysis else None
        if result is None:  # the page analysis middleware is not enabled
            result = Skipped(reason="not_analysed", detail="no page analysis middleware")
        if isinstance(result, Skipped):
            self.stats.inc_value(f"archiver/skipped/{result.reason}")
            logger.info("Not an article: %s (%s: %s)", response.url, result.reason,
                        result.detail)
            self._requisites(page, article=False)
            if browser.maybe_script_built(self.crawler, response):
                logger.info("Loading %s again in the browser (it looks built by a script)",
                            response.url)
            raise PageOutcome(fetch, result.reason)
        self.stats.inc_value("archiver/articles")
        # The record as the dict it is exported as, made once (the pipelines take it as is).
        record = self._record(response, result, known).to_dict()
        fetch = attrs.evolve(fetch, kind="article", content_digest=content_digest(record))
        if not self.articles.first(record):
            self.stats.inc_value("archiver/skipped/duplicate_canonical")
            logger.info("Not written: %s (duplicate_canonical: %s has a record this run)",
                        response.url, record.get("canonical_url") or record["url"])
            raise PageOutcome(attrs.evolve(fetch, kind="page"), "duplicate_canonical")
        self._requisites(page, article=True, images=[image["url"] for image in record["images"]])
        if known is not None and known.content_digest == fetch.content_digest:
            self.stats.inc_value("archiver/unchanged")
            raise PageOutcome(fetch, "unchanged_content")
        response.meta[meta.EXPORT] = fetch
        if self.requisites is not None:
            record = await self.requisites.image_pointers(record)
        return record

    def _requisites(self, page: FetchedPage, article: bool, images: list[str] = ()) -> None:
        if self.requisites is not None:
            self.requisites.schedule(page, article, images)

    def _record(self, response: Response, article: Any, known: UrlState | None) -> Any:
        pointer = response.meta.get(meta.WARC)
        digest = pointer["payload_digest"] if pointer else sha1_digest(response.body)
        return build_record(
            article,
            url=response.url,
            requested_url=response.meta.get("redirect_urls", [response.url])[0],
            status=response.status,
            fetched_at=response.meta.get(meta.FETCHED_AT) or datetime.now(timezone.utc),
            payload_digest=digest,
            pointer=pointer,
            extractor=self.extractor,
            discovery=Discovery(**response.meta.get(meta.DISCOVERY, {"method": "seed"})),
            version=(known.version if known else 0) + 1,
            previous_id=known.record_id if known else None,
            capture="browser" if browser.in_browser(response) else None,
        )
