"""The article record, schema version 1.

One `ArticleRecord` per article page, written as one JSON line. The JSON
Schema in `archiver/schema/article-v1.schema.json` is the published contract;
`tests/test_items.py` keeps the two in step. A value the page does not give is
None or an empty list, never invented.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

import attrs

SCHEMA_VERSION = 1
SCHEMA_RESOURCE = "article-v1.schema.json"


@attrs.define(kw_only=True)
class Author:
    name: str
    """The person's (or, with type "organization", the outlet's) name, trimmed."""
    url: str | None = None
    """Absolute URL of the author's page when the page links one."""
    type: str = "person"
    """"person", or "organization" when an outlet or agency signs."""


@attrs.define(kw_only=True)
class License:
    name: str | None = None
    """Short name as given, e.g. "CC BY 4.0"."""
    url: str | None = None
    """Absolute URL of the license text."""


@attrs.define(kw_only=True)
class Image:
    url: str
    """Absolute URL of the image file."""
    caption: str | None = None
    """The caption without its credit line."""
    credit: str | None = None
    """The credit line as printed, e.g. "Photo by X, via Y. Licensed under Z"."""
    creator: str | None = None
    """Photographer or creator named by the credit or the structured data."""
    source: str | None = None
    """Agency or collection the image came through, e.g. "Wikimedia Commons"."""
    license: License | None = None
    """License the image is published under."""
    alt: str | None = None
    """The img element's alt text."""
    archive: ArchivePointer | None = None
    """Where the image file was archived by this run or an earlier one (for a revisit or a
    304, the record holding its payload); None when it was not captured (out of the
    source's `embeds` scope, failed, cut at ARCHIVER_REQUISITES_MAXSIZE, requisites off,
    or `archiver extract`)."""


@attrs.define(kw_only=True)
class ArchivePointer:
    warc_file: str
    """File name of the WARC (relative to the WARC folder) holding the response."""
    offset: int
    """Byte offset of the response record's gzip member in that file."""
    length: int
    """Length in bytes of that gzip member."""
    record_id: str
    """WARC-Record-ID of the response record, e.g. "<urn:uuid:...>"."""
    payload_digest: str
    """WARC-Payload-Digest of the response record, "sha1:" + base32."""


@attrs.define(kw_only=True)
class Discovery:
    """How the crawl came to this URL, and what the listing that named it said."""

    method: str
    """"seed", "feed", "sitemap", or "link" (found in a page's links)."""
    via: str | None = None
    """URL of the feed, sitemap or page that listed it; None for a seed."""
    source: str | None = None
    """Name of the source in the sources file (`[sources.NAME]`), None without one."""
    guid: str | None = None
    """Feed: the entry's guid / id, as given."""
    published: str | None = None
    """Feed: pubDate / published / date_published, ISO 8601 with the feed's offset."""
    updated: str | None = None
    """Feed: updated / dc:date / date_modified, same format."""
    authors: list[str] = attrs.field(factory=list)
    """Feed: the entry's author names (dc:creator, author), in feed order."""
    lastmod: str | None = None
    """Sitemap: `lastmod`, ISO 8601 as given."""
    news_publication_date: str | None = None
    """Google News sitemap: `news:publication_date`, ISO 8601 as given."""
    news_title: str | None = None
    """Google News sitemap: `news:title`."""
    news_keywords: list[str] = attrs.field(factory=list)
    """Google News sitemap: `news:keywords`, split at commas and trimmed."""


@attrs.define(kw_only=True)
class ArticleRecord:
    schema_version: int = SCHEMA_VERSION
    """Version of this record layout; 1."""
    id: str
    """Stable identifier: the same for the same final URL and payload."""
    version: int = 1
    """1 for the first record of a URL, then 2, 3, ... for each changed fetch of it."""
    previous_id: str | None = None
    """The `id` of the URL's previous version; None for version 1."""
    url: str
    """Final URL after redirects."""
    requested_url: str
    """URL that was requested first (before redirects)."""
    canonical_url: str | None = None
    """The page's rel=canonical or og:url, absolute."""
    fetched_at: str
    """When the response was fetched: UTC, ISO 8601 with "Z"."""
    status: int
    """HTTP status of the final response."""
    title: str | None = None
    """The article's own headline, without site-name suffixes."""
    subtitle: str | None = None
    """Standfirst or dek under the headline."""
    description: str | None = None
    """Meta description / og:description."""
    authors: list[Author] = attrs.field(factory=list)
    """One entry per person or signing organization, in byline order."""
    date_published: str | None = None
    """ISO 8601 date or date-time; date-times carry their UTC offset (a time the page stores
    in UTC is given in the site's local time where the page itself shows that time). Never
    the update's date."""
    date_modified: str | None = None
    """ISO 8601 date or date-time of the last update, same format."""
    section: str | None = None
    """Section or category as the publisher names it."""
    tags: list[str] = attrs.field(factory=list)
    """Keywords and tags, trimmed, without duplicates, in page order."""
    language: str | None = None
    """BCP 47 language tag of the article, e.g. "en", "de"."""
    site_name: str | None = None
    """Name of the publication."""
    text: str
    """Plain body text; paragraphs separated by a blank line. It opens with the standfirst
    when the page displays one under the headline (also given as `subtitle`); the headline
    is not part of it."""
    markdown: str
    """Body as Markdown with headings, lists and quotes."""
    images: list[Image] = attrs.field(factory=list)
    """Article images (lead image first) with their credits."""
    page_type: str | None = None
    """"article" when the page shows signs of one; "unclassified" when it shows none but was
    kept, as losing an article costs more (archiver.extraction.classification.page_type);
    "listing" or "other" for a page the article gate refused, kept by `archiver extract
    --keep-non-articles`. Absent from the JSON when None."""
    archive: ArchivePointer | None = None
    """Where the response this record came from is stored."""
    discovery: Discovery | None = None
    """How the URL was found; None when not known (e.g. `archiver extract`)."""
    extractor: dict[str, str] = attrs.field(factory=dict)
    """Names and versions of the software that made this record."""
    capture: str | None = None
    """"browser" when the page was loaded in headless Chromium and extracted from its
    rendered DOM (`archive` then points at the DOM's `resource` record); absent for a
    plain HTTP fetch."""

    def to_dict(self) -> dict[str, Any]:
        record = attrs.asdict(self, recurse=True)
        if record["page_type"] is None:
            del record["page_type"]
        if record["capture"] is None:  # optional: plain fetches' records stay as they were
            del record["capture"]
        return record


def record_id(url: str, payload_digest: str) -> str:
    """The stable id of a record: same final URL and same payload, same id."""
    digest = hashlib.sha256(f"{url}\n{payload_digest}".encode()).hexdigest()
    return digest[:32]


@cache
def json_schema() -> dict[str, Any]:
    text = resources.files("archiver.schema").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    return json.loads(text)
