"""Which discovered URLs a run fetches, and how (conditional or not). No Scrapy here.

A URL found in a listing or a page is fetched unless it is out of the
source's scope, kept out by its patterns, already scheduled this run, dated
before `--since`, a known article not due again, or over the source's page
limit. Each refusal has a named reason, counted in the run report.

A known article (or a URL that answered 404 or 410) is due again when a
listing gives it a newer date than the one it had at its last fetch (or,
never listed with a date before, a date after that fetch), or when
`--refresh-after` has passed since that fetch.
Feeds, sitemaps, robots.txt and other pages are fetched every run; seeds and
URLs left queued by an interrupted run are fetched whatever the state says.

A page requisite (an embed: image, stylesheet, font, script, media) is
admitted by the source's `embeds` scope instead (any host, the same site, or
none), once per run like any URL, never counted against the page limit nor
filtered by the URL patterns or `--since`; it is fetched every run a page
needs it, with the validators of its last fetch.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from archiver import settings as defaults
from archiver.dates import iso_utc, parse_iso
from archiver.frontier.keys import url_key
from archiver.frontier.sources import Source, embed_in_scope, in_scope
from archiver.run.redaction import redact_url
from archiver.state.sqlite import CrawlState, UrlState

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

# Kinds of document fetched with If-None-Match / If-Modified-Since when the state
# has validators. Not sitemap indexes, robots.txt or HTML pages other than
# articles: a 304 for those would hide child sitemaps and links that may have
# changed while the document itself did not.
CONDITIONAL_KINDS = frozenset({"article", "feed", "sitemap", "embed"})
# Kinds fetched again only when due: articles, and pages the site said were gone.
SETTLED_KINDS = frozenset({"article", "missing"})
# Refusals that leave a seed uncrawlable whatever the state: an error naming the seed.
UNUSABLE_SEED = frozenset({"out_of_scope", "bad_url"})

logger = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Candidate:
    url: str
    source: Source
    hops_left: int
    discovery: dict[str, Any]
    """Discovery fields for the record (method, via, source, and the listing's fields)."""
    date: datetime | None = None
    """The listing's newest date for the URL."""
    filtered: bool = True
    """Whether the source's include/exclude patterns apply (article candidates)."""
    always: bool = False
    """Fetch even if the state says it is known (seeds, resumed URLs)."""
    nesting: int = 0
    """For an entry of a listing: how many listings lie between it and the seed, itself
    not counted (an entry of a seed sitemap, or a sitemap robots.txt names: 1); 0 else."""
    listing: bool = False
    """Named as a listing by the one it was found in (a sitemap index child, a robots.txt
    `Sitemap:` line): counted against ARCHIVER_SITEMAP_MAX_FETCHES."""
    embed: str | None = None
    """A page requisite's type (archiver.discovery.requisites.TYPES); None for a page."""

    @property
    def listed_date(self) -> str | None:
        return iso_utc(self.date) if self.date else None


@attrs.frozen(kw_only=True)
class Decision:
    key: str
    in_scope: bool
    admitted: bool = False
    skip: str | None = None
    """Why not fetched; None when admitted or already scheduled this run."""
    known: UrlState | None = None


def due(known: UrlState | None, listed: datetime | None, now: datetime,
        refresh_after: float) -> bool:
    if known is None or known.kind not in SETTLED_KINDS:
        return True
    if listed is not None:
        reference = parse_iso(known.listed_date or known.last_fetched or "")
        if reference is None or listed > reference:
            return True
    fetched = parse_iso(known.last_fetched or "")
    return refresh_after >= 0 and (
        fetched is None or now - fetched >= timedelta(seconds=refresh_after))


def conditional_headers(known: UrlState | None, listings: bool = True) -> dict[str, str]:
    """Validators to send for a known URL; for feeds and sitemaps only if `listings`.

    With --refresh-after, listings are fetched in full: a 304 would hide the
    entries whose articles are due for a refresh.
    """
    kinds = CONDITIONAL_KINDS if listings else {"article", "embed"}
    if known is None or known.kind not in kinds:
        return {}
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


@attrs.frozen(kw_only=True)
class SitemapLimits:
    """How far listings found in listings are followed (ARCHIVER_SITEMAP_MAX_*).

    A listing is fetched down to `max_depth` levels below a seed, and the entries
    of the deepest ones one level further. A page entry may turn out to be a
    listing too (a urlset listing urlsets as pages): it counts at its level, so
    that no chain of either kind goes on without end.
    """

    max_depth: int = defaults.ARCHIVER_SITEMAP_MAX_DEPTH
    max_fetches: int = defaults.ARCHIVER_SITEMAP_MAX_FETCHES
    """Per source and run; 0: no limit."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SitemapLimits:
        return cls(max_depth=settings.getint("ARCHIVER_SITEMAP_MAX_DEPTH"),
                   max_fetches=settings.getint("ARCHIVER_SITEMAP_MAX_FETCHES"))

    def refusal(self, nesting: int, listing: bool, fetched: int) -> tuple[str, str] | None:
        """(reason, detail) when an entry this deep (a listing, after `fetched` of its
        source's) is not fetched."""
        if nesting > self.max_depth + (0 if listing else 1):
            return "sitemap_too_deep", (f"{nesting} listings deep; ARCHIVER_SITEMAP_MAX_DEPTH "
                                        f"is {self.max_depth}")
        if listing and self.max_fetches and fetched >= self.max_fetches:
            return "sitemap_limit", (f"{fetched} listings fetched for this source; "
                                     f"ARCHIVER_SITEMAP_MAX_FETCHES is {self.max_fetches}")
        return None


class PageBudget:
    """Pages scheduled per source this run, counted in this process (archiver.cluster.budget:
    counted in Redis for the whole cluster)."""

    def __init__(self) -> None:
        self.taken: Counter[str] = Counter()

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PageBudget:
        return cls()

    def take(self, source: str, key: str, limit: int) -> bool:
        """Count `key` against the source's limit; False once the limit is reached."""
        if self.taken[source] >= limit:
            return False
        self.taken[source] += 1
        return True


class Frontier:
    def __init__(self, state: CrawlState, *, since: datetime | None, refresh_after: float,
                 default_max_pages: int, now: datetime, budget: PageBudget | None = None,
                 sitemap_limits: SitemapLimits | None = None) -> None:
        self.state = state
        self.since = since
        self.refresh_after = refresh_after
        self.default_max_pages = default_max_pages
        self.now = now
        self.budget = budget or PageBudget()
        self.sitemap_limits = sitemap_limits or SitemapLimits()
        self.sitemaps_taken: Counter[str] = Counter()
        self._warned: set[tuple[str, str]] = set()
        self.scheduled: set[str] = set()
        self.discovered: set[str] = set()

    def admit(self, candidate: Candidate) -> Decision:
        decision = self._decide(candidate)
        if decision.skip in UNUSABLE_SEED and candidate.discovery.get("method") == "seed":
            logger.error("Seed %s cannot be crawled (%s)", redact_url(candidate.url),
                         decision.skip)
        return decision

    def _decide(self, candidate: Candidate) -> Decision:
        source = candidate.source
        if candidate.embed is not None:
            if not embed_in_scope(candidate.url, source.embeds, source.allowed_domains):
                return Decision(key=candidate.url, in_scope=False, skip="embed_out_of_scope")
        elif not in_scope(candidate.url, source.allowed_domains):
            return Decision(key=candidate.url, in_scope=False, skip="out_of_scope")
        try:
            key = url_key(candidate.url)
        except ValueError:  # w3lib's parser is stricter than urlsplit; Request would raise too
            return Decision(key=candidate.url, in_scope=False, skip="bad_url")
        if candidate.embed is None:  # pages discovered; requisites are counted apart
            self.discovered.add(key)
        if key in self.scheduled:
            return Decision(key=key, in_scope=True)
        skip, known = self._refusal(candidate, key)
        if skip is not None:
            return Decision(key=key, in_scope=True, skip=skip, known=known)
        self.scheduled.add(key)
        return Decision(key=key, in_scope=True, admitted=True, known=known)

    def _refusal(self, candidate: Candidate, key: str) -> tuple[str | None, UrlState | None]:
        known = self.state.get(key)
        if candidate.embed is not None:
            return None, known
        if candidate.always:
            return self._over_limit(candidate.source, key), known
        if candidate.filtered and (reason := candidate.source.pattern_skip(candidate.url)):
            return reason, known
        if self.since and candidate.date and candidate.date < self.since:
            return "older_than_since", known
        if not due(known, candidate.date, self.now, self.refresh_after):
            return "known_not_due", known
        if candidate.nesting and (reason := self._sitemap_refusal(candidate)):
            return reason, known
        return self._over_limit(candidate.source, key), known

    def _sitemap_refusal(self, candidate: Candidate) -> str | None:
        """None, having counted a listing against its source's, or why it is not fetched."""
        source = candidate.source.name
        refusal = self.sitemap_limits.refusal(candidate.nesting, candidate.listing,
                                              self.sitemaps_taken[source])
        if refusal is None:
            self.sitemaps_taken[source] += candidate.listing
            return None
        reason, detail = refusal
        # One warning per source and reason; the rest at DEBUG (a sitemap may list 50,000).
        level = logging.DEBUG if (source, reason) in self._warned else logging.WARNING
        self._warned.add((source, reason))
        logger.log(level, "Not fetched: %s (%s: %s)", candidate.url, reason, detail)
        return reason

    def _over_limit(self, source: Source, key: str) -> str | None:
        """None, having counted `key` against the source's page limit, or "max_pages"."""
        limit = source.max_pages if source.max_pages is not None else self.default_max_pages
        return "max_pages" if limit and not self.budget.take(source.name, key, limit) else None
