"""Payloads of revisit records, read from the original response among given WARC files.

A revisit names its original by WARC-Refers-To (record id); revisits from other
crawlers may give only the payload digest, so originals are found by either.
Only locations are kept in memory; bodies are read when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
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
        for path in paths:
            self._scan(path)

    def _scan(self, path: Path) -> None:
        # Damage is reported by the reading that extracts.
        for read in read_records(path, lambda record: False, damages=[]):
            if read.record.rec_type != "response":
                continue
            where = (path, read.offset, read.length, read.decompressed)
            headers = read.record.rec_headers
            self._by_id.setdefault(headers.get_header("WARC-Record-ID"), where)
            digest = headers.get_header("WARC-Payload-Digest")
            if digest:
                self._by_digest.setdefault(digest, where)

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
        path, offset, length, decompressed = location
        original, body = record_at(path, offset, decompressed)
        headers = original.rec_headers
        pointer = None if decompressed else {
            "warc_file": path.name, "offset": offset, "length": length,
            "record_id": headers.get_header("WARC-Record-ID"),
            "payload_digest": headers.get_header("WARC-Payload-Digest")}
        return body, pointer
