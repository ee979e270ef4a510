"""Keep the crawl off addresses it has no business with (server-side request forgery).

A page, a feed or a redirect could send the crawler to a service that is only
reachable from inside: the cloud metadata endpoint (169.254.169.254), a router
on 10.0.0.1, a database on 127.0.0.1. By default no request goes to a
loopback, private, link-local, multicast, reserved or otherwise non-global
address, unless its host and port are a seed's (the operator asked for it;
a source's `private_ports` adds more ports of its seeds' hosts) or
ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES is set. Another port of a seed's
host is another service (a database, an admin console), not the site.

Two checks: `PrivateAddressMiddleware` refuses requests whose host is an IP
literal before anything is connected; the download handler
(archiver.core.download_handler) checks the address it actually connected to before it
reads the body, so a host name that resolves (or re-resolves, DNS rebinding)
to such an address is refused too.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from archiver.frontier.seeds import HostPort, host_port

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

    from archiver.frontier.sources import Source

logger = logging.getLogger(__name__)

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
REFUSED_STAT = "archiver/skipped/private_address"
# IgnoreRequest messages of Scrapy's own middlewares, as named skip reasons.
_IGNORED_REASONS = (
    ("max redirections reached", "redirect_loop"),
    ("DOWNLOAD_MAXSIZE", "too_large_decoded"),
    ("private address", "private_address"),
)


def non_global(ip: IpAddress) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT)."""
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return not ip.is_global or ip.is_multicast


def literal_ip(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def ignored_reason(message: str) -> str | None:
    """The skip reason of an IgnoreRequest raised by Scrapy's redirect or compression
    middleware (or ours); None for those counted elsewhere (robots.txt, offsite)."""
    for needle, reason in _IGNORED_REASONS:
        if needle in message:
            return reason
    return None


def seed_host_ports(sources: Iterable[Source]) -> frozenset[HostPort]:
    """The seeds' (host, port) pairs, and each source's `private_ports` on its seeds' hosts."""
    exempt = set()
    for source in sources:
        for host, port in filter(None, map(host_port, source.seeds)):
            exempt |= {(host, port)} | {(host, other) for other in source.private_ports}
    return frozenset(exempt)


class AddressPolicy:
    """Which (URL, address) pairs may be fetched."""

    def __init__(self, allow_private: bool, exempt: frozenset[HostPort]) -> None:
        self.allow_private = allow_private
        self.exempt = exempt

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressPolicy:
        sources = (getattr(crawler.spider, "sources", None) or {}).values()
        allow = crawler.settings.getbool("ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES")
        return cls(allow, seed_host_ports(sources))

    def refusal(self, url: str, ip: IpAddress | None) -> str | None:
        """Why `url`, connected (or to be connected) to `ip`, must not be fetched."""
        if self.allow_private or ip is None or host_port(url) in self.exempt:
            return None
        if non_global(ip):
            return f"private address {ip} for {urlsplit(url).netloc}"
        return None


def refuse(crawler: Crawler, request: Request, reason: str) -> IgnoreRequest:
    crawler.stats.inc_value(REFUSED_STAT)
    logger.warning("Refused %s: %s (ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES)", request.url,
                   reason)
    return IgnoreRequest(reason)


class PrivateAddressMiddleware:
    """Refuses requests to a non-global IP literal before any connection is made."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._policy: AddressPolicy | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if self._policy is None:
            self._policy = AddressPolicy.from_crawler(self.crawler)
        reason = self._policy.refusal(request.url, literal_ip(urlsplit(request.url).hostname
                                                              or ""))
        if reason:
            raise refuse(self.crawler, request, reason)
