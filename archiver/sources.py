"""A source: one site's seeds, scope, URL patterns, limits and politeness.

Sources come from a sources file (archiver.config) or, for seeds given on the
command line, from `Source.from_seeds`. No Scrapy here.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs

from archiver.redaction import redact_url

SLOT_PREFIX = "source:"
DEFAULT_PORTS = {"http": 80, "https": 443}
HostPort = tuple[str, int]
# A host name as DNS has it: labels of at most 63 letters, digits, "-" (not first or last)
# and "_" (some sites use it), at most 253 characters in all.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*\.?$")


class SeedError(ValueError):
    """A seed that cannot be crawled; the message names it (password hidden)."""


@attrs.frozen
class SeedLogin:
    """A seed's `user:password@`, sent as basic auth to the seed's host and port only."""

    scheme: str
    host_port: HostPort
    user: str
    password: str = attrs.field(repr=False)

    def matches(self, url: str) -> bool:
        return url.startswith(f"{self.scheme}:") and host_port(url) == self.host_port


def host_port(url: str) -> HostPort | None:
    """(host, port) of a URL, the scheme's port when none is given; None if it does not parse."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    return ((parts.hostname or "").lower(), port) if port else None


def ascii_host(host: str) -> str:
    """The host as requests name it: lower case, IDNA (punycode) for a non-ASCII name.

    Scrapy's Request passes every URL through w3lib's safe_url_string, which
    writes the host in IDNA; scope comparisons must see the same spelling.
    """
    host = host.lower()
    if host.isascii():
        return host
    from w3lib.url import safe_url_string  # only for such names: 20 ms of every start

    try:
        return urlsplit(safe_url_string(f"http://{host}/")).hostname or host
    except ValueError:  # a label IDNA refuses (too long, bad characters)
        return host


def valid_host(host: str) -> bool:
    """Whether `host` (lower case, IDNA) is an IP address or a host name DNS could have."""
    return _is_ip(host) or bool(_HOST_NAME.match(host))


def parse_seed(url: str) -> tuple[str, SeedLogin | None]:
    """The seed as it is fetched (host in IDNA, no user info) and its login, if it has one.

    Raises SeedError naming the seed (its password hidden) when it cannot be
    crawled: not http(s), no host or not a valid one, a port that does not parse
    or is out of range.
    """
    shown = redact_url(url)
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise SeedError(f"cannot crawl seed {shown!r}: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {shown!r}")
    if port == 0:
        raise SeedError(f"cannot crawl seed {shown!r}: Port out of range 1-65535")
    host = ascii_host(parts.hostname)
    if not valid_host(host):
        raise SeedError(f"cannot crawl seed {shown!r}: not a valid host name")
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    seed = parts._replace(netloc=netloc).geturl()
    login = None
    if parts.username or parts.password:
        login = SeedLogin(parts.scheme, host_port(seed) or (host, 0),
                          unquote(parts.username), unquote(parts.password or ""))
    return seed, login


def split_seeds(seeds: str | Iterable[str]) -> list[str]:
    if isinstance(seeds, str):
        seeds = seeds.split(",")
    return [seed.strip() for seed in seeds if seed.strip()]


def seed_domains(seeds: Iterable[str]) -> list[str]:
    """The seeds' hosts (in IDNA); their subdomains are in scope too."""
    return sorted({ascii_host(urlsplit(seed).hostname or "") for seed in seeds} - {""})


def in_scope(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is one of `domains` or a subdomain of one.

    Compares host names, not netlocs: LinkExtractor(allow_domains=...) matches
    against the netloc, so a seed with a port would match no link at all.
    Never in scope: a URL with user info (`http://a@b/`: urlsplit names the host
    b, but Twisted's agent connects to "a@b"), one whose port or IPv6 literal
    does not parse, and a "subdomain" of an IP address.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError when out of range or not a number)
    except ValueError:
        return False
    host = ascii_host(parts.hostname or "")
    if parts.scheme not in ("http", "https") or "@" in parts.netloc:
        return False
    return any(host == domain or (host.endswith("." + domain) and not _is_ip(domain))
               for domain in domains)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@attrs.frozen(kw_only=True)
class Source:
    name: str
    """Name in the sources file; "" for seeds given on the command line."""
    seeds: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    include: tuple[re.Pattern[str], ...] = ()
    """Listed and linked URLs are fetched only if one of these matches (when any given)."""
    exclude: tuple[re.Pattern[str], ...] = ()
    """Listed and linked URLs matching one of these are never fetched."""
    max_pages: int | None = None
    """None: ARCHIVER_MAX_PAGES."""
    depth: int | None = None
    """None: ARCHIVER_DEPTH from pages and ARCHIVER_FEED_ENTRY_DEPTH from entries."""
    delay: float | None = None
    """Seconds between requests to this source; None: DOWNLOAD_DELAY and AutoThrottle."""
    concurrency: int | None = None
    """Parallel requests to this source; None: CONCURRENT_REQUESTS_PER_DOMAIN."""
    private_ports: tuple[int, ...] = ()
    """More ports of the seeds' hosts that may be fetched when those are private addresses."""
    logins: tuple[SeedLogin, ...] = ()
    """The seeds' user:password@, taken out of the seeds."""

    @classmethod
    def from_seeds(cls, seeds: Iterable[str], name: str = "", **fields: Any) -> Source:
        """The source of these seeds (checked: raises SeedError), scoped to their hosts
        unless `allowed_domains` is given."""
        parsed = [parse_seed(seed) for seed in split_seeds(seeds)]
        urls = tuple(dict.fromkeys(url for url, _login in parsed))
        fields.setdefault("allowed_domains", tuple(seed_domains(urls)))
        logins = tuple(dict.fromkeys(login for _url, login in parsed if login))
        return cls(name=name, seeds=urls, logins=logins, **fields)

    def pattern_skip(self, url: str) -> str | None:
        """Why the include/exclude patterns keep `url` out, or None."""
        if any(pattern.search(url) for pattern in self.exclude):
            return "excluded_by_pattern"
        if self.include and not any(pattern.search(url) for pattern in self.include):
            return "not_included_by_pattern"
        return None

    @property
    def download_slot(self) -> str | None:
        """A downloader slot of its own when the source sets its politeness."""
        if self.delay is None and self.concurrency is None:
            return None
        return SLOT_PREFIX + self.name


def download_slots(sources: Iterable[Source]) -> dict[str, dict[str, Any]]:
    """Entries for Scrapy's DOWNLOAD_SLOTS setting, one per source with its own politeness."""
    slots: dict[str, dict[str, Any]] = {}
    for source in sources:
        if source.download_slot is None:
            continue
        slot: dict[str, Any] = {}
        if source.delay is not None:
            slot["delay"] = source.delay
        if source.concurrency is not None:
            slot["concurrency"] = source.concurrency
        slots[source.download_slot] = slot
    return slots
