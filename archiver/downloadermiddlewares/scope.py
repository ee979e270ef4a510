"""Redirects and meta refreshes kept in the crawl's scope, decided as for links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.http import Request

from archiver.frontier.sources import in_scope

if TYPE_CHECKING:
    pass

class ScopeMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter (redirects, meta refreshes, robots.txt) deciding as the
    frontier does: archiver.frontier.sources.in_scope, which refuses URLs with user info (Scrapy's
    regex passes `http://evil@news.example/`, whose connection goes to "evil@news.example")."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        domains = getattr(spider, "allowed_domains", None)
        return not domains or in_scope(request.url, domains)
