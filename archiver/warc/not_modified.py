"""CDXJ lines of server-not-modified revisits, resolved to the response they refer to.

A 304 to a conditional request is written as it was exchanged: a revisit with the
`server-not-modified` profile, its HTTP head a 304, and `WARC-Refers-To`,
`WARC-Refers-To-Target-URI`, `WARC-Refers-To-Date` and the original's
`WARC-Payload-Digest` (archiver.warc.records). pywb does not follow those for a
3xx: its ResolvingLoader (pywb/warcserver/resource/resolvingloader.py,
`load_headers_and_payload`) returns any revisit whose HTTP status starts with 3
as it is, with Content-Length 0, before looking for an original, so the latest
capture of an unchanged page would replay as an empty 304. So the CDXJ line of
such a revisit points at its original response record (filename, offset,
length, mime, status) at the revisit's own time: replay answers what the server
confirmed was still there. The revisit's own location is kept in the line under
`revisit`. The original is looked for in this file's index and the indexes
beside it (same URL, its WARC-Date, its payload digest); when none is found the
line stays as cdxj-indexer wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from archiver.warc.records import SERVER_NOT_MODIFIED

# Extra fields cdxj-indexer is asked for (taken out of the lines again here).
PROFILE, REFERS_URI, REFERS_DATE = ("warc-profile", "warc-refers-to-target-uri",
                                    "warc-refers-to-date")
EXTRA_FIELDS = ",".join((PROFILE, REFERS_URI, REFERS_DATE))
ORIGINAL_FIELDS = ("mime", "status", "digest", "length", "offset", "filename")

Wanted = tuple[str, str, str]
"""(SURT key, 14-digit timestamp of WARC-Refers-To-Date, payload digest)."""


def split_line(line: str) -> tuple[str, str, dict]:
    key, stamp, fields = line.rstrip("\n").split(" ", 2)
    return key, stamp, json.loads(fields)


def join_line(key: str, stamp: str, fields: dict) -> str:
    return f"{key} {stamp} {json.dumps(fields)}\n"


def _stamp(date: str) -> str:
    return "".join(ch for ch in date if ch.isdigit())[:14]


def surt_key(url: str) -> str:
    """The SURT key cdxj-indexer files a URL under (its CDXJIndexer.get_url_key)."""
    import surt  # a dependency of cdxj-indexer, imported with it on first use

    try:
        return surt.surt(url)
    except Exception:  # noqa: BLE001 (as cdxj-indexer: the URL itself then)
        return url


def wanted_original(fields: dict) -> Wanted | None:
    """What the original of a server-not-modified revisit line looks like in an index: it
    may be filed under another URL (the same payload first fetched as page.html?ref=x)."""
    if (fields.get(PROFILE) != SERVER_NOT_MODIFIED or not fields.get(REFERS_DATE)
            or not fields.get(REFERS_URI)):
        return None
    return surt_key(fields[REFERS_URI]), _stamp(fields[REFERS_DATE]), fields.get("digest", "")


def find_originals(wanted: set[Wanted], indexes: Iterable[Path]) -> dict[Wanted, dict]:
    """The index fields of each wanted original, read line by line from `indexes`."""
    keys = {key for key, _stamp, _digest in wanted}
    found: dict[Wanted, dict] = {}
    for index in indexes:
        with open(index, encoding="utf-8") as lines:
            for line in lines:
                key = line.split(" ", 1)[0]
                if key not in keys:
                    continue
                key, stamp, fields = split_line(line)
                probe = (key, stamp[:14], fields.get("digest", ""))
                if probe in wanted and fields.get("mime") != "warc/revisit":
                    found.setdefault(probe, fields)
    return found


def resolved_lines(index: Path, siblings: Iterable[Path]) -> Iterator[str]:
    """`index`'s lines, the extra fields out, not-modified revisits resolved."""
    with open(index, encoding="utf-8") as lines:
        wanted = {want for line in lines if (want := wanted_original(split_line(line)[2]))}
    originals = find_originals(wanted, [index, *siblings]) if wanted else {}
    with open(index, encoding="utf-8") as lines:
        for line in lines:
            key, stamp, fields = split_line(line)
            want = wanted_original(fields)
            for extra in (PROFILE, REFERS_URI, REFERS_DATE):
                fields.pop(extra, None)
            original = originals.get(want) if want else None
            if original is not None:
                fields = {"url": fields.get("url"),
                          **{name: original.get(name) for name in ORIGINAL_FIELDS},
                          "revisit": {name: fields.get(name) for name in
                                      ("status", "length", "offset", "filename")}}
            yield join_line(key, stamp, fields)

