"""Article records from WARC files, without fetching anything.

Works on any WARC (ours or another crawler's): every 2xx HTML `response`
record, and every `revisit` whose original is among the given files, is
decoded (chunking and content-encoding undone by warcio) and run through the
same extraction and record building as a live crawl. Each image of a record
points at its capture among the files, as in a crawl (archiver.warc.revisits).
"""

from __future__ import annotations

import logging
import socket
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from archiver.commands.crawl import project_settings
from archiver.discovery.kinds import detect_kind
from archiver.extraction import Skipped, extract_article, extractor_versions
from archiver.items import ArticleRecord
from archiver.pipelines.jsonl_export import records_file_name
from archiver.pipelines.validate import schema_errors
from archiver.records.build import build_record
from archiver.records.jsonl import JsonlWriter
from archiver.run.paths import output_paths
from archiver.warc.revisits import PayloadResolver

logger = logging.getLogger(__name__)


def _is_candidate(record: ArcWarcRecord) -> bool:
    if record.rec_type not in ("response", "revisit") or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def _warc_date(record: ArcWarcRecord) -> datetime:
    value = record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
    return datetime.fromisoformat(value)


def _responses(path: Path, resolver: PayloadResolver | None,
               ) -> Iterator[tuple[ArcWarcRecord, bytes, dict[str, Any]]]:
    """2xx responses, and revisits whose original is among the files (with its payload)."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if not _is_candidate(record):
                continue
            if record.rec_type == "revisit":
                found = resolver.payload(record) if resolver is not None else None
                if found is not None:
                    yield record, *found
                continue
            body = record.content_stream().read()
            pointer = {
                "warc_file": path.name,
                "offset": iterator.get_record_offset(),
                "length": iterator.get_record_length(),
                "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
            }
            yield record, body, pointer


def article_records(path: Path, counts: Counter[str], *, min_chars: int, min_signals: int,
                    resolver: PayloadResolver | None = None) -> Iterator[ArticleRecord]:
    """Records for the articles in one WARC file; `counts` gets responses and skips."""
    versions = extractor_versions()
    for record, body, pointer in _responses(path, resolver):
        counts["responses"] += 1
        url = record.rec_headers.get_header("WARC-Target-URI")
        content_type = record.http_headers.get_header("Content-Type") or ""
        if detect_kind(body, content_type) != "html":
            counts["skipped/not_html"] += 1
            continue
        result = extract_article(body, url, content_type=content_type,
                                 min_chars=min_chars, min_signals=min_signals)
        if isinstance(result, Skipped):
            counts[f"skipped/{result.reason}"] += 1
            logger.info("Not an article: %s (%s)", url, result.reason)
            continue
        digest = pointer["payload_digest"] or ""
        yield build_record(
            result, url=url, requested_url=url,
            status=int(record.http_headers.get_statuscode()), fetched_at=_warc_date(record),
            payload_digest=digest, pointer=pointer if digest.startswith("sha1:") else None,
            extractor=versions,
        )


def with_image_captures(record: dict[str, Any], resolver: PayloadResolver) -> dict[str, Any]:
    fetched_at = datetime.fromisoformat(record["fetched_at"].replace("Z", "+00:00"))
    for image in record["images"]:
        image["archive"] = resolver.capture(image["url"], fetched_at)
    return record


def _write_valid(writer: JsonlWriter, record: dict[str, Any], counts: Counter[str]) -> None:
    errors = schema_errors(record)
    if errors:
        counts["skipped/invalid_record"] += 1
        logger.warning("Record for %s violates the schema: %s", record["url"], errors[0])
    else:
        writer.write(record)


def extract_files(paths: list[Path], out: Path) -> str:
    """Write the records of all `paths` into one JSONL file under `out`; return a summary."""
    settings = project_settings({"ARCHIVER_OUTPUT_DIR": str(out)})
    name = records_file_name("extract", datetime.now(timezone.utc), socket.gethostname())
    writer = JsonlWriter(output_paths(settings).records_dir / name)
    counts: Counter[str] = Counter()
    resolver = PayloadResolver(paths)
    try:
        for path in paths:
            for record in article_records(
                path, counts, min_chars=settings.getint("ARCHIVER_MIN_ARTICLE_CHARS"),
                min_signals=settings.getint("ARCHIVER_MIN_ARTICLE_SIGNALS"), resolver=resolver,
            ):
                _write_valid(writer, with_image_captures(record.to_dict(), resolver), counts)
    finally:
        written = writer.close()
    skipped = {key.split("/", 1)[1]: n for key, n in counts.items() if key.startswith("skipped/")}
    return (
        f"Read {counts['responses']} successful responses from {len(paths)} WARC file(s): "
        f"{writer.count} articles written to {written or 'nothing (no articles)'}; "
        f"skipped: {skipped or 'none'}"
    )
