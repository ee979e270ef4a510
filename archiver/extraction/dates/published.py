"""Publication and update dates, kept apart.

The publication day is the one the page shows with the article (dates.shown: a date
printed under the headline, a <time> marked as the publication time, a line labelled as
the publication, an element whose class names the date, a press release's opening
dateline); without one, htmldate's
`find_date` (original_date=True, its extensive search). Measured on htmldate's and
trafilatura's real-page sets, that order beats structured data first (htmldate set:
0.919 against 0.869, and against 0.903 for plain find_date): JSON-LD and <meta> dates are
often the CMS's import or re-publication date. (With dates.shown and dates.local as they
are now, records with the right day: 0.916 of htmldate's set against 0.903 for plain
find_date, 0.898 of trafilatura's dated pages against 0.865 for plain trafilatura, in
one run of archiver.quality.) The structured value is still given when
it names the same day, for its time and offset, read in the site's local time where the
page says it (dates.local). Updates come from dateModified, the modified <meta> and
<time> elements only, never from the publication sources.

Values are ISO 8601 (dates.values).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs
from htmldate import find_date
from htmldate.extractors import get_external_parser
from lxml.html import HtmlElement

from archiver.extraction.dates.local import local_published
from archiver.extraction.dates.pattern_store import stored_patterns
from archiver.extraction.dates.regex_flags import int_flags
from archiver.extraction.dates.shown import TIME_MODIFIED, TIME_PUBLISHED, datetimes, shown_date
from archiver.extraction.dates.values import first_date, normalize_date
from archiver.extraction.page.document import Page
from archiver.extraction.page.structured import Structured, first_text, texts
from archiver.extraction.quiet import library_chatter

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

__all__ = ["Dates", "normalize_date", "read_dates"]

logger = logging.getLogger(__name__)

# A date-like string (letters, a day, a year) that no dateparser locale reads: parsing it
# tries every locale in turn (see warm_up).
NO_LOCALE_DATE = "12 qxzvw 2019"

# <meta> names of the publication time; then names of "a date" of the page, which may be
# its update (read after the JSON-LD datePublished).
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "parsely-pub-date", "article.published", "citation_publication_date",
    "cxenseparse:recs:publishtime",
)
DATE_META = ("dc.date", "dcterms.date", "date", "sailthru.date")
MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
    "dc.date.modified", "dcterms.modified", "article.updated", "last-modified",
)


@attrs.frozen
class Dates:
    published: str | None
    modified: str | None
    marked_up: bool
    """True when the publication date is marked up as such (not guessed by htmldate)."""


def read_dates(context: PageContext) -> Dates:
    data, region = context.data, context.region
    shown = shown_date(region, context.h1)
    declared = first_date(_published_candidates(data, region))
    modified = first_date(_modified_candidates(data, region))
    return Dates(published=_published(shown, declared, modified, context), modified=modified,
                 marked_up=bool(shown or declared))


def _published(shown: str | None, declared: str | None, modified: str | None,
               context: PageContext) -> str | None:
    """The day shown, else htmldate's guess; the declared value where it names that day,
    for its time and offset, read in local time where the page says it (dates.local).
    A guess that is the page's update day is no publication day beside a declared one."""
    local = _local(declared, context)
    if shown:
        if declared and shown[:10] == declared[:10]:
            return declared  # the page shows the day of the declared value as it is
        if local and shown[:10] == local[:10]:
            return local
        return _local(shown, context)
    guess = _guess_date(context.page)
    if guess and declared and guess[:10] not in (declared[:10], local[:10]) and (
            not modified or guess[:10] != modified[:10]):
        return guess
    return local or guess


def _local(value: str | None, context: PageContext) -> str | None:
    """A UTC value in the site's local time, where the page says it (see dates.local)."""
    if not value:
        return value
    return local_published(value, _clock_times(context), context.url)


def _clock_times(context: PageContext) -> Iterator[str]:
    """The page's date-times as written (a clock time without its zone kept), but for
    the local clock times of updates."""
    updates = set(TIME_MODIFIED(context.tree))
    for element in context.tree.iter("time"):
        clock = normalize_date(element.get("datetime"), keep_clock=element not in updates)
        if clock:
            yield clock
    for node in context.data.nodes:
        for key in ("datePublished", "dateCreated"):
            yield from _clocks(texts(node.get(key)))
    for key in PUBLISHED_META + DATE_META:
        yield from _clocks(context.data.meta.get(key, ()))


def _clocks(values: Iterable[str]) -> Iterator[str]:
    return (clock for clock in (normalize_date(v, keep_clock=True) for v in values) if clock)


def _published_candidates(data: Structured, region: HtmlElement) -> Iterator[str | None]:
    # The <meta> first: measured on the real-page sets, where it and the JSON-LD disagree,
    # the <meta> names the day the page shows three times out of four.
    yield from (data.first_meta(key) for key in PUBLISHED_META)
    yield first_text(data.article.get("datePublished"))
    yield from (data.first_meta(key) for key in DATE_META)
    yield from datetimes(TIME_PUBLISHED(region), region)
    yield first_text(data.article.get("dateCreated"))
    yield from datetimes(region.iter("time"), region)


def _modified_candidates(data: Structured, region: HtmlElement) -> Iterator[str | None]:
    yield first_text(data.article.get("dateModified"))
    yield from (data.first_meta(key) for key in MODIFIED_META)
    yield from datetimes(TIME_MODIFIED(region), region)


def _guess_date(page: Page) -> str | None:
    # The extensive search (htmldate's default) also reads free-text dates; measured, it
    # finds the right day on 4 % more of htmldate's set than without.
    try:
        with library_chatter():
            return find_date(
                page.tree, extensive_search=True, original_date=True, url=page.url,
                deferred_url_extractor=True, outputformat="%Y-%m-%d",
            )
    except (ValueError, TypeError, RecursionError):  # htmldate's own parsers on odd markup
        logger.debug("htmldate failed on %s", page.url, exc_info=True)
        return None


def warm_up() -> None:
    """Build dateparser's per-locale tables now (about 1.5 s) rather than in each worker.

    htmldate hands a date expression its own parsers cannot read to dateparser, with
    no language given. dateparser then tries its locales in turn, and compiles each
    locale's splitting regexes (kept in class-level caches) the first time it tries
    it: measured on 400 of trafilatura's real pages, that is 3 to 5 ms a page over a
    worker's life (ARCHIVER_EXTRACTION_MAX_TASKS_PER_WORKER pages), for ten or so
    pages in 400 that reach dateparser. A string no locale reads tries them all, so
    the tables are built where the workers fork from (+30 MB there, shared). Only
    caches are filled: every later parse gives what it gave without. A fifth of the
    time went to the `regex` compiler's flag arithmetic on enum members: done on ints
    (regex_flags), the same patterns; and the patterns compiled in an earlier run are
    built from what its compiler made then (pattern_store).
    """
    with library_chatter(), int_flags(), stored_patterns():
        get_external_parser().get_date_data(NO_LOCALE_DATE)
