"""Scrapy's cookie handling without the public suffix list download."""

from __future__ import annotations

from collections.abc import Iterable
from http.cookiejar import Cookie, CookieJar

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http import Request
from scrapy.utils.httpobj import urlparse_cached

from archiver.frontier.sources import offline_split

# Scrapy's CookiesMiddleware asks a module-level TLDExtract whether a cookie's
# domain is a public suffix; that instance downloads the public suffix list from
# raw.githubusercontent.com on first use. archiver.frontier.sources.offline_split only
# reads the snapshot that ships inside tldextract, so a crawl never reaches for the
# internet by itself.


def is_public_suffix(domain: str) -> bool:
    return not offline_split(domain).domain


class OfflineCookiesMiddleware(CookiesMiddleware):
    """CookiesMiddleware with the bundled public suffix list (same rules otherwise)."""

    # A private method of Scrapy's CookiesMiddleware, as of Scrapy 2.19.
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
