"""ARCHIVER_PROXY: every request through one HTTP proxy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import Request

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

class ProxyMiddleware:
    """Sends every request through ARCHIVER_PROXY. Scrapy's HttpProxyMiddleware, after this
    one, moves the proxy URL's credentials into a Proxy-Authorization header."""

    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        proxy = crawler.settings.get("ARCHIVER_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        request.meta.setdefault("proxy", self.proxy)
