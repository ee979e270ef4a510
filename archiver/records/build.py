"""Assemble article records from extraction results and fetch facts.

Shared by the crawl (the extraction pipeline) and `archiver extract` (WARC files), so
both produce the same records for the same response.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

import attrs

from archiver.dates import iso_utc
from archiver.extraction.result import ExtractedArticle
from archiver.items import ArchivePointer, ArticleRecord, Discovery, record_id


def sha1_digest(body: bytes) -> str:
    """Payload digest in WARC form: "sha1:" + base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


# What an article says, as opposed to when and how it was fetched: the fields the
# extractor fills in. Two fetches whose records agree on them are the same version. The
# page type is how the extractor judged the page, not what it says: a better judgement in
# a later version must not make every stored article "changed".
CONTENT_FIELDS = tuple(field.name for field in attrs.fields(ExtractedArticle)
                       if field.name != "page_type")


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
    page_type: str | None = None,
    capture: str | None = None,
) -> ArticleRecord:
    return ArticleRecord(
        id=record_id(url, payload_digest),
        version=version,
        previous_id=previous_id,
        url=url,
        requested_url=requested_url,
        fetched_at=iso_utc(fetched_at),
        status=status,
        **{name: getattr(article, name) for name in CONTENT_FIELDS},
        archive=ArchivePointer(**pointer) if pointer else None,
        discovery=discovery,
        extractor=extractor,
        page_type=page_type or article.page_type,
        capture=capture,
    )


def content_digest(record: dict[str, Any]) -> str:
    """sha1 of the record's content fields; equal digests mean an unchanged article. Where
    its images were archived is not content (nor known yet when this is first taken)."""
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    content["images"] = [{key: value for key, value in image.items() if key != "archive"}
                         for image in content.get("images") or []]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha1_digest(text.encode("utf-8"))
