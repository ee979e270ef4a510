"""Crawl state in SQLite: what each URL was when last seen and fetched, and what is still queued.

One row per URL (keyed by its canonical form) says when it was first and last
seen in a listing, when it was last fetched and with what validators (ETag,
Last-Modified), the digests of its body and of its article content, and the
id and version of its last exported record. The `pending` table is the queue
of URLs scheduled but not finished, so that an interrupted run's work is
picked up by the next one.

Every public method is one transaction. A URL leaves the queue in the same
transaction that records its outcome, and a record's URL is marked exported
only after its JSON line has been flushed (the caller's side of the bargain).
A write that finds the disk full is rolled back and the state takes no more
writes (see `_write`). No Scrapy here.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from archiver.dates import now_iso
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.state.backends import SharedSteps

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', kind TEXT,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_fetched TEXT, status INTEGER,
    etag TEXT, last_modified TEXT, body_digest TEXT, content_digest TEXT, listed_date TEXT,
    record_id TEXT, version INTEGER NOT NULL DEFAULT 0, changes INTEGER NOT NULL DEFAULT 0,
    exported_at TEXT);
CREATE TABLE IF NOT EXISTS pending (
    key TEXT PRIMARY KEY, url TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
    hops_left INTEGER NOT NULL, discovery TEXT NOT NULL, listed_date TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, queued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StateError(Exception):
    """The state file cannot be used (not SQLite, from a newer version, not writable)."""


_Write = TypeVar("_Write", bound=Callable[..., Any])


def _write(method: _Write) -> _Write:
    """A write method: one transaction, rolled back if the disk is full.

    After a full disk the state is frozen: later writes do nothing, as if the
    process had been killed there (the next run redoes what they would have
    recorded). With `on_disk_full` set (a crawl, which then stops) it is called
    and the caller goes on; without, DiskFullError is raised.
    """

    @functools.wraps(method)
    def write(self: CrawlState, *args: Any, **kwargs: Any) -> Any:
        if self.frozen:
            return None
        if self._depth:  # within an outer write, which handles a full disk
            return method(self, *args, **kwargs)
        try:
            with self.transaction():
                return method(self, *args, **kwargs)
        except sqlite3.Error as error:
            if not is_disk_full(error):
                raise
            self.frozen = True
            full = DiskFullError(self.path)
            if self.on_disk_full is None:
                raise full from None
            self.on_disk_full(full)
            return None

    return write  # type: ignore[return-value]


utc_now = now_iso


@attrs.frozen(kw_only=True)
class UrlState:
    key: str
    url: str
    source: str
    kind: str | None
    """"article", "page", "feed", "sitemap", "sitemapindex", "robots", "missing" (404, 410),
    "other"; None if never fetched."""
    first_seen: str
    last_seen: str
    last_fetched: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    body_digest: str | None
    """sha1 of the decoded body of the last 200 response."""
    content_digest: str | None
    """archiver.records.build.content_digest of the last exported (or unchanged) article."""
    listed_date: str | None
    """The listing's date for the URL (lastmod, updated) at the last fetch, ISO 8601."""
    record_id: str | None
    version: int
    changes: int
    """How many times a fetch found the article changed after its first record."""
    exported_at: str | None


@attrs.frozen(kw_only=True)
class Pending:
    key: str
    url: str
    source: str
    hops_left: int
    discovery: dict[str, Any]
    listed_date: str | None = None
    attempts: int = 0


@attrs.frozen(kw_only=True)
class Fetch:
    """What a fetch of a URL found, as the state keeps it."""

    key: str
    url: str
    source: str
    kind: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    body_digest: str | None = None
    """sha1 of the decoded body (200 responses)."""
    content_digest: str | None = None
    """archiver.records.build.content_digest of the article in it; None keeps the stored one."""
    listed_date: str | None = None
    """The listing's date for the URL, ISO 8601 UTC; None keeps the stored one."""
    final: tuple[str, str] | None = None
    """(key, URL) reached through redirects, if another: stored alike, so that the
    article is known under both names."""

    def rows(self) -> list[tuple[str, str]]:
        return [(self.key, self.url), *([self.final] if self.final else [])]


