"""The rolling WARC writer: `.open` files, warcinfo first, rollover by size.

A file is written as `NAME.warc.gz.open` and renamed to `NAME.warc.gz` when it
is closed, so a finished name always means a complete file. Each record is its
own gzip member and is flushed as soon as it is written, so an interrupted
`.open` file is readable up to its last whole record.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import attrs
from warcio.recordloader import ArcWarcRecord
from warcio.warcwriter import WARCWriter

from archiver.warc.exchange import HttpExchange
from archiver.warc.records import Fields, Original, WarcRecordFactory

OPEN_SUFFIX = ".open"


@attrs.frozen(kw_only=True)
class WrittenRecord:
    """Where a record landed: reading `length` bytes at `offset` gives the record."""

    warc_file: str
    offset: int
    length: int
    record_id: str
    payload_digest: str


def warc_file_name(prefix: str, opened_at: datetime, serial: int, host: str) -> str:
    stamp = opened_at.strftime("%Y%m%d%H%M%S") + f"{opened_at.microsecond // 1000:03d}"
    return f"{prefix}-{stamp}-{serial:05d}-{host}.warc.gz"


def safe_host(host: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", host) or "localhost"


class RollingWarcWriter:
    """Writes exchanges into a series of WARC files in `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str,
        max_size: int,
        warcinfo_fields: dict[str, str],
        factory: WarcRecordFactory | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        host: str | None = None,
    ) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
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
    ) -> WrittenRecord:
        """Write the response (or, with a profile, a revisit) record, then the request
        record and the metadata record (if any fields) concurrent to it.

        All three go into one file: the size check comes after the last of them.
        """
        if revisit_profile:
            head = self.factory.revisit(exchange, original, revisit_profile)
        else:
            head = self.factory.response(exchange)
        written = self._write(head)
        self._write(self.factory.request(exchange, concurrent_to=written.record_id))
        if metadata:
            self._write(self.factory.metadata(exchange.url, written.record_id,
                                              exchange.started_at, list(metadata)))
        self._flush_and_maybe_roll()
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

    @property
    def current_name(self) -> str | None:
        return self._name if self._file is not None else None

    def _write(self, record: ArcWarcRecord) -> WrittenRecord:
        stream = self._ensure_open()
        offset = stream.tell()
        WARCWriter(stream, gzip=True, warc_version="1.1").write_record(record)
        return WrittenRecord(
            warc_file=self._name,
            offset=offset,
            length=stream.tell() - offset,
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
            payload_digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
        )

    def _ensure_open(self) -> BinaryIO:
        if self._file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            opened_at = self.clock()
            self._serial += 1
            self._name = warc_file_name(self.prefix, opened_at, self._serial, self.host)
            self._file = open(self.directory / (self._name + OPEN_SUFFIX), "xb")  # noqa: SIM115
            info = self.factory.warcinfo(self._name, self.warcinfo_fields, opened_at)
            WARCWriter(self._file, gzip=True, warc_version="1.1").write_record(info)
        return self._file

    def _flush_and_maybe_roll(self) -> None:
        assert self._file is not None
        self._file.flush()
        if self._file.tell() >= self.max_size:
            self.close()
