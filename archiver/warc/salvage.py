"""The layout of a gzip-per-record WARC file that may be damaged: what is whole, what is not.

A file is read member by member. A member that decompresses completely (zlib
checks its CRC and length) and holds WARC data is whole. Bytes that do not
form one are either an unfinished tail (a valid start of a member running to
the end of the file: what a write cut short by a kill leaves) or damage; after
damage the next whole member is searched for by its gzip magic, so that every
whole record after a damaged region is found again at its offset. Memory stays
bounded: files are read in chunks and decompressed output is discarded.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Literal

import attrs

CHUNK = 1 << 16
OUT_STEP = 1 << 20
GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_START = b"WARC/"

Kind = Literal["whole", "tail", "damaged"]


@attrs.frozen
class Span:
    kind: Kind
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@attrs.frozen
class _Member:
    start: int
    outcome: Literal["whole", "tail", "error"]
    end: int
    warc: bool
    """The decompressed start is (or could still become) the start of a WARC record."""


def _members(stream: BinaryIO, start: int) -> Iterator[_Member]:
    """The members from `start` on, read straight through, up to the first that is not
    whole (a tail or an error: the last one yielded). The caller must not move the
    stream while iterating."""
    stream.seek(start)
    data, position = b"", start
    while data or (data := stream.read(CHUNK)):
        decompressor, member_start, head = zlib.decompressobj(31), position, b""
        try:
            while not decompressor.eof:
                if not data and not (data := stream.read(CHUNK)):
                    yield _Member(member_start, "tail", position, _looks_like_warc(head))
                    return
                out = decompressor.decompress(data, OUT_STEP)
                head += out[:len(WARC_START) - len(head)]
                rest = (decompressor.unused_data if decompressor.eof
                        else decompressor.unconsumed_tail)
                position += len(data) - len(rest)
                data = rest
        except zlib.error:
            yield _Member(member_start, "error", position, warc=False)
            return
        yield _Member(member_start, "whole", position, _looks_like_warc(head))


def _looks_like_warc(head: bytes) -> bool:
    return WARC_START.startswith(head) or head.startswith(WARC_START)


def is_whole_warc_member(stream: BinaryIO, start: int) -> int | None:
    """The end of the whole WARC member starting at `start`, or None."""
    member = next(_members(stream, start), None)
    if member is not None and member.outcome == "whole" and member.warc:
        return member.end
    return None


def next_whole_member(stream: BinaryIO, start: int) -> int | None:
    """The offset of the first whole WARC member at or after `start`, or None."""
    position = start
    while True:
        stream.seek(position)
        data = stream.read(CHUNK + len(GZIP_MAGIC) - 1)
        if len(data) < len(GZIP_MAGIC):
            return None
        found = data.find(GZIP_MAGIC)
        if found < 0:
            position += len(data) - len(GZIP_MAGIC) + 1
            continue
        if is_whole_warc_member(stream, position + found) is not None:
            return position + found
        position += found + 1


def spans(stream: BinaryIO) -> Iterator[Span]:
    """The file from start to end as whole members, damaged regions and an unfinished tail."""
    stream.seek(0, 2)
    size, position = stream.tell(), 0
    while position < size:
        for member in _members(stream, position):
            if member.outcome == "whole" and member.warc:
                yield Span("whole", member.start, member.end)
                position = member.end
            elif member.outcome == "tail" and member.warc:
                yield Span("tail", member.start, size)
                return
            else:
                position = member.start
                break
        else:
            return  # the end of the file, after a whole member
        resumes = next_whole_member(stream, position + 1)
        yield Span("damaged", position, size if resumes is None else resumes)
        if resumes is None:
            return
        position = resumes


def written_by_a_warc_writer(stream: BinaryIO) -> bool:
    """Whether the file starts as a gzip-per-record WARC file (whole or cut short), or
    is empty."""
    member = next(_members(stream, 0), None)
    return member is None or (member.outcome != "error" and member.warc)


DAMAGE_FIELD = "Archiver-Damaged-Bytes"
"""WARC header of the note that takes a damaged region's place: "START-END" in the original."""


def damage_note(span: Span, original_name: str, record_id: str, date: str) -> bytes:
    """A gzip member exactly `span.length` long holding a metadata record about the damage.

    Taking the region's place, it keeps every later record at its offset (the
    JSON records and CDXJ indexes point there) and the file readable through.
    The gzip header's comment field pads it to length. b"" if even the
    smallest note would not fit (the region is shorter than any record).
    """
    body = (f"The bytes {span.start} to {span.end} of this file could not be read when it "
            f"was recovered; this record takes their place. The original file is kept "
            f"as {original_name}.\r\n").encode()
    head = "".join(f"{name}: {value}\r\n" for name, value in [
        ("WARC-Type", "metadata"), ("WARC-Record-ID", record_id), ("WARC-Date", date),
        (DAMAGE_FIELD, f"{span.start}-{span.end}"), ("Content-Type", "text/plain"),
        ("Content-Length", str(len(body)))]).encode()
    record = b"WARC/1.1\r\n" + head + b"\r\n" + body + b"\r\n\r\n"
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = packer.compress(record) + packer.flush()
    padding = span.length - len(deflated) - 19  # header 10, comment's NUL 1, trailer 8
    if padding < 0:
        return b""
    return (GZIP_MAGIC + b"\x10" + bytes(4) + b"\x00\xff" + b" " * padding + b"\x00" + deflated
            + struct.pack("<II", zlib.crc32(record), len(record) & 0xFFFFFFFF))
