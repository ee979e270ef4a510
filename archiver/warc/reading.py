"""Records of any WARC or ARC file, read past damage: for files other tools wrote.

warcio's ArchiveIterator reads gzip-per-record WARC and ARC files (ARC
records given WARC headers with `arc2warc`), but it stops with an exception at
a damaged record, and refuses a file compressed as one gzip stream (valid
WARC, but not addressable record by record: "non-chunked gzip file
detected", raised once the second record is read). Here:

- a single-stream file is read again from the start through Python's gzip
  module, sequentially; its records' offsets are in the decompressed data
  (`open_at` reaches them by decompressing up to there);
- after a damaged record of a gzip-per-record file, reading goes on at the
  next whole gzip member (archiver.warc.salvage); in an uncompressed or
  single-stream file nothing after the damage can be found again, so the
  file ends there. Each damage is added to `damages` with its offset and reason.

The body of a record the caller wants (`want`) is read here, decoded
(chunking and content-encoding undone), so that damage inside it is caught too.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import attrs
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from archiver.warc.salvage import GZIP_MAGIC, next_whole_member
from archiver.warc.validate import Finding as Damage  # file, offset, what is wrong there

# What reading damaged bytes raised: warcio's parsers fail on garbage with lookup and
# type errors as well as ArchiveLoadFailed, and zlib, gzip and the file with their own.
READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, KeyError,
               IndexError, TypeError, AttributeError)
_NOT_CHUNKED = "non-chunked gzip"


@attrs.frozen
class Read:
    record: ArcWarcRecord
    body: bytes | None
    """The decoded body when wanted, else None."""
    offset: int
    """Where the record (its gzip member) starts in the file, or in the decompressed stream
    of a single-stream file."""
    length: int
    decompressed: bool = False
    """A record of a single gzip stream: offset and length are in the decompressed data."""


class _NotChunked(Exception):
    pass


def read_records(path: Path, want: Callable[[ArcWarcRecord], bool],
                 damages: list[Damage]) -> Iterator[Read]:
    with open(path, "rb") as stream:
        gzipped = stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC
        position: int | None = 0
        while position is not None:
            try:
                for read in _records_from(stream, position, want):
                    position = read.offset + read.length
                    yield read
                return
            except _NotChunked:
                yield from _sequential(path, want, damages)
                return
            except READ_ERRORS as error:
                damages.append(Damage(path.name, position, _reason(error)))
            position = next_whole_member(stream, position + 1) if gzipped else None


def _records_from(stream: BinaryIO, position: int, want: Callable[[ArcWarcRecord], bool]
                  ) -> Iterator[Read]:
    """From `position` on. The first record is held until the second is read: only then
    does warcio tell a single gzip stream (its offsets meaningless) from a member."""
    stream.seek(position)
    iterator = ArchiveIterator(stream, arc2warc=True)
    held = None
    try:
        for record in iterator:
            body = record.content_stream().read() if want(record) else None
            read = Read(record, body, iterator.get_record_offset(), iterator.get_record_length())
            if held is not None:
                yield held
            held = read
    except READ_ERRORS as error:
        if isinstance(error, ArchiveLoadFailed) and _NOT_CHUNKED in str(error) and not position:
            raise _NotChunked from None
        if held is not None:
            yield held
        raise
    if held is not None:
        yield held


def _sequential(path: Path, want: Callable[[ArcWarcRecord], bool],
                damages: list[Damage]) -> Iterator[Read]:
    with gzip.open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, arc2warc=True)
        try:
            for record in iterator:
                body = record.content_stream().read() if want(record) else None
                yield Read(record, body, iterator.get_record_offset(),
                           iterator.get_record_length(), decompressed=True)
        except READ_ERRORS as error:
            damages.append(Damage(path.name, 0, f"{_reason(error)} (in a single gzip stream, "
                                                 f"at byte {stream.tell()} decompressed; "
                                                 "nothing after it can be read)"))


def _reason(error: BaseException) -> str:
    """One line of plain ASCII (warcio quotes the damaged bytes it read in its message)."""
    lines = str(error).strip().splitlines()
    text = lines[0].encode("ascii", "backslashreplace").decode()[:100] if lines else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def record_at(path: Path, offset: int, decompressed: bool = False) -> tuple[ArcWarcRecord, bytes]:
    """The record at `offset` (of the file, or of its decompressed single gzip stream)
    and its decoded body."""
    opener = gzip.open if decompressed else open
    with opener(path, "rb") as stream:
        stream.seek(offset)  # in a gzip stream: decompressing up to there
        record = next(iter(ArchiveIterator(stream, arc2warc=True)))
        return record, record.content_stream().read()
