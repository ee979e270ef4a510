"""A news site whose content the tests change between runs, served by the demo SiteServer.

Articles, an RSS feed, a JSON Feed and a Google News sitemap live in memory
and are answered through `SiteServer.add_route`. A site made with
`honours_validators=True` answers If-None-Match / If-Modified-Since with 304;
otherwise it sends ETag and Last-Modified but always answers 200 in full.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import threading
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

import attrs

from archiver.demo.server import Reply, RequestInfo, SiteServer

# robots.txt names a sitemap index, which names a gzip Google News sitemap.
LISTINGS = ("/robots.txt", "/feed.xml", "/feed.json", "/sitemap-index.xml", "/news-sitemap.xml.gz")
PARAGRAPH = ("The harbour board met on {day} to discuss {topic}. Members heard from fishers, "
             "ferry crews and shop owners, who asked for clear timetables and fair fees. ")


@attrs.define
class Article:
    path: str
    title: str
    published: datetime
    modified: datetime
    edition: int = 1
    author: str = "Ann Writer"
    keywords: str = "harbour, council"

    def html(self) -> bytes:
        body = "".join(
            f"<p>{html.escape(PARAGRAPH.format(day=self.published.date(), topic=self.title))}"
            f"Edition {self.edition}, paragraph {n}.</p>\n" for n in range(4))
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(self.title)}</title>"
            '<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{self.published.isoformat()}">'
            "</head><body><article>"
            f"<h1>{html.escape(self.title)}</h1><p class=\"byline\">By {self.author}</p>"
            f"{body}</article></body></html>").encode()


class ChangingSite:
    def __init__(self, server: SiteServer, *, honours_validators: bool) -> None:
        self.server = server
        self.honours = honours_validators
        self.articles: dict[str, Article] = {}
        self.in_feed: list[str] = []
        self.in_sitemap: list[str] = []
        self.in_json_feed: list[str] = []
        self.blocked: dict[str, threading.Event] = {}
        self.failing: set[str] = set()
        for path in LISTINGS:
            server.add_route(path, self._handle)

    def url(self, path: str) -> str:
        return self.server.url(path)

    def publish(self, article: Article, *, feed: bool = False, sitemap: bool = False,
                json_feed: bool = False) -> None:
        self.articles[article.path] = article
        self.server.add_route(article.path, self._handle)
        for wanted, listing in ((feed, self.in_feed), (sitemap, self.in_sitemap),
                                (json_feed, self.in_json_feed)):
            if wanted and article.path not in listing:
                listing.insert(0, article.path)

    def remove(self, path: str) -> None:
        del self.articles[path]
        for listing in (self.in_feed, self.in_sitemap, self.in_json_feed):
            if path in listing:
                listing.remove(path)

    def edit(self, path: str, modified: datetime) -> None:
        article = self.articles[path]
        self.articles[path] = attrs.evolve(article, edition=article.edition + 1, modified=modified)

    # --- documents ---------------------------------------------------------------------

    def robots(self) -> bytes:
        return f"User-agent: *\nDisallow: /private/\nSitemap: {self.url('/sitemap-index.xml')}\n" \
            .encode()

    def sitemap_index(self) -> bytes:
        modified = max((self.articles[p].modified for p in self.in_sitemap), default=None)
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        return ('<?xml version="1.0"?><sitemapindex '
                'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
                f"<loc>{self.url('/news-sitemap.xml.gz')}</loc>{lastmod}</sitemap>"
                "</sitemapindex>").encode()

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(a.title)}</title><link>{self.url(a.path)}</link>"
            f"<guid isPermaLink=\"false\">guid-{a.path.strip('/')}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<dc:creator>{a.author}</dc:creator></item>"
            for a in map(self.articles.get, self.in_feed))
        return ('<?xml version="1.0"?><rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Test</title>'
                f"<link>{self.url('/')}</link>{items}</channel></rss>").encode()

    def json_feed(self) -> bytes:
        items = [{"id": f"json-{a.path.strip('/')}", "url": self.url(a.path),
                  "date_published": a.published.isoformat(), "authors": [{"name": a.author}]}
                 for a in map(self.articles.get, self.in_json_feed)]
        return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
                           "items": items}).encode()

    def sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.url(a.path)}</loc><lastmod>{a.modified.isoformat()}</lastmod>"
            "<news:news><news:publication><news:name>Test</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
            f"<news:title>{html.escape(a.title)}</news:title>"
            f"<news:keywords>{a.keywords}</news:keywords></news:news></url>"
            for a in map(self.articles.get, self.in_sitemap))
        return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                f"{urls}</urlset>").encode()

    def gzip_sitemap(self) -> bytes:
        return gzip.compress(self.sitemap(), mtime=0)

    # --- HTTP ------------------------------------------------------------------------------

    def _handle(self, request: RequestInfo) -> Reply:
        path = request.path
        if path in self.blocked:
            self.blocked[path].wait(timeout=120)
        if path in self.failing:
            return Reply(status=503, headers=[("Content-Type", "text/plain")], body=b"busy")
        documents = {"/robots.txt": (self.robots, "text/plain"),
                     "/feed.xml": (self.feed, "application/rss+xml"),
                     "/feed.json": (self.json_feed, "application/feed+json"),
                     "/sitemap-index.xml": (self.sitemap_index, "application/xml"),
                     "/news-sitemap.xml.gz": (self.gzip_sitemap, "application/x-gzip")}
        if path in documents:
            make, content_type = documents[path]
            return self._reply(request, make(), content_type, None)
        article = self.articles.get(path)
        if article is None:
            return Reply(status=404, headers=[("Content-Type", "text/plain")], body=b"gone")
        return self._reply(request, article.html(), "text/html; charset=utf-8", article.modified)

    def _reply(self, request: RequestInfo, body: bytes, content_type: str,
               modified: datetime | None) -> Reply:
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        headers = [("Content-Type", content_type), ("ETag", etag)]
        if modified is not None:
            headers.append(("Last-Modified", format_datetime(modified, usegmt=True)))
        if self.honours and self._not_modified(request, etag, modified):
            return Reply(status=304, headers=headers[1:])
        return Reply(status=200, headers=headers, body=body)

    @staticmethod
    def _not_modified(request: RequestInfo, etag: str, modified: datetime | None) -> bool:
        if request.header("If-None-Match") is not None:
            return request.header("If-None-Match") == etag
        since = request.header("If-Modified-Since")
        return bool(since and modified and modified <= parsedate_to_datetime(since))
