"""The news spider: seeds in, WARC-archived fetches and article records out.

`archiver crawl URL ...` and `scrapy crawl news -a seeds=URL,URL` run this
spider. A seed may be a page, a feed or a sitemap (index); every response's
kind is read from the response. Pages become article records when the
extractor says they are articles; every fetch is archived by the WARC
capture extension whether or not it becomes a record.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import canonicalize_url

from archiver.discovery import detect_kind, feed_listing, maybe_gunzip, sitemap_listing
from archiver.extensions.warc_capture import META_FETCHED_AT, META_WARC
from archiver.extraction import Skipped, extract_article, extractor_versions
from archiver.paths import user_agent
from archiver.records import build_record, sha1_digest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

META_HOPS_LEFT = "archiver_hops_left"
META_VIA = "archiver_via"


def split_seeds(seeds: str | list[str]) -> list[str]:
    if isinstance(seeds, str):
        seeds = seeds.split(",")
    return [seed.strip() for seed in seeds if seed.strip()]


def seed_domains(seeds: list[str]) -> list[str]:
    """The seeds' hosts; OffsiteMiddleware also admits their subdomains."""
    return sorted({urlsplit(seed).hostname or "" for seed in seeds} - {""})


def in_scope(url: str, domains: list[str]) -> bool:
    """Whether the URL's host is one of `domains` or a subdomain of one.

    Compares host names, not netlocs: LinkExtractor(allow_domains=...) matches
    against the netloc, so a seed with a port would match no link at all.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and any(
        host == domain or host.endswith("." + domain) for domain in domains)


class NewsSpider(Spider):
    name = "news"

    def __init__(self, seeds: str | list[str] = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seeds = split_seeds(seeds)
        self.allowed_domains = seed_domains(self.seeds)
        self.scheduled: set[str] = set()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # Spider priority: a USER_AGENT given on the command line still wins.
        settings.set("USER_AGENT", user_agent(settings), priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        kwargs.setdefault("seeds", crawler.settings.get("ARCHIVER_SEEDS"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.page_depth = settings.getint("ARCHIVER_DEPTH")
        spider.entry_depth = settings.getint("ARCHIVER_FEED_ENTRY_DEPTH")
        spider.max_pages = settings.getint("ARCHIVER_MAX_PAGES")
        spider.max_decompressed = settings.getint("ARCHIVER_MAX_DECOMPRESSED_SIZE")
        spider.min_chars = settings.getint("ARCHIVER_MIN_ARTICLE_CHARS")
        spider.min_signals = settings.getint("ARCHIVER_MIN_ARTICLE_SIGNALS")
        spider.extractor = extractor_versions()
        spider.links = LinkExtractor(unique=True)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if not self.seeds:
            self.logger.error("No seeds given: nothing to crawl")
        for seed in self.seeds:
            request = self._request(seed, hops_left=self.page_depth, via=None)
            if request is not None:
                yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        body = maybe_gunzip(response.body, self.max_decompressed)
        kind = detect_kind(body, content_type)
        self.crawler.stats.inc_value(f"archiver/kind/{kind}")
        if kind == "feed":
            yield from self._follow(feed_listing(body, response.url, content_type).pages, response,
                                    hops_left=self.entry_depth)
        elif kind == "sitemap":
            yield from self._sitemap(body, response)
        elif kind == "html":
            yield from self._page(response, content_type)
        else:
            self._skip(response, "not_html", f"content type {content_type or 'unknown'}")

    def errback(self, failure: Failure) -> None:
        request = failure.request
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        elif failure.check(IgnoreRequest):  # robots.txt or offsite: counted by their middlewares
            self.logger.info("Not fetched: %s (%s)", request.url, failure.value)
            return
        else:
            reason = failure.type.__name__
        self.crawler.stats.inc_value(f"archiver/failed/{reason}")
        self.logger.warning("Failed %s: %s", request.url, reason)

    def _sitemap(self, body: bytes, response: Response) -> Iterator[Request]:
        listing = sitemap_listing(body)
        hops_left = response.meta.get(META_HOPS_LEFT, 0)
        yield from self._follow(listing.sitemaps, response, hops_left=hops_left)
        yield from self._follow(listing.pages, response, hops_left=self.entry_depth)

    def _page(self, response: Response, content_type: str) -> Iterator[Any]:
        result = extract_article(response.body, response.url, content_type=content_type,
                                 min_chars=self.min_chars, min_signals=self.min_signals)
        if isinstance(result, Skipped):
            self._skip(response, result.reason, result.detail)
        else:
            self.crawler.stats.inc_value("archiver/articles")
            yield self._record(response, result)
        hops_left = response.meta.get(META_HOPS_LEFT, 0)
        if hops_left > 0 and isinstance(response, TextResponse):
            links = [link.url for link in self.links.extract_links(response)]
            yield from self._follow(links, response, hops_left=hops_left - 1)

    def _record(self, response: Response, article: Any) -> Any:
        pointer = response.meta.get(META_WARC)
        digest = pointer["payload_digest"] if pointer else sha1_digest(response.body)
        return build_record(
            article,
            url=response.url,
            requested_url=response.meta.get("redirect_urls", [response.url])[0],
            status=response.status,
            fetched_at=response.meta.get(META_FETCHED_AT) or datetime.now(timezone.utc),
            payload_digest=digest,
            pointer=pointer,
            extractor=self.extractor,
        )

    def _follow(self, urls: list[str], response: Response, hops_left: int) -> Iterator[Request]:
        for url in urls:
            request = self._request(response.urljoin(url), hops_left=hops_left, via=response.url)
            if request is not None:
                yield request

    def _request(self, url: str, hops_left: int, via: str | None) -> Request | None:
        """A request for an in-scope URL not yet scheduled, or None.

        Out-of-scope URLs and duplicates are dropped here, before they count
        against --max-pages; OffsiteMiddleware still checks every redirect hop.
        """
        url = urldefrag(url)[0]  # fragments are never sent; keep them out of the WARC too
        if not in_scope(url, self.allowed_domains):
            self.crawler.stats.inc_value("archiver/skipped/out_of_scope")
            return None
        if self.max_pages and len(self.scheduled) >= self.max_pages:
            self.crawler.stats.set_value("archiver/max_pages_reached", self.max_pages)
            return None
        key = canonicalize_url(url)
        if key in self.scheduled:
            return None
        self.scheduled.add(key)
        return Request(url, callback=self.parse, errback=self.errback,
                       meta={META_HOPS_LEFT: hops_left, META_VIA: via})

    def _skip(self, response: Response, reason: str, detail: str) -> None:
        self.crawler.stats.inc_value(f"archiver/skipped/{reason}")
        self.logger.info("Not an article: %s (%s: %s)", response.url, reason, detail)