class CrawlState(SharedSteps):
    def __init__(self, connection: sqlite3.Connection, clock: Callable[[], str] = utc_now,
                 path: Path | None = None) -> None:
        self.db = connection
        self.clock = clock
        self.path = path
        self._depth = 0
        self.frozen = False
        """No more writes: the disk was found full (see `_write`)."""
        self.on_disk_full: Callable[[DiskFullError], None] | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> CrawlState:
        """The output folder's state file, or one in memory when ARCHIVER_STATE_ENABLED is off."""
        from archiver.run.paths import output_paths

        state_file = output_paths(settings).state_file
        return cls.open(state_file if state_file is not None else ":memory:")

    @classmethod
    def open(cls, path: Path | str, clock: Callable[[], str] = utc_now) -> CrawlState:
        """Open (or create) the state; ":memory:" for a state that lasts one run."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(str(path), isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
            state = cls(connection, clock, None if str(path) == ":memory:" else Path(path))
            state._check_version()
        except sqlite3.DatabaseError as error:
            if is_disk_full(error):
                raise DiskFullError(path) from None
            raise StateError(f"cannot use state file {path}: {error}") from None
        return state

    def close(self) -> None:
        self.db.close()

    def freeze(self) -> None:
        """Take no more writes: the run stops as if killed now (a full disk elsewhere)."""
        self.frozen = True

    def _check_version(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
        elif int(row["value"]) > SCHEMA_VERSION:
            raise StateError(f"state file is from a newer archiver (schema {row['value']})")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group calls into one transaction; nested uses join the outer one."""
        if self._depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0 and self.db.in_transaction:  # SQLITE_FULL may have ended it
                self.db.execute("ROLLBACK")
            raise
        self._depth -= 1
        if self._depth == 0:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    # --- reading ---------------------------------------------------------------

    def get(self, key: str) -> UrlState | None:
        row = self.db.execute("SELECT * FROM urls WHERE key = ?", (key,)).fetchone()
        return UrlState(**dict(row)) if row is not None else None

    def pending(self, sources: Collection[str]) -> list[Pending]:
        """The queue left by earlier runs for these sources, oldest first."""
        rows = self.db.execute("SELECT * FROM pending ORDER BY queued_at, rowid").fetchall()
        return [_pending(row) for row in rows if row["source"] in sources]

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "urls": one("SELECT count(*) FROM urls"),
            "articles": one("SELECT count(*) FROM urls WHERE record_id IS NOT NULL"),
            "pending": one("SELECT count(*) FROM pending"),
        }

    # --- writing ---------------------------------------------------------------

    @_write
    def listed(self, seen: Collection[tuple[str, str, str]], queued: Collection[Pending],
               hub: Fetch | None = None) -> None:
        """URLs seen in a listing, the ones queued from it, and the listing's own fetch.

        One transaction: a listing whose validators are stored (so that the next
        run may get a 304 for it) never loses the entries it queued.
        """
        now = self.clock()
        self.db.executemany(
            "INSERT INTO urls (key, url, source, first_seen, last_seen) VALUES (?,?,?,?,?)"
            " ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen",
            [(key, url, source, now, now) for key, url, source in seen])
        self.db.executemany(
            "INSERT INTO pending (key, url, source, hops_left, discovery, listed_date,"
            " queued_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING",
            [(p.key, p.url, p.source, p.hops_left, json.dumps(p.discovery), p.listed_date,
              now) for p in queued])
        if hub is not None:
            self.fetched(hub)

    @_write
    def fetched(self, fetch: Fetch) -> None:
        """A fetch (200 or other status) that made no record; the URL leaves the queue."""
        self._upsert(fetch, {})

    @_write
    def exported(self, fetch: Fetch, *, record_id: str, version: int) -> None:
        """A fetch whose record has been written and flushed."""
        self._upsert(fetch, {"record_id": record_id, "version": version,
                             "exported_at": self.clock(), "changes": max(version - 1, 0)})

    @_write
    def not_modified(self, fetch: Fetch) -> None:
        """A 304: only the fetch time, the listing date and any new validators change."""
        now = self.clock()
        for key, _url in fetch.rows():
            self.db.execute(
                "UPDATE urls SET last_fetched = ?, last_seen = ?, status = ?,"
                " etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),"
                " listed_date = coalesce(?, listed_date) WHERE key = ?",
                (now, now, fetch.status, fetch.etag, fetch.last_modified,
                 fetch.listed_date, key))
        self.done(fetch.key)

    @_write
    def failed(self, key: str, *, retry: bool, max_attempts: int) -> None:
        """A fetch that failed: kept queued for a later run while `retry` and attempts last."""
        if retry:
            self.db.execute("UPDATE pending SET attempts = attempts + 1 WHERE key = ?", (key,))
            self.db.execute("DELETE FROM pending WHERE key = ? AND attempts >= ?",
                            (key, max_attempts))
        else:
            self.done(key)

    def claim_seeds(self) -> bool:
        """Whether this run pushes its seeds: always alone (a cluster's first worker does)."""
        return True

    @_write
    def done(self, key: str) -> None:
        self.db.execute("DELETE FROM pending WHERE key = ?", (key,))

    @_write
    def reconcile(self, fetch: Fetch, *, record_id: str, version: int) -> bool:
        """SharedSteps.reconcile, in one transaction."""
        return super().reconcile(fetch, record_id=record_id, version=version)

    def _upsert_row(self, key: str, url: str, fetch: Fetch, extra: dict[str, Any]) -> None:
        now = self.clock()
        values = {
            "key": key, "url": url, "source": fetch.source, "kind": fetch.kind,
            "first_seen": now, "last_seen": now, "last_fetched": now, "status": fetch.status,
            "etag": fetch.etag, "last_modified": fetch.last_modified,
            "body_digest": fetch.body_digest, "content_digest": fetch.content_digest,
            "listed_date": fetch.listed_date, **extra,
        }
        updates = ", ".join(_update(name) for name in values if name not in ("key", "first_seen"))
        self.db.execute(
            f"INSERT INTO urls ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})"
            f" ON CONFLICT(key) DO UPDATE SET {updates}", tuple(values.values()))


def _update(name: str) -> str:
    if name == "listed_date":  # the newest date any listing gave (all in UTC, so text compares)
        return (f"{name} = max(coalesce(excluded.{name}, {name}),"
                f" coalesce({name}, excluded.{name}))")
    if name == "content_digest":  # a fetch that extracted nothing keeps the article's digest
        return f"{name} = coalesce(excluded.{name}, {name})"
    return f"{name} = excluded.{name}"


def _pending(row: sqlite3.Row) -> Pending:
    data = dict(row)
    data.pop("queued_at")
    data["discovery"] = json.loads(data["discovery"])
    return Pending(**data)
