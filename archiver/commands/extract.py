"""Article records from WARC files, without fetching anything.

Works on any WARC (ours or another crawler's) or ARC file: every 2xx HTML
`response` record, and every `revisit` whose original is among the given
files, is decoded (chunking and content-encoding undone by warcio) and run
through the same extraction and record building as a live crawl. Files are
read past damaged records, and a file compressed as one gzip stream is read
sequentially (archiver.warc.reading); each damage is logged with its file,
offset and reason, and counted in the summary. Each image of a record points
at its capture among the files, as in a crawl (archiver.warc.revisits).
"""

from __future__ import annotations

import json
import logging
import socket
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArchiveLoadFailed, ArcWarcRecord

from archiver import settings as defaults
from archiver.commands.crawl import project_settings
from archiver.discovery.kinds import detect_kind
from archiver.extraction import KeptPage, Skipped, extract_article, extractor_versions
from archiver.items import ArticleRecord
from archiver.pipelines.jsonl_export import records_file_name
from archiver.pipelines.validate import schema_errors
from archiver.records.build import build_record
from archiver.records.jsonl import JsonlWriter
from archiver.run.paths import output_paths
from archiver.warc.reading import Damage, read_records
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


def _responses(path: Path, resolver: PayloadResolver | None, damages: list[Damage],
               ) -> Iterator[tuple[ArcWarcRecord, bytes, dict[str, Any] | None]]:
    """2xx responses, and revisits whose original is among the files (with its payload).

    The pointer is None for a record that cannot be addressed in its file (one of a
    single gzip stream)."""
    for read in read_records(path, lambda record: _is_candidate(record)
                             and record.rec_type == "response", damages):
        record = read.record
        if not _is_candidate(record):
            continue
        if record.rec_type == "revisit":
            found = resolver.payload(record) if resolver is not None else None
            if found is not None:
                yield record, *found
            continue
        pointer = None if read.decompressed else {
            "warc_file": path.name, "offset": read.offset, "length": read.length,
            "record_id": record.rec_headers.get_header("WARC-Record-ID"),
            "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
        }
        yield record, read.body or b"", pointer


Response = tuple[ArcWarcRecord, bytes, "dict[str, Any] | None"]


def article_records(path: Path, counts: Counter[str], *, min_chars: int, min_signals: int,
                    resolver: PayloadResolver | None = None,
                    keep_non_articles: bool = False) -> Iterator[ArticleRecord]:
    """Records for the articles in one WARC file; `counts` gets responses and skips."""
    return records_from(_responses(path, resolver, []), counts, min_chars=min_chars,
                        min_signals=min_signals, keep_non_articles=keep_non_articles)


def records_from(responses: Iterable[Response], counts: Counter[str], *, min_chars: int,
                 min_signals: int, keep_non_articles: bool = False) -> Iterator[ArticleRecord]:
    """Records for the articles among `responses`; with `keep_non_articles`, for the pages
    the article gate refuses too (their record's page_type says what they were taken for)."""
    versions = extractor_versions()
    for record, body, pointer in responses:
        counts["responses"] += 1
        url = record.rec_headers.get_header("WARC-Target-URI")
        content_type = record.http_headers.get_header("Content-Type") or ""
        if detect_kind(body, content_type) != "html":
            counts["skipped/not_html"] += 1
            continue
        result = extract_article(body, url, content_type=content_type, min_chars=min_chars,
                                 min_signals=min_signals, keep_non_articles=keep_non_articles)
        if isinstance(result, Skipped):
            counts[f"skipped/{result.reason}"] += 1
            logger.info("Not an article: %s (%s)", url, result.reason)
            continue
        kept = None
        if isinstance(result, KeptPage):
            counts[f"kept/{result.refused.reason}"] += 1
            result, kept = result.article, page_type(result.refused)
        digest = (pointer or {}).get("payload_digest") or record.rec_headers.get_header(
            "WARC-Payload-Digest") or ""
        yield build_record(
            result, url=url, requested_url=url,
            status=int(record.http_headers.get_statuscode()), fetched_at=_warc_date(record),
            payload_digest=digest,
            pointer=pointer if pointer and digest.startswith("sha1:") else None,
            extractor=versions, page_type=kept,
        )


def page_type(refused: Skipped) -> str:
    """A kept page's page_type: what the article gate took it for."""
    return "listing" if refused.reason == "listing_page" else "other"
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


