"""The digest index: payload digest -> the original response record that holds it.

A SQLite file under the output folder, kept across runs. It only ever points at
`response` records in closed WARC files: entries for the file being written
are held as pending (usable by revisits in the same run) and committed when
that file is closed and renamed; a run that dies leaves its `.open` file out.
The SQLite index holds its pending entries in tables of its own, inside one
transaction that the commit ends, so that a 1 GB file's worth of entries is
not kept in memory (in memory, 10,000 of them took 6.6 MB).

A second table remembers, per URI, the digest of its latest 2xx payload
(stored in full or as a revisit), so that a 304 for a URI whose last capture
was itself a revisit still finds the original holding that payload.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS originals (
    payload_digest TEXT PRIMARY KEY,
    record_id TEXT NOT NULL,
    target_uri TEXT NOT NULL,
    warc_date TEXT NOT NULL,
    warc_file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS latest (
    target_uri TEXT PRIMARY KEY,
    payload_digest TEXT NOT NULL,
    warc_file TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_originals AS SELECT * FROM originals WHERE 0;
CREATE UNIQUE INDEX IF NOT EXISTS pending_originals_digest ON pending_originals (payload_digest);
CREATE TABLE IF NOT EXISTS pending_latest AS SELECT * FROM latest WHERE 0;
CREATE UNIQUE INDEX IF NOT EXISTS pending_latest_uri ON pending_latest (target_uri);
"""
_COLUMNS = "payload_digest, record_id, target_uri, warc_date, warc_file, offset, length"


@attrs.frozen
class IndexEntry:
    """One original; fields in the order of the table's columns."""

    payload_digest: str
    record_id: str
    target_uri: str
    warc_date: str
    warc_file: str
    """File name within the WARC folder."""
    offset: int
    length: int


class PendingDigestIndex:
    """What both digest indexes share: entries of the still-open file wait here.

    The stored index only ever points at closed files, so entries of the file
    being written are kept in memory (same-run duplicates may refer to them)
    and handed to `_store` when `commit` is called for that file.
    """

    def __init__(self) -> None:
        self._pending: dict[str, IndexEntry] = {}
        self._pending_latest: dict[str, tuple[str, str]] = {}

    def lookup(self, payload_digest: str) -> IndexEntry | None:
        pending = self._pending.get(payload_digest)
        return pending if pending is not None else self._stored_original(payload_digest)

    def latest_for(self, target_uri: str) -> IndexEntry | None:
        """The original holding this URI's latest 2xx payload (for server-not-modified)."""
        pending = self._pending_latest.get(target_uri)
        digest = pending[0] if pending is not None else self._stored_latest(target_uri)
        return self.lookup(digest) if digest else None

    def add_pending(self, entry: IndexEntry) -> None:
        self._pending.setdefault(entry.payload_digest, entry)

    def note_latest(self, target_uri: str, payload_digest: str, warc_file: str) -> None:
        """This URI's payload, captured into `warc_file`, is now `payload_digest`."""
        self._pending_latest[target_uri] = (payload_digest, warc_file)

    def commit(self, warc_file: str) -> int:
        """Store the pending entries of `warc_file`, now closed; return how many."""
        entries = [e for e in self._pending.values() if e.warc_file == warc_file]
        latest = {uri: digest for uri, (digest, file) in self._pending_latest.items()
                  if file == warc_file}
        self._store(entries, latest, warc_file)
        for entry in entries:
            del self._pending[entry.payload_digest]
        for uri in latest:
            del self._pending_latest[uri]
        return len(entries)

    def _stored_original(self, payload_digest: str) -> IndexEntry | None:
        raise NotImplementedError

    def _stored_latest(self, target_uri: str) -> str | None:
        raise NotImplementedError

    def _store(self, entries: list[IndexEntry], latest: dict[str, str], warc_file: str) -> None:
        raise NotImplementedError


class DigestIndex:
    """The digest index of one output folder, in SQLite, pending entries included (the
    same interface as PendingDigestIndex, whose pending entries are in memory)."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> DigestIndex:
        from archiver.run.paths import output_paths

        return cls(output_paths(settings).digest_index)

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.executescript(_SCHEMA)
        # A run that dies leaves its pending entries uncommitted, so rolled back; any
        # committed here belong to no file being written (and reading needs no lock).
        if self._db.execute("SELECT EXISTS (SELECT 1 FROM pending_originals)"
                            " OR EXISTS (SELECT 1 FROM pending_latest)").fetchone()[0]:
            with self._db:
                self._db.execute("DELETE FROM pending_originals")
                self._db.execute("DELETE FROM pending_latest")

    def lookup(self, payload_digest: str) -> IndexEntry | None:
        return (self._original("pending_originals", payload_digest)
                or self._original("originals", payload_digest))

    def latest_for(self, target_uri: str) -> IndexEntry | None:
        digest = self._latest("pending_latest", target_uri) or self._latest("latest", target_uri)
        return self.lookup(digest) if digest else None

    # sqlite3 opens a transaction before the first INSERT and keeps it open: pending
    # entries are visible to this connection only, and never stored if the run dies.
    def add_pending(self, entry: IndexEntry) -> None:
        self._db.execute(f"INSERT OR IGNORE INTO pending_originals ({_COLUMNS}) VALUES"
                         " (?, ?, ?, ?, ?, ?, ?)", attrs.astuple(entry))

    def note_latest(self, target_uri: str, payload_digest: str, warc_file: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO pending_latest VALUES (?, ?, ?)",
                         (target_uri, payload_digest, warc_file))

    def commit(self, warc_file: str) -> int:
        with self._db:
            count = self._db.execute("SELECT count(*) FROM pending_originals WHERE warc_file = ?",
                                     (warc_file,)).fetchone()[0]
            self._db.execute(f"INSERT OR IGNORE INTO originals ({_COLUMNS}) SELECT {_COLUMNS}"
                             " FROM pending_originals WHERE warc_file = ?", (warc_file,))
            self._db.execute("INSERT OR REPLACE INTO latest SELECT * FROM pending_latest"
                             " WHERE warc_file = ?", (warc_file,))
            self._db.execute("DELETE FROM pending_originals WHERE warc_file = ?", (warc_file,))
            self._db.execute("DELETE FROM pending_latest WHERE warc_file = ?", (warc_file,))
        return count

    def _original(self, table: str, payload_digest: str) -> IndexEntry | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM {table} WHERE payload_digest = ?",
                               (payload_digest,)).fetchone()
        return IndexEntry(*row) if row else None

    def _latest(self, table: str, target_uri: str) -> str | None:
        row = self._db.execute(f"SELECT payload_digest FROM {table} WHERE target_uri = ?",
                               (target_uri,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self._db.close()  # without commit: entries of a file not closed stay out
