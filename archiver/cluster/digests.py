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

from archiver.warc.dedup import IndexEntry

if TYPE_CHECKING:
    import redis

    from archiver.cluster.keys import ClusterKeys


class RedisDigestIndex:
    def __init__(self, client: redis.Redis, keys: ClusterKeys) -> None:
        self.client = client
        self.keys = keys
        self._pending: dict[str, IndexEntry] = {}
        self._pending_latest: dict[str, tuple[str, str]] = {}

    def lookup(self, payload_digest: str) -> IndexEntry | None:
        pending = self._pending.get(payload_digest)
        if pending is not None:
            return pending
        data = self.client.hget(self.keys.originals, payload_digest)
        return IndexEntry(**json.loads(data)) if data else None

    def latest_for(self, target_uri: str) -> IndexEntry | None:
        pending = self._pending_latest.get(target_uri)
        if pending is not None:
            return self.lookup(pending[0])
        digest = self.client.hget(self.keys.latest, target_uri)
        return self.lookup(digest) if digest else None

    def add_pending(self, entry: IndexEntry) -> None:
        self._pending.setdefault(entry.payload_digest, entry)

    def note_latest(self, target_uri: str, payload_digest: str, warc_file: str) -> None:
        self._pending_latest[target_uri] = (payload_digest, warc_file)

    def commit(self, warc_file: str) -> int:
        entries = [e for e in self._pending.values() if e.warc_file == warc_file]
        latest = {uri: digest for uri, (digest, file) in self._pending_latest.items()
                  if file == warc_file}
        with self.client.pipeline(transaction=False) as pipe:
            for entry in entries:  # the first original of a payload stays its original
                pipe.hsetnx(self.keys.originals, entry.payload_digest,
                            json.dumps(attrs.asdict(entry)))
            if latest:
                pipe.hset(self.keys.latest, mapping=latest)
            pipe.execute()
        for entry in entries:
            del self._pending[entry.payload_digest]
        for uri in latest:
            del self._pending_latest[uri]
        return len(entries)

    def close(self) -> None:
        self.client.close()
