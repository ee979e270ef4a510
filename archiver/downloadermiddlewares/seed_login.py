"""Basic auth for a seed given as `http://USER:PASSWORD@host/`, to that seed's origin only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from w3lib.http import basic_auth_header

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


class SeedLoginMiddleware:
    """Sent to the seed's scheme, host and port only (Scrapy's HttpAuthMiddleware sends one
    login to a whole domain and its subdomains). The header is added here, after the
    scheduler: the disk queue and a cluster's Redis queue never hold it. No WARC request
    record keeps it (archiver.run.redaction)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedLoginMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if b"Authorization" in request.headers:
            return
        sources = getattr(self.crawler.spider, "sources", None) or {}
        for source in sources.values():
            for login in source.logins:
                if login.matches(request.url):
                    request.headers[b"Authorization"] = basic_auth_header(login.user,
                                                                          login.password)
                    return
