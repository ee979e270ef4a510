"""Downloader middlewares that adapt Scrapy's stock ones to an offline, archival crawler."""

from __future__ import annotations

from collections.abc import Iterable
from http.cookiejar import Cookie, CookieJar
from typing import TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract
from w3lib.encoding import html_to_unicode, resolve_encoding
from w3lib.html import get_base_url, get_meta_refresh
from w3lib.http import basic_auth_header

from archiver.paths import user_agent
from archiver.sources import in_scope

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

# Scrapy's CookiesMiddleware asks a module-level TLDExtract whether a cookie's
# domain is a public suffix; that instance downloads the public suffix list from
# raw.githubusercontent.com on first use. This one only reads the snapshot that
# ships inside tldextract, so a crawl never reaches for the internet by itself.
_offline_split = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def is_public_suffix(domain: str) -> bool:
    return not _offline_split(domain).domain


class OfflineCookiesMiddleware(CookiesMiddleware):
    """CookiesMiddleware with the bundled public suffix list (same rules otherwise)."""

    def _process_cookies(
        self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request
    ) -> None:
        hostname = urlparse_cached(request).hostname
        if hostname is None:
            return
        request_domain = hostname.lower()
        for cookie in cookies:
            cookie_domain = cookie.domain.removeprefix(".")
            if cookie_domain and is_public_suffix(cookie_domain):
                if cookie_domain != request_domain:
                    continue
                cookie.domain = request_domain
            jar.set_cookie_if_ok(cookie, request)


class ScopeMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter (redirects, meta refreshes, robots.txt) deciding as the
    frontier does: archiver.sources.in_scope, which refuses URLs with user info (Scrapy's
    regex passes `http://evil@news.example/`, whose connection goes to "evil@news.example")."""

    def should_follow(self, request: Request, spider: Spider) -> bool:
        domains = getattr(spider, "allowed_domains", None)
        return not domains or in_scope(request.url, domains)


# Scrapy looks for a meta refresh in the first 4,096 characters of the page.
META_REFRESH_CHARS = 4096
# Enough bytes for that many characters in any encoding (at most 4 bytes a
# character, and a few more characters for a sequence the cut leaves incomplete).
META_REFRESH_PREFIX_BYTES = 4 * META_REFRESH_CHARS + 64


class PrefixMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, deciding "no meta refresh" from the page's start.

    Scrapy reads the first 4,096 characters of `response.text`, which decodes the
    whole body first (0.5 ms for 200 KB), and nothing else in the crawl process
    needs that text. The same 4,096 characters come from decoding a prefix the
    same way (w3lib's html_to_unicode with the response's encoding): a decoder
    goes from left to right, so only characters at the cut can differ, and they
    lie beyond the ones read. When they hold no refresh the response passes as
    Scrapy would pass it; when they hold one, or the prefix decodes to too few
    characters, Scrapy's own code decides.
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.ignore_tags = settings.getlist("METAREFRESH_IGNORE_TAGS")

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        if isinstance(response, HtmlResponse) and not self._may_have_meta_refresh(response):
            return response
        return super().process_response(request, response)

    def _may_have_meta_refresh(self, response: HtmlResponse) -> bool:
        """False only where Scrapy's get_meta_refresh would find no URL; True if unsure."""
        body = response.body
        if len(body) <= META_REFRESH_PREFIX_BYTES:
            return True  # short: Scrapy's decoding costs nothing worth saving
        encoding = response.encoding
        if resolve_encoding(encoding) != encoding:
            # Not the codec Scrapy's `text` would decode with (an undeclared body that
            # fell back to ASCII decodes as such; the prefix would decode as cp1252).
            return True
        text = html_to_unicode(f"charset={encoding}", body[:META_REFRESH_PREFIX_BYTES])[1]
        if len(text) < META_REFRESH_CHARS + 16:
            return True
        text = text[:META_REFRESH_CHARS]
        base_url = get_base_url(text, response.url, encoding)
        _interval, url = get_meta_refresh(text, base_url, encoding, ignore_tags=self.ignore_tags)
        return url is not None


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's UserAgentMiddleware sending archiver.paths.user_agent (ARCHIVER_USER_AGENT
    with ARCHIVER_CONTACT) unless USER_AGENT is set. The spider puts it in USER_AGENT only
    when the contact is not private: Scrapy logs USER_AGENT at start-up."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        explicit = (settings.getpriority("USER_AGENT") or 0) > SETTINGS_PRIORITIES["default"]
        middleware = cls(settings["USER_AGENT"] if explicit else user_agent(settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware


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


class SeedLoginMiddleware:
    """Basic auth for a seed given as `http://USER:PASSWORD@host/`, sent to that seed's scheme,
    host and port only (Scrapy's HttpAuthMiddleware sends one login to a whole domain and
    its subdomains). The header is added here, after the scheduler: the disk queue and a
    cluster's Redis queue never hold it. No WARC request record keeps it
    (archiver.redaction)."""

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
