"""Finish what an interrupted run left behind, before the next run starts.

A run killed outright (kill -9, power loss, a crash) leaves `.open` files:
records files hold whole JSON lines plus at most one partial last line, WARC
files whole gzip members plus at most one partial last member (both writers
flush whole units). Each is cut back to its last whole unit and renamed to
its final name; the records in a records file are then taken into the crawl
state as exported, so the next run neither loses nor repeats them. The URLs
the run had queued are still in the state's queue and are fetched again.
Closed WARC files without their CDXJ index (written in the background, see
archiver.warc.background_cdxj) get it then, and half-written indexes go.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from pathlib import Path
from typing import Any

import attrs

from archiver.frontier.keys import url_key
from archiver.records.build import content_digest
from archiver.state.sqlite import CrawlState, Fetch
from archiver.warc.cdxj import CDXJ_SUFFIX, TEMP_SUFFIX, unindexed_warcs, write_cdxj

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
_CHUNK = 1 << 20


@attrs.define
class Recovered:
    records_files: list[str] = attrs.field(factory=list)
    log_files: list[str] = attrs.field(factory=list)
    """Crawl logs (archiver.run.crawl_log) cut after their last whole line."""
    warc_files: list[str] = attrs.field(factory=list)
    indexed_warc_files: list[str] = attrs.field(factory=list)
    """Closed WARC files whose missing CDXJ index was written."""
    records: int = 0
    """Records found in finished records files."""
    taken_in: int = 0
    """Of those, records the state did not know yet."""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


def finish_leftovers(records_dir: Path, warc_dir: Path, state: CrawlState, *,
                     index: bool = False, logs_dir: Path | None = None) -> Recovered:
    """Finish the `.open` files; with `index`, write the CDXJ indexes that are missing."""
    recovered = Recovered()
    for path in sorted(logs_dir.glob("*.jsonl" + OPEN_SUFFIX)) if logs_dir else ():
        final = finish_records_file(path, whole_lines_length(path))
        if final is not None:
            recovered.log_files.append(final.name)
    for path in sorted(warc_dir.glob("*.warc.gz" + OPEN_SUFFIX)):
        final = finish_open_warc(path)
        if final is not None:
            recovered.warc_files.append(final.name)
    if index:
        recovered.indexed_warc_files = write_missing_indexes(warc_dir)
    for path in sorted(records_dir.glob("*.jsonl" + OPEN_SUFFIX)):
        length, records = read_open_records(path)
        # Into the state before the rename: a run stopped in between (say, the disk
        # still full) finds the file `.open` again and takes them in again.
        recovered.taken_in += sum(take_in(record, state) for record in records)
        final = finish_records_file(path, length if records else 0)
        if final is not None:
            recovered.records_files.append(final.name)
        recovered.records += len(records)
    if (recovered.records_files or recovered.warc_files or recovered.indexed_warc_files
            or recovered.log_files):
        logger.warning("Finished files of an interrupted run: %s", recovered.as_dict())
    return recovered


def write_missing_indexes(warc_dir: Path) -> list[str]:
    """Write the CDXJ of each closed WARC file that has none; the files indexed."""
    for partial in warc_dir.glob("*" + CDXJ_SUFFIX + "*" + TEMP_SUFFIX):
        partial.unlink(missing_ok=True)  # (a killed run's indexing process may be at it)
    indexed = []
    for warc in unindexed_warcs(warc_dir):
        try:
            write_cdxj(warc)
        except Exception as error:  # cdxj-indexer reads damaged files as far as it can,
            # so this is rare (an I/O error); the run goes on without that index
            logger.warning("Could not index %s: %s", warc.name, error)
        else:
            indexed.append(warc.name)
    return indexed


def finish_open_records(path: Path) -> tuple[Path | None, list[dict[str, Any]]]:
    """Cut a `.jsonl.open` file after its last whole line, rename it, return its records."""
    length, records = read_open_records(path)
    return finish_records_file(path, length if records else 0), records


def read_open_records(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """The length of a `.jsonl.open` file's whole lines, and the records in them."""
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    records = []
    for line in whole.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:  # a line cut short inside, which the writer never does
            logger.warning("Dropped a damaged line in %s", path)
    return len(whole), records


def whole_lines_length(path: Path) -> int:
    """The length of a `.jsonl.open` file up to its last newline, read from the end."""
    with open(path, "rb") as stream:
        end = stream.seek(0, os.SEEK_END)
        while end > 0:
            start = max(0, end - _CHUNK)
            stream.seek(start)
            newline = stream.read(end - start).rfind(b"\n")
            if newline >= 0:
                return start + newline + 1
            end = start
    return 0


def finish_records_file(path: Path, length: int) -> Path | None:
    """Cut a `.jsonl.open` file to `length` and rename it; remove it if that is 0."""
    if not length:
        path.unlink()
        return None
    with open(path, "r+b") as stream:
        stream.truncate(length)
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    os.replace(path, final)
    return final


def take_in(record: dict[str, Any], state: CrawlState) -> bool:
    """Mark a recovered record's URL exported in the state; True if that was news to it."""
    url = record.get("requested_url") or record.get("url")
    discovery = record.get("discovery") or {}
    fetch = Fetch(key=url_key(url), url=url, source=discovery.get("source") or "",
                  kind="article", status=int(record.get("status") or 200),
                  content_digest=content_digest(record))
    return state.reconcile(fetch, record_id=record["id"], version=int(record.get("version", 1)))


def finish_open_warc(path: Path) -> Path | None:
    """Cut a `.warc.gz.open` file after its last whole gzip member and rename it."""
    with open(path, "r+b") as stream:
        length = whole_members_length(stream)
        stream.truncate(length)
    if length == 0:
        path.unlink()
        return None
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    os.replace(path, final)
    return final


def whole_members_length(stream: Any) -> int:
    """Length of the leading run of complete gzip members, read in bounded chunks."""
    end = position = 0
    member: Any = None
    while chunk := stream.read(_CHUNK):
        data = chunk
        while data:
            if member is None:
                member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            try:
                _drain(member, data)
            except zlib.error:
                return end
            if not member.eof:
                position += len(data)
                break
            position += len(data) - len(member.unused_data)
            end, data, member = position, member.unused_data, None
    return end


def _drain(member: Any, data: bytes) -> None:
    """Feed `data` to the decompressor, discarding output in bounded pieces."""
    member.decompress(data, _CHUNK)
    while member.unconsumed_tail and not member.eof:
        member.decompress(member.unconsumed_tail, _CHUNK)
