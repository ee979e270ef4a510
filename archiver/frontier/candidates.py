"""Candidates: the URLs a seed list, a listing or a page puts before the frontier.

How many hops each has left and how it was found (the record's `discovery`):
seeds and resumed URLs are fetched whatever the state says; a listing's child
sitemaps keep the listing's hops and skip the source's URL patterns, its
entries get the entry depth; a page's links have one hop less, the feeds a
seed page announces none. A page's (or a stylesheet's) requisites are embeds:
no hops, found by method "embed" with their type, and never a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from archiver.dates import parse_listing_date
from archiver.frontier.admission import Candidate

if TYPE_CHECKING:
    from archiver.discovery.kinds import Entry
    from archiver.discovery.requisites import Requisite
    from archiver.frontier.sources import Source
    from archiver.state.sqlite import Pending


def found(method: str, via: str | None, source: Source) -> dict[str, Any]:
    return {"method": method, "via": via, "source": source.name or None}


def seeds(sources: Iterable[Source], depth: int) -> list[Candidate]:
    """Each source's seeds; `depth`: link hops from a page seed unless the source says."""
    return [Candidate(url=seed, source=source, filtered=False, always=True,
                      hops_left=depth if source.depth is None else source.depth,
                      discovery=found("seed", None, source))
            for source in sources for seed in source.seeds]


def resumed(pending: Pending, source: Source) -> Candidate:
    """A URL an earlier run queued and did not fetch."""
    return Candidate(url=pending.url, source=source, hops_left=pending.hops_left,
                     discovery=pending.discovery, always=True,
                     date=parse_listing_date(pending.listed_date),
                     embed=pending.discovery.get("embed"))


def listing(source: Source, method: str, via: str, hops_left: int, entry_hops: int,
            nesting: int, pages: Iterable[Entry], sitemaps: Iterable[Entry] = ()
            ) -> Iterator[Candidate]:
    """A feed's or sitemap's child sitemaps, then its entries, lazily (a sitemap may list
    50,000). `nesting`: how many listings lie between the entries and the seed."""
    discovery = found(method, via, source)
    for entry in sitemaps:
        yield Candidate(url=entry.url, source=source, hops_left=hops_left, date=entry.date,
                        discovery=discovery, filtered=False, nesting=nesting, listing=True)
    for entry in pages:
        yield Candidate(url=entry.url, source=source, hops_left=entry_hops, date=entry.date,
                        discovery={**discovery, **entry.fields}, nesting=nesting)


def page(source: Source, via: str, hops_left: int, links: Iterable[str],
                    feeds: Iterable[str] = ()) -> list[Candidate]:
    """A page's links, one hop further; the feeds a seed page announces are one hop away
    too, and their entries are candidates of their own."""
    discovery = found("link", via, source)
    return [*(Candidate(url=url, source=source, hops_left=hops_left - 1, discovery=discovery)
              for url in links),
            *(Candidate(url=url, source=source, hops_left=0, discovery=discovery,
                        filtered=False) for url in feeds)]


def requisites(source: Source, via: str, embeds: Iterable[Requisite],
               depth: int = 0) -> list[Candidate]:
    """A page's requisites (`depth` 0) or a stylesheet's (how many stylesheets deep); the
    source's `embeds` decides their scope."""
    if source.embeds == "none":
        return []
    discovery = found("embed", via, source)
    return [Candidate(url=requisite.url, source=source, hops_left=0, filtered=False,
                      discovery={**discovery, "embed": requisite.type, "depth": depth},
                      embed=requisite.type)
            for requisite in embeds]