@attrs.frozen
class Extraction:
    summary: str
    damages: list[Damage] = attrs.field(factory=list)

    def __str__(self) -> str:
        return self.summary


def extract_files(paths: list[Path], out: Path, *, keep_non_articles: bool = False
                  ) -> Extraction:
    """Write the records of all `paths` into one JSONL file under `out`; return a summary."""
    resolver = PayloadResolver(paths)
    damages: list[Damage] = []
    responses = (found for path in paths for found in _responses(path, resolver, damages))
    summary = _extract(responses, out, f"{len(paths)} WARC file(s)", keep_non_articles,
                       resolver=resolver)
    for damage in damages:
        logger.warning("Skipped damaged data: %s", damage)
    if damages:
        files = sorted({damage.file for damage in damages})
        summary += (f"; damaged: {len(damages)} place(s) in {', '.join(files)} skipped "
                    f"(first: {damages[0]})")
    return Extraction(summary, damages)


def extract_logged(log: Path, warcs: list[Path], out: Path, *,
                   keep_non_articles: bool = False) -> str:
    """Extract again the pages a crawl log (archiver.run.crawl_log) lists as giving no
    record, each read at its WARC location; the WARC files are looked for among `warcs`,
    else in the log's output folder."""
    by_name = {path.name: path for path in warcs}
    warc_dir = log.resolve().parent.parent / defaults.ARCHIVER_WARC_SUBDIR
    counts: Counter[str] = Counter()
    responses = (found for name, offset in logged_pages(log, counts)
                 if (found := _response_at(by_name.get(name) or warc_dir / name, offset,
                                           counts)) is not None)
    return _extract(responses, out, f"the pages {log.name} lists", keep_non_articles, counts)


def logged_pages(log: Path, counts: Counter[str]) -> Iterator[tuple[str, int]]:
    """(WARC file name, offset) of each page the crawl log lists as giving no record."""
    with open(log, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                warc = entry.get("warc") if entry.get("outcome") == "no_record" else None
                if warc:
                    yield str(warc["file"]), int(warc["offset"])
            except (ValueError, TypeError, KeyError, AttributeError):
                counts["skipped/bad_log_line"] += 1
                logger.warning("%s:%d: not a crawl log line, skipped", log, number)


def _response_at(path: Path, offset: int, counts: Counter[str]) -> Response | None:
    """The 2xx response record at `offset` of `path`, decoded; None (counted) otherwise."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            iterator = ArchiveIterator(stream)
            record = next(iter(iterator), None)
            if record is None or record.rec_type != "response" or not _is_candidate(record):
                counts["skipped/not_a_response"] += 1
                return None
            body = record.content_stream().read()
            length = iterator.get_record_length()
    except (OSError, ArchiveLoadFailed) as error:
        counts["skipped/unreadable_warc"] += 1
        logger.warning("Could not read %s at %d: %s", path, offset, error)
        return None
    headers = record.rec_headers
    return record, body, {"warc_file": path.name, "offset": offset, "length": length,
                          "record_id": headers.get_header("WARC-Record-ID"),
                          "payload_digest": headers.get_header("WARC-Payload-Digest")}


def _extract(responses: Iterable[Response], out: Path, what: str, keep_non_articles: bool,
             counts: Counter[str] | None = None, resolver: PayloadResolver | None = None
             ) -> str:
    settings = project_settings({"ARCHIVER_OUTPUT_DIR": str(out)})
    name = records_file_name("extract", datetime.now(timezone.utc), socket.gethostname())
    writer = JsonlWriter(output_paths(settings).records_dir / name)
    counts = Counter() if counts is None else counts
    try:
        for record in records_from(
            responses, counts, min_chars=settings.getint("ARCHIVER_MIN_ARTICLE_CHARS"),
            min_signals=settings.getint("ARCHIVER_MIN_ARTICLE_SIGNALS"),
            keep_non_articles=keep_non_articles,
        ):
            record = record.to_dict()
            _write_valid(writer, with_image_captures(record, resolver) if resolver else record,
                         counts)
    finally:
        written = writer.close()
    skipped = {key.split("/", 1)[1]: n for key, n in counts.items() if key.startswith("skipped/")}
    kept = {key.split("/", 1)[1]: n for key, n in counts.items() if key.startswith("kept/")}
    return (
        f"Read {counts['responses']} successful responses from {what}: "
        f"{writer.count} records written to {written or 'nothing (no articles)'}; "
        f"skipped: {skipped or 'none'}" + (f"; kept non-articles: {kept}" if kept else "")
    )
