"""Payloads of revisit records, read from the original response among given WARC files.

A revisit names its original by WARC-Refers-To (record id); revisits from other
crawlers may give only the payload digest, so originals are found by either.
Only locations are kept in memory; bodies are read when asked for.

`capture` gives where a page's requisite (an image, say) was archived: of the
complete 2xx captures of its URL that are not HTML (revisits resolved to their
originals), the first at or after the page's fetch (requisites are fetched
after their page), else the last before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.recordloader import ArcWarcRecord

from archiver.warc.reading import read_records, record_at

Location = tuple[Path, int, int, bool]
"""File, offset, length, and whether these are in the decompressed data of a single gzip
stream (archiver.warc.reading)."""


class PayloadResolver:
    def __init__(self, paths: Iterable[Path]) -> None:
        self._by_id: dict[str, Location] = {}
        self._by_digest: dict[str, Location] = {}
        self._ids: dict[Location, tuple[str, str]] = {}  # record id, payload digest
        # URL -> [(WARC-Date, the record holding its payload: id, or a revisit's refers-to)]
        self._captures: dict[str, list[tuple[datetime, str]]] = {}
        for path in paths:
            self._scan(path)

    def _scan(self, path: Path) -> None:
        # Damage is reported by the reading that extracts.
        for read in read_records(path, lambda record: False, damages=[]):
            record = read.record
            if record.rec_type not in ("response", "revisit"):
                continue
            self._note_capture(record)
            if record.rec_type != "response":
                continue
            where = (path, read.offset, read.length, read.decompressed)
            headers = record.rec_headers
            record_id, digest = (headers.get_header("WARC-Record-ID"),
                                 headers.get_header("WARC-Payload-Digest"))
            self._by_id.setdefault(record_id, where)
            self._ids[where] = (record_id, digest)
            if digest:
                self._by_digest.setdefault(digest, where)

    def _note_capture(self, record: ArcWarcRecord) -> None:
        """A complete, successful capture of something other than a page."""
        http, headers = record.http_headers, record.rec_headers
        if http is None or headers.get_header("WARC-Truncated"):
            return
        status = http.get_statuscode() or ""
        if not (status.startswith("2") or (status == "304" and record.rec_type == "revisit")):
            return
        if "html" in (http.get_header("Content-Type") or "").lower():
            return
        holder = (headers.get_header("WARC-Refers-To") if record.rec_type == "revisit"
                  else headers.get_header("WARC-Record-ID"))
        date = _date(headers.get_header("WARC-Date"))
        if holder and date is not None:
            self._captures.setdefault(headers.get_header("WARC-Target-URI"), []).append(
                (date, holder))

    def capture(self, url: str, page_date: datetime) -> dict[str, Any] | None:
        """Where the requisite at `url` of a page fetched at `page_date` was archived."""
        captures = sorted(self._captures.get(url, ()))
        after = [holder for date, holder in captures if date >= page_date]
        holders = after[:1] or [holder for _date_, holder in captures[-1:]]
        location = self._by_id.get(holders[0]) if holders else None
        return self._pointer(location) if location is not None else None

    def locate(self, revisit: ArcWarcRecord) -> Location | None:
        headers = revisit.rec_headers
        return (self._by_id.get(headers.get_header("WARC-Refers-To") or "")
                or self._by_digest.get(headers.get_header("WARC-Payload-Digest") or ""))

    def payload(self, revisit: ArcWarcRecord) -> tuple[bytes, dict[str, Any] | None] | None:
        """The original's decoded body and a pointer to it (None when it cannot be addressed
        in its file: one of a single gzip stream), or None if not among the files."""
        location = self.locate(revisit)
        if location is None:
            return None
        path, offset, _length, decompressed = location
        _original, body = record_at(path, offset, decompressed)
        return body, self._pointer(location)

    def _pointer(self, location: Location) -> dict[str, Any] | None:
        """A response's `archive` pointer; None for one inside a single gzip stream, or
        without a sha1 payload digest (an ARC file's: the record schema requires one)."""
        path, offset, length, decompressed = location
        record_id, digest = self._ids[location]
        if decompressed or not (digest or "").startswith("sha1:"):
            return None
        return {"warc_file": path.name, "offset": offset, "length": length,
                "record_id": record_id, "payload_digest": digest}


def _date(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None
