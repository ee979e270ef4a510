"""Assemble article records from extraction results and fetch facts.

Shared by the crawl (spider callback) and `archiver extract` (WARC files), so
both produce the same records for the same response.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from archiver.items import ArchivePointer, ArticleRecord, Discovery, record_id

if TYPE_CHECKING:
    from archiver.extraction import ExtractedArticle


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha1_digest(body: bytes) -> str:
    """Payload digest in WARC form: "sha1:" + base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def build_record(
    article: ExtractedArticle,
    *,
    url: str,
    requested_url: str,
    status: int,
    fetched_at: datetime,
    payload_digest: str,
    pointer: dict[str, Any] | None,
    extractor: dict[str, str],
    discovery: Discovery | None = None,
    version: int = 1,
    previous_id: str | None = None,
) -> ArticleRecord:
    return ArticleRecord(
        id=record_id(url, payload_digest),
        version=version,
        previous_id=previous_id,
        url=url,
        requested_url=requested_url,
        canonical_url=article.canonical_url,
        fetched_at=iso_utc(fetched_at),
        status=status,
        title=article.title,
        subtitle=article.subtitle,
        description=article.description,
        authors=list(article.authors),
        date_published=article.date_published,
        date_modified=article.date_modified,
        section=article.section,
        tags=list(article.tags),
        language=article.language,
        site_name=article.site_name,
        text=article.text,
        markdown=article.markdown,
        images=list(article.images),
        archive=ArchivePointer(**pointer) if pointer else None,
        discovery=discovery,
        extractor=extractor,
    )


# What an article says, as opposed to when and how it was fetched: two fetches whose
# records agree on these fields are the same version of the article.
CONTENT_FIELDS = ("canonical_url", "title", "subtitle", "description", "authors",
                  "date_published", "date_modified", "section", "tags", "language",
                  "site_name", "text", "markdown", "images")


def content_digest(record: dict[str, Any]) -> str:
    """sha1 of the record's content fields; equal digests mean an unchanged article."""
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha1_digest(text.encode("utf-8"))
