"""The interfaces of the swappable backends, and how a setting picks the class.

The crawl state, the WARC digest index and the per-source page budget each have
a SQLite (or in-process) implementation for one crawl process and a Redis one
for a cluster. Code that uses them sees only these protocols; which class is
used is a setting (ARCHIVER_STATE_CLASS, ARCHIVER_DIGEST_INDEX_CLASS,
ARCHIVER_PAGE_BUDGET_CLASS), which cluster mode sets (archiver.cluster.settings),
as Scrapy picks its scheduler and its queues.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from archiver.run.diskfull import DiskFullError
    from archiver.state.sqlite import Fetch, Pending, UrlState
    from archiver.warc.dedup import IndexEntry


class CrawlStateBackend(Protocol):
    """What each URL was when last seen and fetched, and what is still queued."""

    on_disk_full: Callable[[DiskFullError], Any] | None

    def get(self, key: str) -> UrlState | None: ...
    def pending(self, sources: Collection[str]) -> list[Pending]: ...
    def counts(self) -> dict[str, int]: ...
    def listed(self, seen: Collection[tuple[str, str, str]], queued: Collection[Pending],
               hub: Fetch | None = None) -> None: ...
    def fetched(self, fetch: Fetch) -> None: ...
    def exported(self, fetch: Fetch, *, record_id: str, version: int) -> None: ...
    def not_modified(self, fetch: Fetch) -> None: ...
    def failed(self, key: str, *, retry: bool, max_attempts: int) -> None: ...
    def claim_seeds(self) -> bool: ...
    def done(self, key: str) -> None: ...
    def reconcile(self, fetch: Fetch, *, record_id: str, version: int) -> bool: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def freeze(self) -> None: ...
    def close(self) -> None: ...


class DigestIndexBackend(Protocol):
    """Payload digests already archived, for revisit records (archiver.warc.dedup)."""

    def lookup(self, payload_digest: str) -> IndexEntry | None: ...
    def latest_for(self, target_uri: str) -> IndexEntry | None: ...
    def add_pending(self, entry: IndexEntry) -> None: ...
    def note_latest(self, target_uri: str, payload_digest: str, warc_file: str) -> None: ...
    def commit(self, warc_file: str) -> int: ...
    def close(self) -> None: ...


class PageBudgetBackend(Protocol):
    """Pages scheduled per source this run, against the source's max_pages."""

    def take(self, source: str, key: str, limit: int) -> bool: ...


class SharedSteps:
    """The steps every crawl-state backend takes the same way, over its own `get`, `done`,
    `exported` and `_upsert_row`."""

    def reconcile(self, fetch: Fetch, *, record_id: str, version: int) -> bool:
        """Take in a record found in a file the state never heard of (an interrupted run).

        Returns whether the state changed. The URL's validators and body digest are
        cleared: its next fetch is unconditional, and since the content digest is
        the record's, an unchanged article still makes no second record.
        """
        row = self.get(fetch.key)
        if row is not None and row.record_id == record_id:
            self.done(fetch.key)
            return False
        self.exported(fetch, record_id=record_id, version=version)
        return True

    def _upsert(self, fetch: Fetch, extra: dict[str, Any]) -> None:
        """Part of a write method's transaction (fetched, exported): every row of the fetch
        (the requested URL's, the final URL's), then the URL leaves the queue."""
        for key, url in fetch.rows():
            self._upsert_row(key, url, fetch, extra)
        self.done(fetch.key)


def load_class(path: str) -> Any:
    """The class a dotted setting value names ("package.module.Class")."""
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def open_backend(settings: BaseSettings, setting: str) -> Any:
    """An instance of the class the setting names, built from the settings."""
    return load_class(settings.get(setting)).from_settings(settings)


def open_state(settings: BaseSettings) -> CrawlStateBackend:
    return open_backend(settings, "ARCHIVER_STATE_CLASS")


def open_digest_index(settings: BaseSettings) -> DigestIndexBackend:
    return open_backend(settings, "ARCHIVER_DIGEST_INDEX_CLASS")


def open_page_budget(settings: BaseSettings) -> PageBudgetBackend:
    return open_backend(settings, "ARCHIVER_PAGE_BUDGET_CLASS")

