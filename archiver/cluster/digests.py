"""The WARC digest index in Redis: archiver.warc.dedup.DigestIndex's interface, shared.

As with the SQLite index, entries of the file being written stay in this
worker's memory (its own revisits may use them) and reach Redis when that file
is closed and renamed, so the index only ever points other workers at complete
files. A payload two workers fetch before either file is closed is therefore
stored twice, never referenced into a file that may not survive.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs

from archiver.warc.dedup import IndexEntry, PendingDigestIndex

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings

    from archiver.cluster.keys import ClusterKeys


class RedisDigestIndex(PendingDigestIndex):
    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RedisDigestIndex:
        from archiver.cluster import redis_client

        return cls(*redis_client(settings))

    def __init__(self, client: redis.Redis, keys: ClusterKeys) -> None:
        super().__init__()
        self.client = client
        self.keys = keys

    def _stored_original(self, payload_digest: str) -> IndexEntry | None:
        data = self.client.hget(self.keys.originals, payload_digest)
        return IndexEntry(**json.loads(data)) if data else None

    def _stored_latest(self, target_uri: str) -> str | None:
        return self.client.hget(self.keys.latest, target_uri)

    def _store(self, entries: list[IndexEntry], latest: dict[str, str], warc_file: str) -> None:
        with self.client.pipeline(transaction=False) as pipe:
            for entry in entries:  # the first original of a payload stays its original
                pipe.hsetnx(self.keys.originals, entry.payload_digest,
                            json.dumps(attrs.asdict(entry)))
            if latest:
                pipe.hset(self.keys.latest, mapping=latest)
            pipe.execute()

    def close(self) -> None:
        self.client.close()
