"""Redirects and meta refreshes kept in the crawl's scope, decided as for links."""

from __future__ import annotations

from scrapy import Spider
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from archiver import meta
from archiver.frontier.sources import embed_in_scope, fetchable_host, in_scope


class ScopeMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter (redirects, meta refreshes, robots.txt) deciding as the
    frontier does: archiver.frontier.sources.in_scope, which refuses URLs with user info (Scrapy's
    regex passes `http://evil@news.example/`, whose connection goes to "evil@news.example")."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        domains = getattr(spider, "allowed_domains", None)
        scope = request.meta.get(meta.EMBED_SCOPE)
        if scope is not None:  # a requisite, and its redirects: the source's embeds scope
            return embed_in_scope(request.url, scope, domains or ())
        if _robots_prerequisite(request):  # of a host some request passed this check for
            return fetchable_host(request.url) is not None
        return not domains or in_scope(request.url, domains)


def _robots_prerequisite(request: Request) -> bool:
    """robots.txt as RobotsTxtMiddleware (100, after this one) fetches it before a request
    to its host: for an image CDN too, so that its rules are obeyed."""
    return (request.meta.get("dont_obey_robotstxt") is True
            and urlparse_cached(request).path == "/robots.txt"
            and not request.meta.get("redirect_urls"))
