"""A source: one site's seeds, scope, URL patterns, limits and politeness.

Sources come from a sources file (archiver.frontier.sources_file) or, for seeds given on the
command line, from `Source.from_seeds`. No Scrapy here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import attrs
from tldextract import TLDExtract

from archiver.frontier.seeds import SeedLogin, ascii_host, is_ip, parse_seed

SLOT_PREFIX = "source:"
# Where a source's page requisites may come from (the sources file's `embeds`).
EMBED_SCOPES = ("any", "same-site", "none")
# The public suffix list snapshot that ships inside tldextract: never fetched from the
# internet (its default instance downloads the list on first use).
offline_split = TLDExtract(suffix_list_urls=(), cache_dir=None,
                           include_psl_private_domains=True)


def split_seeds(seeds: str | Iterable[str]) -> list[str]:
    if isinstance(seeds, str):
        seeds = seeds.split(",")
    return [seed.strip() for seed in seeds if seed.strip()]


def seed_domains(seeds: Iterable[str]) -> list[str]:
    """The seeds' hosts (in IDNA); their subdomains are in scope too."""
    return sorted({ascii_host(urlsplit(seed).hostname or "") for seed in seeds} - {""})


def in_scope(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is one of `domains` or a subdomain of one.

    Compares host names (in IDNA), not netlocs: LinkExtractor(allow_domains=...)
    matches against the netloc, so a seed with a port would match no link at all.
    Never in scope: a URL with user info (`http://a@b/`: urlsplit names the host
    b, but Twisted's agent connects to "a@b"), one whose port or IPv6 literal
    does not parse, and a "subdomain" of an IP address.
    """
    host = fetchable_host(url)
    return host is not None and any(
        host == domain or (host.endswith("." + domain) and not is_ip(domain))
        for domain in domains)


def fetchable_host(url: str) -> str | None:
    """The host (in IDNA) of an http(s) URL the crawl may fetch at all (see `in_scope`),
    or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError when out of range or not a number)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or "@" in parts.netloc or not parts.hostname:
        return None
    return ascii_host(parts.hostname)


def same_site(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is in `domains` (or a subdomain) or shares the registrable
    domain (the public suffix plus one label) of one of them: cdn.news.example for
    www.news.example."""
    if in_scope(url, domains):
        return True
    host = fetchable_host(url)
    if host is None or is_ip(host):
        return False
    site = offline_split(host).top_domain_under_public_suffix
    return bool(site) and any(
        not is_ip(domain) and offline_split(domain).top_domain_under_public_suffix == site
        for domain in domains)


def embed_in_scope(url: str, scope: str | None, domains: Iterable[str]) -> bool:
    """Whether a requisite at `url` is fetched under the source's `embeds` scope (None:
    "any", ARCHIVER_EMBEDS's default)."""
    if scope in (None, "any"):
        return fetchable_host(url) is not None
    return scope == "same-site" and same_site(url, domains)


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
    browser: str | None = None
    """Pages loaded in the browser: "true", "auto" or "" (never); None: ARCHIVER_BROWSER."""
    embeds: str | None = None
    """Where its pages' requisites (images, stylesheets, fonts, scripts) may come from: "any"
    host, the "same-site" (registrable domain) as allowed_domains, or "none"; None:
    ARCHIVER_EMBEDS."""

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
