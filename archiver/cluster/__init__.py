"""Crawling with several workers on one Redis server (scrapy-redis), and what they share.

`archiver crawl --redis-url redis://HOST:PORT/DB` on every machine turns the
workers into one crawl. What lives in Redis, under ARCHIVER_CLUSTER_KEY_PREFIX:

- the request queue and the duplicate filter (scrapy-redis; see
  archiver.cluster.settings), so that every URL is scheduled once for all workers;
- the crawl state (archiver.cluster.state) and the WARC digest index
  (archiver.cluster.digests), so that a page archived by one worker is known,
  and a payload a revisit, for all the others;
- the run's sources (archiver.cluster.sources), so that a worker started
  without seeds knows the scope, and the pages each source scheduled this run
  (archiver.cluster.budget), so that max_pages holds for the whole cluster;
- each worker's in-flight requests and heartbeat (archiver.core.cluster_scheduler):
  scrapy-redis pops a request off the queue, so a killed worker's requests would
  be lost; here they stay in the worker's in-flight hash until their outcome is
  stored, and a live worker puts them back on the queue once the dead one's
  heartbeat has expired.

Each worker writes its own WARC and JSONL files into its own output folder;
their names carry the worker id (host and pid), so folders can be merged.
Nothing here imports redis: the modules that need it import it when a crawl is
clustered.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings

    from archiver.cluster.keys import ClusterKeys
    from archiver.frontier.sources import Source


REDIS_SCHEMES = ("redis", "rediss", "unix")


def clustered(settings: BaseSettings) -> bool:
    return bool(settings.get("ARCHIVER_CLUSTER_REDIS_URL"))


def worker_id(settings: BaseSettings) -> str:
    """This process's name in the cluster: the setting, or HOST-PID."""
    return settings.get("ARCHIVER_CLUSTER_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"


def file_host(settings: BaseSettings) -> str:
    """The host part of output file names: the worker id when clustered, else the host name."""
    return worker_id(settings) if clustered(settings) else socket.gethostname()


def redis_client(settings: BaseSettings) -> tuple[redis.Redis, ClusterKeys]:
    """A client of the cluster's Redis and the names of the run's keys there."""
    from archiver.cluster.keys import ClusterKeys, connect

    return connect(settings.get("ARCHIVER_CLUSTER_REDIS_URL")), ClusterKeys.from_settings(settings)


class ClusterError(Exception):
    """The cluster cannot be joined: Redis unreachable, or no seeds given or stored."""


@contextmanager
def reaching_redis(url: str) -> Iterator[None]:
    """Turns Redis being unreachable into a ClusterError that names the URL."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        yield
    except RedisConnectionError as error:
        raise ClusterError(f"cannot reach Redis at {url}: {error}") from None


def join_cluster_sources(settings: BaseSettings, sources: list[Source]) -> list[Source]:
    """Store this worker's sources for the run and return all of the run's; alone, the
    sources given."""
    from archiver.cluster.sources import join_sources

    if not clustered(settings):
        return sources
    client, keys = redis_client(settings)
    try:
        with reaching_redis(settings.get("ARCHIVER_CLUSTER_REDIS_URL")):
            return join_sources(client, keys, sources)
    finally:
        client.close()
