"""Finish what an interrupted run left behind, before the next run starts.

A run killed outright (kill -9, power loss, a crash) leaves `.open` files:
records files hold whole JSON lines plus at most one partial last line, WARC
files whole gzip members plus at most one partial last member (both writers
flush whole units). Each is cut back to its last whole unit and renamed to
its final name. Only a provably unfinished tail is cut: a WARC file damaged
elsewhere (a disk error, a copy gone wrong) is kept whole as NAME.damaged, and
NAME gets every whole record at its offset, a note in place of each damaged
region (archiver.warc.salvage). A file that is not gzip-compressed WARC data
was not written here and is left alone, with a warning. The records in a
records file are then taken into the crawl state as exported, so the next
run neither loses nor repeats them. The URLs the run had queued are still in
the state's queue and are fetched again.
Closed WARC files without their CDXJ index (written in the background, see
archiver.warc.background_cdxj) get it then, and half-written indexes go.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs

from archiver.frontier.keys import url_key
from archiver.records.build import content_digest
from archiver.state.sqlite import CrawlState, Fetch
from archiver.warc.cdxj import CDXJ_SUFFIX, TEMP_SUFFIX, unindexed_warcs, write_cdxj
from archiver.warc.records import new_record_id, warc_date
from archiver.warc.salvage import Span, damage_note, spans, written_by_a_warc_writer

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
# The original of a WARC file found damaged, kept beside what was salvaged of it.
DAMAGED_SUFFIX = ".damaged"
SALVAGE_SUFFIX = ".salvage.tmp"
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
    for temp in warc_dir.glob("*" + SALVAGE_SUFFIX):
        temp.unlink()  # a salvage cut short: its `.open` original is still there
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
        if not records and not could_be_records(path, length):
            logger.warning("Left %s as it is: it holds no JSON record, so not one this tool "
                           "wrote; move it out of the records folder", path)
            continue
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
    """Cut a `.jsonl.open` file after its last whole line, rename it, return its records.
    A file that cannot be the writer's (see could_be_records) is left as it is."""
    length, records = read_open_records(path)
    if not records and not could_be_records(path, length):
        return None, []
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


def could_be_records(path: Path, length: int) -> bool:
    """Whether a `.jsonl.open` file without a whole record may still be the writer's: empty,
    or a first line cut short that starts as a record does (whole lines that are not JSON
    were not written here)."""
    with open(path, "rb") as stream:
        return length == 0 and stream.read(1) in (b"", b"{")
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
    """Finish a `.warc.gz.open` file: cut only an unfinished tail, salvage around damage.

    A file that does not start as a gzip-compressed WARC file was not written
    by this tool: it is left as it is, with a warning. A file holding nothing
    whole (empty, or killed inside its first record) is removed.
    """
    with open(path, "rb") as stream:
        if not written_by_a_warc_writer(stream):
            logger.warning("Left %s as it is: it is not a gzip-compressed WARC file, so not "
                           "one this tool wrote; move it out of the WARC folder", path)
            return None
        layout = list(spans(stream))
    final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
    if final.exists():  # renaming would replace it
        logger.warning("Left %s as it is: %s exists already", path, final.name)
        return None
    if any(span.kind == "damaged" for span in layout):
        return salvage_damaged(path, final, layout)
    length = layout[-1].start if layout and layout[-1].kind == "tail" else path.stat().st_size
    with open(path, "r+b") as stream:
        stream.truncate(length)  # the tail a write cut short, provably nothing more
    if length == 0:
        path.unlink()
        return None
    os.replace(path, final)
    return final


def salvage_damaged(path: Path, final: Path, layout: list[Span]) -> Path:
    """Keep the original as FINAL.damaged; write FINAL with every whole member at its offset.

    Each damaged region becomes a metadata record of the same length saying so
    (archiver.warc.salvage.damage_note); an unfinished tail is left out.
    """
    kept = _free_name(final.with_name(final.name + DAMAGED_SUFFIX))
    temp = final.with_name(final.name + SALVAGE_SUFFIX)
    date = warc_date(datetime.now(timezone.utc))
    with open(path, "rb") as source, open(temp, "wb") as target:
        for span in layout:
            if span.kind == "whole":
                source.seek(span.start)
                _copy(source, target, span.length)
            elif span.kind == "damaged":
                target.write(damage_note(span, kept.name, new_record_id(), date))
        target.flush()
        os.fsync(target.fileno())
    os.replace(path, kept)
    os.replace(temp, final)
    damaged = [f"{span.start}-{span.end}" for span in layout if span.kind == "damaged"]
    logger.warning("%s was damaged (bytes %s): its whole records are in %s, at their offsets; "
                   "the original is kept as %s", path.name, ", ".join(damaged), final.name,
                   kept.name)
    return final


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


def _copy(source: Any, target: Any, length: int) -> None:
    while length > 0:
        chunk = source.read(min(_CHUNK, length))
        if not chunk:
            return
        target.write(chunk)
        length -= len(chunk)


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
