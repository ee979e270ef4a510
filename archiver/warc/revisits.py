"""Payloads of revisit records, read from the original response among given WARC files.

A revisit names its original by WARC-Refers-To (record id); revisits from other
crawlers may give only the payload digest, so originals are found by either.
Only locations are kept in memory; bodies are read when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

Location = tuple[Path, int, int]


class PayloadResolver:
    def __init__(self, paths: Iterable[Path]) -> None:
        self._by_id: dict[str, Location] = {}
        self._by_digest: dict[str, Location] = {}
        for path in paths:
            self._scan(path)

    def _scan(self, path: Path) -> None:
        with open(path, "rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                if record.rec_type != "response":
                    continue
                record.raw_stream.read()  # so the length below is known
                where = (path, iterator.get_record_offset(), iterator.get_record_length())
                self._by_id.setdefault(record.rec_headers.get_header("WARC-Record-ID"), where)
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                if digest:
                    self._by_digest.setdefault(digest, where)

    def locate(self, revisit: ArcWarcRecord) -> Location | None:
        headers = revisit.rec_headers
        return (self._by_id.get(headers.get_header("WARC-Refers-To") or "")
                or self._by_digest.get(headers.get_header("WARC-Payload-Digest") or ""))

    def payload(self, revisit: ArcWarcRecord) -> tuple[bytes, dict[str, Any]] | None:
        """The original's decoded body and a pointer to it, or None if not among the files."""
        location = self.locate(revisit)
        if location is None:
            return None
        path, offset, length = location
        with open(path, "rb") as stream:
            stream.seek(offset)
            original = next(iter(ArchiveIterator(stream)))
            body = original.content_stream().read()
            headers = original.rec_headers
            pointer = {"warc_file": path.name, "offset": offset, "length": length,
                       "record_id": headers.get_header("WARC-Record-ID"),
                       "payload_digest": headers.get_header("WARC-Payload-Digest")}
        return body, pointer
