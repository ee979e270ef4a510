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
- each worker's in-flight requests and heartbeat (archiver.cluster.scheduler):
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from archiver.cluster.budget import RedisPageBudget
    from archiver.cluster.digests import RedisDigestIndex
    from archiver.cluster.state import RedisCrawlState
    from archiver.sources import Source


REDIS_SCHEMES = ("redis", "rediss", "unix")


def clustered(settings: BaseSettings) -> bool:
    return bool(settings.get("ARCHIVER_CLUSTER_REDIS_URL"))


def worker_id(settings: BaseSettings) -> str:
    """This process's name in the cluster: the setting, or HOST-PID."""
    return settings.get("ARCHIVER_CLUSTER_WORKER_ID") or f"{socket.gethostname()}-{os.getpid()}"


def file_host(settings: BaseSettings) -> str:
    """The host part of output file names: the worker id when clustered, else the host name."""
    return worker_id(settings) if clustered(settings) else socket.gethostname()


def open_cluster_state(settings: BaseSettings) -> RedisCrawlState:
    from archiver.cluster.keys import ClusterKeys, connect
    from archiver.cluster.state import RedisCrawlState

    return RedisCrawlState(connect(settings.get("ARCHIVER_CLUSTER_REDIS_URL")),
                           ClusterKeys.from_settings(settings), worker=worker_id(settings))


def open_cluster_digest_index(settings: BaseSettings) -> RedisDigestIndex:
    from archiver.cluster.digests import RedisDigestIndex
    from archiver.cluster.keys import ClusterKeys, connect

    return RedisDigestIndex(connect(settings.get("ARCHIVER_CLUSTER_REDIS_URL")),
                            ClusterKeys.from_settings(settings))


def open_cluster_budget(settings: BaseSettings) -> RedisPageBudget:
    from archiver.cluster.budget import RedisPageBudget
    from archiver.cluster.keys import ClusterKeys, connect

    return RedisPageBudget(connect(settings.get("ARCHIVER_CLUSTER_REDIS_URL")),
                           ClusterKeys.from_settings(settings))


class ClusterError(Exception):
    """The cluster cannot be joined: Redis unreachable, or no seeds given or stored."""


def join_cluster_sources(settings: BaseSettings, sources: list[Source]) -> list[Source]:
    """Store this worker's sources for the run and return all of the run's."""
    from redis.exceptions import ConnectionError as RedisConnectionError

    from archiver.cluster.keys import ClusterKeys, connect
    from archiver.cluster.sources import join_sources

    url = settings.get("ARCHIVER_CLUSTER_REDIS_URL")
    client = connect(url)
    try:
        return join_sources(client, ClusterKeys.from_settings(settings), sources)
    except RedisConnectionError as error:
        raise ClusterError(f"cannot reach Redis at {url}: {error}") from None
    finally:
        client.close()
