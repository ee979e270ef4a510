"""The run's sources in Redis, so that a worker started without seeds knows the scope.

`archiver enqueue` and every worker given seeds or a sources file store their
sources (HSETNX: the first definition of a name wins); every worker then
crawls with all the stored sources. A request carries only its source's name
(archiver.meta.SOURCE), so a worker must know every source of the run:
its scope, patterns, depth and limits. The hash is cleared with the run's
other keys when its last worker leaves (archiver.core.cluster_scheduler).
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

from archiver.cluster import ClusterError
from archiver.frontier.sources import Source

if TYPE_CHECKING:
    import redis

    from archiver.cluster.keys import ClusterKeys

logger = logging.getLogger(__name__)


class NoSourcesError(ClusterError):
    """A worker with no seeds of its own found none stored for the run."""


def source_to_json(source: Source) -> str:
    data: dict[str, Any] = {
        "name": source.name, "seeds": list(source.seeds),
        "allowed_domains": list(source.allowed_domains),
        "include": [p.pattern for p in source.include],
        "exclude": [p.pattern for p in source.exclude],
        "max_pages": source.max_pages, "depth": source.depth, "delay": source.delay,
        "concurrency": source.concurrency, "private_ports": list(source.private_ports),
        "embeds": source.embeds,
    }  # never the seeds' logins: workers that read the sources here crawl without them
    if source.browser is not None:  # only when set: sources stored before it compare equal
        data["browser"] = source.browser
    return json.dumps(data, sort_keys=True)


def source_from_json(text: str) -> Source:
    data = json.loads(text)
    data.setdefault("private_ports", [])  # stored by a version without them
    for name in ("seeds", "allowed_domains", "private_ports"):
        data[name] = tuple(data[name])
    for name in ("include", "exclude"):
        data[name] = tuple(re.compile(pattern) for pattern in data[name])
    return Source(**data)


def publish_sources(client: redis.Redis, keys: ClusterKeys, sources: list[Source]) -> None:
    """Store the sources that have seeds under names not stored yet."""
    given = {s.name: source_to_json(s) for s in sources if s.seeds}
    for name, text in given.items():
        if not client.hsetnx(keys.sources, name, text) and client.hget(keys.sources,
                                                                        name) != text:
            logger.warning("Source %r differs from the one the run started with; "
                           "crawling with the run's", name or "(command-line seeds)")


def run_sources(client: redis.Redis, keys: ClusterKeys) -> list[Source]:
    stored = client.hgetall(keys.sources)
    return [source_from_json(stored[name]) for name in sorted(stored)]


def join_sources(client: redis.Redis, keys: ClusterKeys, sources: list[Source]) -> list[Source]:
    """Publish this worker's sources; return all of the run's (raises NoSourcesError)."""
    publish_sources(client, keys, sources)
    stored = run_sources(client, keys)
    if not stored:
        raise NoSourcesError("no seeds: give seeds, --seeds-file or --config, or push them "
                             "first with `archiver enqueue`")
    return stored
