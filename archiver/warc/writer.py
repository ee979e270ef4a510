"""The rolling WARC writer: `.open` files, warcinfo first, rollover by size.

A file is written as `NAME.warc.gz.open` and renamed to `NAME.warc.gz` when it
is closed, so a finished name always means a complete file. Each record is its
own gzip member, and an exchange's records reach the file in unbuffered writes
as soon as they are built, so an interrupted `.open` file is readable up to its
last whole record; a write that fails (a full disk) is cut off again.
"""

from __future__ import annotations

import io
import os
import re
import socket
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import attrs
from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

from archiver import settings as defaults
from archiver.dates import file_stamp
from archiver.run.diskfull import append_whole
from archiver.warc.exchange import HttpExchange
from archiver.warc.records import Fields, Original, WarcRecordFactory

OPEN_SUFFIX = ".open"
# Longest prefix or host part of a file name (names stay far below the usual 255 bytes).
MAX_NAME_PART = 64


@attrs.frozen(kw_only=True)
class WrittenRecord:
    """Where a record landed: reading `length` bytes at `offset` gives the record."""

    warc_file: str
    offset: int
    length: int
    record_id: str
    payload_digest: str


def warc_file_name(prefix: str, opened_at: datetime, serial: int, host: str) -> str:
    return f"{safe_prefix(prefix)}-{file_stamp(opened_at)}-{serial:05d}-{safe_host(host)}.warc.gz"


def safe_name_part(text: str, fallback: str) -> str:
    """`text` fit to be part of a file name: no separator, no leading dot, bounded length.

    File names are built from settings and the machine (prefix, host name, worker
    id), never from what a site sent; this keeps even those inside their folder.
    """
    return re.sub(r"[^A-Za-z0-9.-]+", "_", text)[:MAX_NAME_PART].strip(".") or fallback


def safe_host(host: str) -> str:
    return safe_name_part(host, "localhost")


def safe_prefix(prefix: str) -> str:
    return safe_name_part(prefix, "archiver")


class RollingWarcWriter:
    """Writes exchanges into a series of WARC files in `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str,
        max_size: int,
        warcinfo_fields: dict[str, str],
        gzip_level: int = defaults.ARCHIVER_WARC_GZIP_LEVEL,
        factory: WarcRecordFactory | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        host: str | None = None,
    ) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
        self.gzip_level = gzip_level
        self.warcinfo_fields = warcinfo_fields
        self.factory = factory or WarcRecordFactory()
        self.clock = clock
        self.host = safe_host(host or socket.gethostname())
        self.closed_files: list[Path] = []
        self.on_close: list[Callable[[Path], None]] = []
        """Called with each file's final path once it is closed and renamed."""
        self._serial = 0
        self._file: BinaryIO | None = None
        self._name = ""

    def write_exchange(
        self,
        exchange: HttpExchange,
        *,
        revisit_profile: str | None = None,
        original: Original | None = None,
        metadata: Fields = (),
        payload_digest: str | None = None,
    ) -> WrittenRecord:
        """Write the response (or, with a profile, a revisit) record, then the request
        record and the metadata record (if any fields) concurrent to it. `payload_digest`:
        the body's WARC-Payload-Digest when known, so that it is not computed again.

        All three go into one file, whole or not at all (an OSError leaves the file
        as it was): the size check comes after the last of them.
        """
        if revisit_profile:
            head = self.factory.revisit(exchange, original, revisit_profile)
        else:
            head = self.factory.response(exchange, payload_digest)
        record_id = head.rec_headers.get_header("WARC-Record-ID")
        records = [head, self.factory.request(exchange, concurrent_to=record_id)]
        if metadata:
            records.append(self.factory.metadata(exchange.url, record_id, exchange.started_at,
                                                 list(metadata)))
        members = [gzip_member(record, self.gzip_level) for record in records]
        stream = self._ensure_open()
        written = WrittenRecord(
            warc_file=self._name, offset=stream.tell(), length=len(members[0]),
            record_id=record_id,
            payload_digest=head.rec_headers.get_header("WARC-Payload-Digest") or "")
        append_whole(stream, b"".join(members))
        if stream.tell() >= self.max_size:
            self.close()
        return written

    def write_resources(self, resources: list[tuple[str, str, bytes]], date: datetime,
                        concurrent_to: str) -> list[WrittenRecord]:
        """Resource records (target URI, content type, body), whole or not at all."""
        records = [self.factory.resource(uri, kind, body, date, concurrent_to)
                   for uri, kind, body in resources]
        members = [gzip_member(record, self.gzip_level) for record in records]
        stream = self._ensure_open()
        written, offset = [], stream.tell()
        for record, member in zip(records, members, strict=True):
            written.append(WrittenRecord(
                warc_file=self._name, offset=offset, length=len(member),
                record_id=record.rec_headers.get_header("WARC-Record-ID"),
                payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or ""))
            offset += len(member)
        append_whole(stream, b"".join(members))
        if stream.tell() >= self.max_size:
            self.close()
        return written

    def close(self) -> None:
        if self._file is None:
            return
        self._file.close()
        self._file = None
        final = self.directory / self._name
        os.replace(self.directory / (self._name + OPEN_SUFFIX), final)
        self.closed_files.append(final)
        for hook in self.on_close:
            hook(final)

    def abandon(self) -> None:
        """Close the file but leave it `.open`, for the next run to finish (a full disk)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def current_name(self) -> str | None:
        return self._name if self._file is not None else None

    @property
    def current_path(self) -> Path | None:
        return self.directory / (self._name + OPEN_SUFFIX) if self._file is not None else None

    def _ensure_open(self) -> BinaryIO:
        if self._file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            opened_at = self.clock()
            self._serial += 1
            self._name = warc_file_name(self.prefix, opened_at, self._serial, self.host)
            path = self.directory / (self._name + OPEN_SUFFIX)
            info = self.factory.warcinfo(self._name, self.warcinfo_fields, opened_at)
            stream = open(path, "xb", buffering=0)  # noqa: SIM115
            try:
                append_whole(stream, gzip_member(info, self.gzip_level))
            except OSError:
                stream.close()
                path.unlink()
                raise
            self._file = stream
        return self._file


def gzip_member(record: ArcWarcRecord, level: int = defaults.ARCHIVER_WARC_GZIP_LEVEL) -> bytes:
    """The record as one gzip member, as it goes into the file.

    warcio serializes the record; we compress it, because warcio's own gzip writer
    has its level fixed at 9 (warcio 1.7: `GzippingWrapper`), twice the CPU of
    level 6 for files 0.6 % smaller. The member is the same gzip stream warcio
    writes (zlib's gzip wrapper, no name, no time) at the level asked for.
    """
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=False, warc_version="1.1").write_record(record)
    compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return compressor.compress(buffer.getbuffer()) + compressor.flush()
