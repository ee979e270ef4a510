"""One crawl's WARC output: records written, revisits chosen, indexes kept up to date.

For every exchange it decides what to write:
- a 304 to a conditional request: a server-not-modified revisit, referring to
  the newest original of the URL when the digest index knows one;
- a complete, non-empty 2xx payload the digest index already holds (from this
  run or an earlier one): an identical-payload-digest revisit;
- anything else: a full response record, which becomes an original.
It returns where the payload lives, so a JSON record made from a revisit
points at the original response record. When a file is closed its pending
index entries are committed and its CDXJ index is written, in another process
(archiver.warc.background_cdxj).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from archiver.warc.background_cdxj import BackgroundIndexer
from archiver.warc.dedup import DigestIndex, IndexEntry
from archiver.warc.exchange import HttpExchange
from archiver.warc.metadata import FetchFacts, metadata_fields
from archiver.warc.records import (
    IDENTICAL_PAYLOAD,
    SERVER_NOT_MODIFIED,
    Fields,
    Original,
    warc_date,
)
from archiver.warc.writer import RollingWarcWriter, WrittenRecord

_CONDITIONAL = (b"if-none-match", b"if-modified-since")


def payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def is_not_modified(exchange: HttpExchange) -> bool:
    conditional = any(n.lower() in _CONDITIONAL for n, _ in exchange.request_headers)
    return exchange.status == 304 and conditional


def is_dedupable(exchange: HttpExchange) -> bool:
    return 200 <= exchange.status < 300 and bool(exchange.body) and not exchange.truncated


def as_original(entry: IndexEntry) -> Original:
    return Original(record_id=entry.record_id, target_uri=entry.target_uri,
                    date=entry.warc_date, payload_digest=entry.payload_digest)


def as_pointer(entry: IndexEntry) -> WrittenRecord:
    return WrittenRecord(warc_file=entry.warc_file, offset=entry.offset, length=entry.length,
                         record_id=entry.record_id, payload_digest=entry.payload_digest)


class WarcArchive:
    def __init__(self, writer: RollingWarcWriter, index: DigestIndex | None,
                 cdxj: bool = True) -> None:
        self.writer = writer
        self.index = index
        self.revisits = 0
        self.last_written: WrittenRecord | None = None
        """The record `archive` wrote last (a revisit's own, not its original's)."""
        self.cdxj = BackgroundIndexer() if cdxj else None
        if index is not None:
            writer.on_close.append(lambda path: index.commit(path.name))
        if self.cdxj is not None:
            writer.on_close.append(self.cdxj.submit)

    def open(self) -> None:
        """Get ready for the first file to close (see BackgroundIndexer.prepare)."""
        if self.cdxj is not None:
            self.cdxj.prepare()

    def archive(self, exchange: HttpExchange, facts: FetchFacts) -> WrittenRecord | None:
        """Write the exchange; return the record holding its payload (None if none does)."""
        digest = payload_digest(exchange.body)
        fields = metadata_fields(exchange, facts, digest)
        if is_not_modified(exchange):
            return self._not_modified(exchange, fields)
        if is_dedupable(exchange) and self.index is not None:
            entry = self.index.lookup(digest)
            if entry is not None:
                written = self._write_revisit(exchange, IDENTICAL_PAYLOAD, entry, fields)
                self._note_latest(exchange, digest, written)
                return as_pointer(entry)
        written = self.last_written = self.writer.write_exchange(exchange, metadata=fields,
                                                                 payload_digest=digest)
        if is_dedupable(exchange) and self.index is not None:
            self._remember(exchange, written)
            self._note_latest(exchange, digest, written)
        return written

    def close(self) -> None:
        """Close the file and the digest index; its CDXJ is still being written
        (see `indexes_written`)."""
        try:
            self.writer.close()
        finally:
            if self.index is not None:
                self.index.close()

    async def indexes_written(self) -> list[tuple[Path, BaseException]]:
        """Once the CDXJ of every closed file is written: those that failed, with why."""
        return await self.cdxj.written() if self.cdxj is not None else []

    def abandon(self) -> None:
        """Leave the file `.open`, its index entries uncommitted (a full disk): the next
        run finishes the file, as it does a killed run's."""
        self.writer.abandon()
        if self.index is not None:
            self.index.close()

    def _not_modified(self, exchange: HttpExchange, fields: Fields) -> WrittenRecord | None:
        entry = self.index.latest_for(exchange.url) if self.index is not None else None
        self._write_revisit(exchange, SERVER_NOT_MODIFIED, entry, fields)
        return as_pointer(entry) if entry is not None else None

    def _write_revisit(self, exchange: HttpExchange, profile: str, entry: IndexEntry | None,
                       fields: Fields) -> WrittenRecord:
        original = as_original(entry) if entry is not None else None
        self.revisits += 1
        self.last_written = self.writer.write_exchange(
            exchange, revisit_profile=profile, original=original, metadata=fields)
        return self.last_written

    def _note_latest(self, exchange: HttpExchange, digest: str, written: WrittenRecord) -> None:
        assert self.index is not None
        self.index.note_latest(exchange.url, digest, written.warc_file)
        if self.writer.current_name != written.warc_file:  # already closed by rollover
            self.index.commit(written.warc_file)

    def _remember(self, exchange: HttpExchange, written: WrittenRecord) -> None:
        assert self.index is not None
        entry = IndexEntry(
            payload_digest=written.payload_digest, record_id=written.record_id,
            target_uri=exchange.url, warc_date=warc_date(exchange.started_at),
            warc_file=written.warc_file, offset=written.offset, length=written.length)
        self.index.add_pending(entry)
        if self.writer.current_name != written.warc_file:  # already closed by rollover
            self.index.commit(written.warc_file)
