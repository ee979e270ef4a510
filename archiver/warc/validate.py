"""`archiver validate`: check WARC files the way an archive would before accepting them.

Per file: every record its own complete gzip member (a member cut short is
reported, which `warcio check` misses), a warcinfo record first naming the
file in WARC-Filename, block and payload digests, the block as long as its
Content-Length, and the HTTP Content-Length equal to the stored body (unless
the record says WARC-Truncated, or the response has no body by definition).
Across the given files: every request concurrent to a response or revisit of
the same URI and every response with a request, metadata concurrent to a
record, and every revisit resolving to an original response with its payload
digest, URI and date. Each finding names the file and the record's offset.
A record that `archiver recover` put in place of a damaged region is reported
as damage. Given an output folder, the `archive` pointer (warc_file, offset,
length, record_id) of every JSON record in its records folder must resolve to
a response or revisit record of those files; each that does not is reported
with the records file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archiver.warc.members import BlockDigests, digest_matches, gzip_members
from archiver.warc.records import IDENTICAL_PAYLOAD
from archiver.warc.salvage import DAMAGE_FIELD
from archiver.warc.writer import OPEN_SUFFIX

_HTTP_TYPES = ("response", "request", "revisit")
_NO_BODY_STATUSES = ("204", "304")


@attrs.frozen
class Finding:
    file: str
    offset: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.offset}: {self.message}"


@attrs.frozen(kw_only=True)
class Seen:
    """What later checks need of a record."""

    file: str
    offset: int
    length: int = 0
    type: str
    uri: str
    date: str
    headers: dict[str, str]
    status: str = ""
    http_length: list[str] = attrs.field(factory=list)
    payload_length: int = 0
    method: str = ""


def check_file(path: Path, seen: dict[str, Seen]) -> Iterator[Finding]:
    yield from _check_members(path)
    first = True
    for record in _records(path):
        if isinstance(record, Finding):
            yield record
            return
        if first:
            yield from _check_warcinfo(path, record)
            first = False
        if DAMAGE_FIELD in record.headers:
            yield Finding(path.name, record.offset,
                          f"damaged: bytes {record.headers[DAMAGE_FIELD]} of the original "
                          "could not be read and were replaced at recovery (see the record)")
        if record.headers.get("WARC-Record-ID"):
            seen[record.headers["WARC-Record-ID"]] = record


def _check_members(path: Path) -> Iterator[Finding]:
    if not path.name.removesuffix(OPEN_SUFFIX).endswith(".gz"):
        return
    with open(path, "rb") as stream:
        for member in gzip_members(stream):
            if member.error:
                yield Finding(path.name, member.offset, f"not gzip data: {member.error}")
            elif not member.complete:
                yield Finding(path.name, member.offset, "gzip member cut short")


def _check_warcinfo(path: Path, record: Seen) -> Iterator[Finding]:
    name = path.name.removesuffix(OPEN_SUFFIX)
    if record.type != "warcinfo":
        yield Finding(path.name, record.offset, f"first record is {record.type}, not warcinfo")
    elif record.headers.get("WARC-Filename") != name:
        yield Finding(path.name, record.offset,
                      f"warcinfo WARC-Filename {record.headers.get('WARC-Filename')!r} "
                      f"is not the file's name {name!r}")


def _records(path: Path) -> Iterator[Seen | Finding]:
    """Each record read through (digests checked as it goes), or a Finding on a read error."""
    offsets, gzipped = [], path.name.removesuffix(OPEN_SUFFIX).endswith(".gz")
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, no_record_parse=True)
        try:
            for record in iterator:
                headers = dict(record.rec_headers.headers)
                is_http = (record.rec_type in _HTTP_TYPES
                           and headers.get("Content-Type", "").startswith("application/http"))
                block = BlockDigests(is_http=is_http)
                block.read(record.raw_stream)
                # warcio's get_record_offset() reads the record to its end: ask after reading.
                offset = iterator.get_record_offset()
                offsets.append(offset)
                yield from _check_block(path.name, offset, headers, block)
                yield _seen(path.name, (offset, iterator.get_record_length()), record.rec_type,
                            headers, block)
        except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
            last = offsets[-1] if offsets else 0
            yield Finding(path.name, last, f"unreadable after this record: {error}")
    if gzipped:
        yield from _check_one_record_per_member(path, offsets)


def _check_one_record_per_member(path: Path, offsets: list[int]) -> Iterator[Finding]:
    with open(path, "rb") as stream:
        starts = [m.offset for m in gzip_members(stream)]  # cut-short ones reported already
    for offset in sorted(set(offsets) - set(starts)):
        yield Finding(path.name, offset, "record does not start its own gzip member")
    for offset in sorted(set(starts) - set(offsets)):
        yield Finding(path.name, offset, "gzip member holds no record start")
    if len(offsets) != len(set(offsets)):
        yield Finding(path.name, 0, "several records share one gzip member")


def _check_block(file: str, offset: int, headers: dict[str, str],
                 block: BlockDigests) -> Iterator[Finding]:
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) != block.block_length:
        yield Finding(file, offset, f"block is {block.block_length} bytes, "
                                    f"Content-Length says {declared}")
    expected = headers.get("WARC-Block-Digest")
    if expected and not digest_matches(expected, block.block):
        yield Finding(file, offset, f"WARC-Block-Digest {expected} does not match the block")
    expected = headers.get("WARC-Payload-Digest")
    if expected and headers.get("WARC-Type") != "revisit" and not digest_matches(
            expected, block.payload if block.is_http else block.block):
        yield Finding(file, offset, f"WARC-Payload-Digest {expected} does not match the payload")


def _seen(file: str, place: tuple[int, int], rec_type: str, headers: dict[str, str],
          block: BlockDigests) -> Seen:
    status, http, method = "", {}, ""
    if block.is_http:
        first_line, http = block.http_headers()
        parts = first_line.split(" ")
        status = parts[1] if rec_type != "request" and len(parts) > 1 else ""
        method = parts[0] if rec_type == "request" else ""
    return Seen(file=file, offset=place[0], length=place[1], type=rec_type,
                uri=headers.get("WARC-Target-URI", ""), date=headers.get("WARC-Date", ""),
                headers=headers, status=status, http_length=http.get("content-length", []),
                payload_length=block.payload_length, method=method)


def check_links(seen: dict[str, Seen]) -> Iterator[Finding]:
    requested = _pairs(seen)
    paired = {request.headers.get("WARC-Record-ID") for request in requested.values()}
    for record_id, record in seen.items():
        if record.type == "request" and record_id not in paired:
            yield Finding(record.file, record.offset,
                          "request not concurrent to a response or revisit in the given files")
        elif record.type == "metadata" and "WARC-Concurrent-To" in record.headers:
            if record.headers["WARC-Concurrent-To"] not in seen:
                yield Finding(record.file, record.offset, "metadata concurrent to no record")
        elif record.type == "revisit":
            yield from _check_revisit(record, seen)
    for record_id, record in seen.items():
        if record.type in ("response", "revisit") and record.uri.startswith("http"):
            request = requested.get(record_id)
            if request is None:
                yield Finding(record.file, record.offset, f"{record.type} without a request")
                continue
            if request.uri != record.uri:
                yield Finding(request.file, request.offset,
                              f"request for {request.uri} paired with a record for {record.uri}")
            if record.type == "response":
                yield from _check_http_length(record, request)


def _pairs(seen: dict[str, Seen]) -> dict[str, Seen]:
    """Response or revisit id -> its request, linked by WARC-Concurrent-To either way:
    archiver (like warcprox and Heritrix) writes it on the request, wget on the response."""
    pairs: dict[str, Seen] = {}
    for record_id, record in seen.items():
        target_id = record.headers.get("WARC-Concurrent-To", "")
        target = seen.get(target_id)
        if target is None:
            continue
        if record.type == "request" and target.type in ("response", "revisit"):
            pairs[target_id] = record
        elif record.type in ("response", "revisit") and target.type == "request":
            pairs.setdefault(record_id, target)
    return pairs


def _check_http_length(record: Seen, request: Seen) -> Iterator[Finding]:
    no_body = (record.status in _NO_BODY_STATUSES or record.status.startswith("1")
               or request.method == "HEAD")
    if no_body or "WARC-Truncated" in record.headers or not record.http_length:
        return
    if record.http_length != [str(record.payload_length)]:
        yield Finding(record.file, record.offset,
                      f"HTTP Content-Length {', '.join(record.http_length)} but the stored "
                      f"body is {record.payload_length} bytes")


def _check_revisit(revisit: Seen, seen: dict[str, Seen]) -> Iterator[Finding]:
    headers = revisit.headers
    refers_to = headers.get("WARC-Refers-To")
    if refers_to is None:
        if headers.get("WARC-Profile") == IDENTICAL_PAYLOAD:
            yield Finding(revisit.file, revisit.offset, "revisit without WARC-Refers-To")
        return
    original = seen.get(refers_to)
    if original is None or original.type != "response":
        yield Finding(revisit.file, revisit.offset,
                      f"revisit refers to {refers_to}, not a response in the given files")
        return
    expected = {"WARC-Payload-Digest": original.headers.get("WARC-Payload-Digest"),
                "WARC-Refers-To-Target-URI": original.uri, "WARC-Refers-To-Date": original.date}
    for name, value in expected.items():
        if name in headers and headers[name] != value:
            yield Finding(revisit.file, revisit.offset,
                          f"revisit {name} {headers[name]} but the original has {value}")


def check_pointers(records_file: Path, label: str, seen: dict[str, Seen]) -> Iterator[Finding]:
    """Each JSON record whose `archive` pointer does not name a record of the given files."""
    at = {(record.file, record.offset): record for record in seen.values()}
    files = {record.file for record in seen.values()}
    with open(records_file, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            pointer = _pointer(line)
            if pointer is None:
                continue
            name = pointer.get("warc_file")
            if name not in files:
                yield Finding(label, number, f"archive pointer to {name}, not among the "
                                             "WARC files given")
            elif not _resolves(pointer, at.get((name, pointer.get("offset")))):
                yield Finding(label, number,
                              f"archive pointer {name} offset {pointer.get('offset')} length "
                              f"{pointer.get('length')} resolves to no record")


def _pointer(line: str) -> dict | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    pointer = record.get("archive") if isinstance(record, dict) else None
    return pointer if isinstance(pointer, dict) else None


def _resolves(pointer: dict, target: Seen | None) -> bool:
    return (target is not None and target.type in ("response", "revisit")
            and pointer.get("length") == target.length
            and pointer.get("record_id") in (None, target.headers.get("WARC-Record-ID")))


def validate(paths: Iterable[Path], records: Iterable[tuple[Path, str]] = ()
             ) -> Iterator[Finding]:
    """All findings for the given WARC files, file by file, then across them; then the
    `archive` pointers of the records files (path, label to report it by)."""
    seen: dict[str, Seen] = {}
    for path in paths:
        yield from check_file(path, seen)
    yield from check_links(seen)
    for records_file, label in records:
        yield from check_pointers(records_file, label, seen)
