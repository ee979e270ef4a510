"""How each fetch was reached from a seed: Heritrix-style hop paths and the referring URL.

A hop path has one letter per hop from the seed: L for a link (or a feed or
sitemap entry), R for a redirect, P for a prerequisite (robots.txt), E for an
embed (a page requisite: image, stylesheet, font, script); a seed's path is
empty. HopPathMiddleware stamps the path of a link's parent on every request a
callback yields; redirects are counted from Scrapy's redirect_urls. A page's
requisites, scheduled from the extraction pipeline, get theirs from `embed_of`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from archiver import meta

if TYPE_CHECKING:
    from scrapy.http import Response

LINK, REDIRECT, PREREQUISITE, EMBED = "L", "R", "P", "E"


def hop_path(request: Request) -> str:
    """The hop path of this fetch (redirect hops included)."""
    base = request.meta.get(meta.HOP_PATH)
    if base is None:
        robots = urlsplit(request.url).path == "/robots.txt"
        base = PREREQUISITE if robots and request.meta.get("dont_obey_robotstxt") else ""
    return base + REDIRECT * len(request.meta.get("redirect_urls", ()))


def via(request: Request) -> str | None:
    """The URL this fetch was found through: the previous redirect hop, else the referrer."""
    redirects = request.meta.get("redirect_urls")
    return redirects[-1] if redirects else request.meta.get(meta.VIA)


class HopPathMiddleware(BaseSpiderMiddleware):
    """Gives every request a callback yields its hop path (the parent's plus L)."""

    def get_processed_request(self, request: Request, response: Response | None) -> Request:
        if response is not None and meta.HOP_PATH not in request.meta:
            hop = EMBED if request.meta.get(meta.EMBED) else LINK
            request.meta[meta.HOP_PATH] = hop_path(response.request) + hop
        return request

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        return item


def embed_of(request: Request, page: Response) -> Request:
    """A requisite of `page` as Scrapy's spider middlewares would have left it: the page's
    hop path plus E, and the page as Referer (Scrapy's default policy: not from https to
    http)."""
    request.meta[meta.HOP_PATH] = hop_path(page.request) + EMBED
    if not (page.url.startswith("https:") and request.url.startswith("http:")):
        request.headers.setdefault(b"Referer", page.url.encode("utf-8"))
    return request
