"""The crawl state in Redis: archiver.state.sqlite.CrawlState's interface, shared by all workers.

One hash per URL (its UrlState fields; a missing field is None) plus two sets
(all URLs, URLs with a record) for the counts. There is no pending table: the
shared scrapy-redis queue and the workers' in-flight hashes hold the work, so
`pending()` is empty and `done(key)` takes the URL out of this worker's
in-flight hash. Writes of one URL come from the one worker that fetched it;
`listed` touches only `last_seen` (and creates the row), so concurrent
workers do not overwrite each other's fetches. No Scrapy here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs

from archiver.state.backends import SharedSteps
from archiver.state.sqlite import Fetch, Pending, UrlState, utc_now

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings

    from archiver.cluster.keys import ClusterKeys

_INTEGERS = frozenset({"status", "version", "changes"})
_FIELDS = tuple(field.name for field in attrs.fields(UrlState))


class RedisCrawlState(SharedSteps):
    def __init__(self, client: redis.Redis, keys: ClusterKeys, *, worker: str,
                 clock: Callable[[], str] = utc_now) -> None:
        self.client = client
        self.keys = keys
        self.worker = worker
        self.clock = clock
        self.path = None
        self.on_disk_full = None  # the state is in Redis: no local disk to fill

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RedisCrawlState:
        from archiver.cluster import redis_client, worker_id

        return cls(*redis_client(settings), worker=worker_id(settings))

    def freeze(self) -> None:
        """Nothing to stop: a full local disk does not stop the cluster's state."""

    def close(self) -> None:
        self.client.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Each call is atomic enough on its own (one worker writes a URL's outcome)."""
        yield

    def claim_seeds(self) -> bool:
        """Whether this worker pushes the seeds: the first of the run to ask does."""
        return bool(self.client.set(self.keys.seeded, self.worker, nx=True))

    # --- reading ---------------------------------------------------------------

    def get(self, key: str) -> UrlState | None:
        data = self.client.hgetall(self.keys.url(key))
        if not data:
            return None
        values: dict[str, Any] = {name: data.get(name) for name in _FIELDS}
        for name in _INTEGERS:
            values[name] = int(values[name]) if values[name] is not None else None
        values["version"] = values["version"] or 0
        values["changes"] = values["changes"] or 0
        return UrlState(**values)

    def pending(self, sources: Collection[str]) -> list[Pending]:
        return []  # the shared queue is the pending work of a cluster

    def counts(self) -> dict[str, int]:
        return {"urls": self.client.scard(self.keys.urls),
                "articles": self.client.scard(self.keys.articles),
                "pending": self.client.zcard(self.keys.queue)}

    # --- writing ---------------------------------------------------------------

    def listed(self, seen: Collection[tuple[str, str, str]], queued: Collection[Pending],
               hub: Fetch | None = None) -> None:
        now = self.clock()
        with self.client.pipeline(transaction=False) as pipe:
            for key, url, source in seen:
                name = self.keys.url(key)
                for field, value in (("key", key), ("url", url), ("source", source),
                                     ("first_seen", now)):
                    pipe.hsetnx(name, field, value)
                pipe.hset(name, "last_seen", now)
                pipe.sadd(self.keys.urls, key)
            pipe.execute()
        if hub is not None:
            self.fetched(hub)

    def fetched(self, fetch: Fetch) -> None:
        self._upsert(fetch, {})

    def exported(self, fetch: Fetch, *, record_id: str, version: int) -> None:
        self._upsert(fetch, {"record_id": record_id, "version": version,
                             "exported_at": self.clock(), "changes": max(version - 1, 0)})

    def not_modified(self, fetch: Fetch) -> None:
        now = self.clock()
        for key, _url in fetch.rows():
            name = self.keys.url(key)
            if not self.client.exists(name):
                continue
            values = {"last_fetched": now, "last_seen": now, "status": fetch.status,
                      "etag": fetch.etag, "last_modified": fetch.last_modified,
                      "listed_date": fetch.listed_date}
            self.client.hset(name, mapping={k: v for k, v in values.items() if v is not None})
        self.done(fetch.key)

    def failed(self, key: str, *, retry: bool, max_attempts: int) -> None:
        """A failed fetch leaves the run: a cluster keeps no queue across runs for retries."""
        self.done(key)

    def done(self, key: str) -> None:
        self.client.hdel(self.keys.inflight(self.worker), key)

    def _upsert_row(self, key: str, url: str, fetch: Fetch, extra: dict[str, Any]) -> None:
        now = self.clock()
        name = self.keys.url(key)
        known = self.client.hget(name, "listed_date")
        listed = max(d for d in (known, fetch.listed_date) if d) if known or fetch.listed_date \
            else None
        values = {
            "key": key, "url": url, "source": fetch.source, "kind": fetch.kind,
            "last_seen": now, "last_fetched": now, "status": fetch.status,
            "etag": fetch.etag, "last_modified": fetch.last_modified,
            "body_digest": fetch.body_digest, "content_digest": fetch.content_digest,
            "listed_date": listed, **extra,
        }
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hsetnx(name, "first_seen", now)
            pipe.hset(name, mapping={k: v for k, v in values.items() if v is not None})
            # A fetch that extracted nothing keeps the article's content digest.
            cleared = [k for k, v in values.items() if v is None and k != "content_digest"]
            if cleared:
                pipe.hdel(name, *cleared)
            pipe.sadd(self.keys.urls, key)
            if values.get("record_id"):
                pipe.sadd(self.keys.articles, key)
            pipe.execute()
