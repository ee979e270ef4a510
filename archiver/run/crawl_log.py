"""The crawl log: one JSON line per URL of a run, with what became of it.

Every URL the run met gets a line once its outcome is known: a page written as a
record (with the record's id), a page that gave no record (with the extraction's
reason), a page not modified, a feed or sitemap listed, a redirect, a URL the
frontier skipped (out of scope, robots.txt, max_pages, patterns...) and a fetch
that failed. A line holds:

    time      ISO 8601 UTC, when the line was written
    url       the URL (the requested one; a redirect has its own line)
    outcome   record | no_record | not_modified | listing | not_page | redirect |
              retried | fetched | skipped | failed
    reason    why (a skip, a failure, no record); absent otherwise
    status    the HTTP status, when there was a response
    size      payload bytes as received (content-encoded), when there was a response
    mime      the Content-Type's media type, when there was a response
    hops      the hop path from the seed (L link, R redirect, P prerequisite)
    via       the URL it was found through
    duration  seconds from request to the whole response
    warc      {"file", "offset"} of the record holding the payload, when archived
    record_id the JSON record's id, when one was written

Lines go to `logs/crawl-STAMP-HOST.jsonl.open`, renamed `.jsonl` at the end
(archiver.records.jsonl), so a killed run's log is recognisably incomplete;
archiver.run.leftovers finishes it. Nothing but counters is kept in memory,
plus a bounded set of skipped URLs so that a link to the same off-site page
from every page is one line, not thousands.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs

from archiver.dates import file_stamp
from archiver.records.jsonl import JsonlWriter

LOG_PREFIX = "crawl"
# At most this many distinct media types are counted by name; the rest as "other"
# (a server can send any Content-Type).
MAX_MIME_TYPES = 50


def crawl_log_name(started_at: datetime, host: str) -> str:
    return f"{LOG_PREFIX}-{file_stamp(started_at)}-{host}.jsonl"


def media_type(content_type: str | None) -> str | None:
    """`text/html; charset=utf-8` -> `text/html`; None when there is none."""
    value = (content_type or "").split(";", 1)[0].strip().lower()
    return value or None


@attrs.frozen
class LogLine:
    """One URL's line. Fields left None are not written."""

    url: str
    outcome: str
    reason: str | None = None
    status: int | None = None
    size: int | None = None
    mime: str | None = None
    hops: str | None = None
    via: str | None = None
    duration: float | None = None
    warc: dict[str, Any] | None = None
    record_id: str | None = None

    def as_dict(self, now: datetime) -> dict[str, Any]:
        fields = {"time": now.astimezone(timezone.utc).isoformat(timespec="milliseconds")
                  .replace("+00:00", "Z")}
        # getattr over the names, not attrs.asdict: a line per URL, and asdict was half
        # of a line's cost.
        fields |= {name: value for name in _LINE_FIELDS
                   if (value := getattr(self, name)) is not None}
        if self.duration is not None:
            fields["duration"] = round(self.duration, 3)
        return fields


_LINE_FIELDS = tuple(field.name for field in attrs.fields(LogLine))


class CrawlLog:
    """The run's crawl log file, and the counts report.html shows of it."""

    def __init__(self, path: Path, *, max_remembered_skips: int) -> None:
        self.writer = JsonlWriter(path)
        self.mime_types: Counter[str] = Counter()
        self.outcomes: Counter[str] = Counter()
        self._skipped: set[str] = set()
        self._max_skipped = max_remembered_skips

    @property
    def path(self) -> Path:
        return self.writer.path

    def write(self, line: LogLine, now: datetime | None = None) -> None:
        """Write the line (an OSError, a full disk, leaves the file as it was)."""
        if line.outcome == "skipped" and not self._first_skip(line.url):
            return
        self.writer.write(line.as_dict(now or datetime.now(timezone.utc)))
        self.outcomes[line.outcome] += 1
        if line.mime is not None:
            known = line.mime in self.mime_types or len(self.mime_types) < MAX_MIME_TYPES
            self.mime_types[line.mime if known else "other"] += 1

    def _first_skip(self, url: str) -> bool:
        if url in self._skipped:
            return False
        if len(self._skipped) < self._max_skipped:
            self._skipped.add(url)
        return True

    def close(self) -> Path | None:
        """Finish the file (renamed from `.open`); None when the run logged nothing."""
        return self.writer.close()

    def abandon(self) -> None:
        """Leave the file `.open` (a full disk): the next run finishes it."""
        self.writer.abandon()
