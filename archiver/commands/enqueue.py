"""`archiver enqueue`: push a run's seeds into the cluster's shared queue, fetching nothing.

The requests are the spider's own (NewsSpider.seed_requests), built by a
crawler that is never started, so they carry the same meta, validators from
the shared state and page-budget accounting as a worker's. They pass through
scrapy-redis's duplicate filter as a worker's requests do: seeds pushed twice
(enqueue run twice, or enqueue and then workers given the same seeds) are
queued once. Enqueue also sets the run's seeds flag, so that workers started
afterwards do not push their seeds again, and stores the sources
(archiver.cluster.sources), so that workers started without seeds know the
scope.
"""

from __future__ import annotations

import warnings
from typing import Any

import attrs
from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.statscollectors import MemoryStatsCollector
from scrapy_redis.scheduler import Scheduler

from archiver.cluster import reaching_redis
from archiver.cluster.keys import ClusterKeys, connect
from archiver.cluster.sources import join_sources
from archiver.cluster.state import RedisCrawlState
from archiver.commands.crawl import project_settings
from archiver.frontier.sources import Source
from archiver.spidermiddlewares.frontier import FrontierMiddleware
from spiders.news import NewsSpider


@attrs.frozen(kw_only=True)
class Enqueued:
    redis_url: str
    seeds: int
    """Seed requests built (after the frontier: a seed over a page limit is left out)."""
    pushed: int
    """Of those, the ones new to this run's duplicate filter, now on the queue."""
    queued: int
    """Requests on the shared queue afterwards."""

    def describe(self) -> str:
        already = self.seeds - self.pushed
        return (f"Enqueued {self.pushed} of {self.seeds} seed request(s) at {self.redis_url}"
                f" ({already} already scheduled this run); {self.queued} request(s) queued")


def enqueue(sources: list[Source], overrides: dict[str, Any]) -> Enqueued:
    """Push the seeds of `sources`; raises ClusterError when Redis cannot be reached."""
    settings = project_settings(overrides)
    url = settings.get("ARCHIVER_CLUSTER_REDIS_URL")
    with reaching_redis(url):
        return _enqueue(sources, Crawler(NewsSpider, settings), url)


def _enqueue(sources: list[Source], crawler: Crawler, url: str) -> Enqueued:
    client = connect(url)
    try:
        run = join_sources(client, ClusterKeys.from_settings(crawler.settings), sources)
    finally:
        client.close()
    names = {source.name for source in sources}
    crawler.stats = MemoryStatsCollector(crawler)
    state = RedisCrawlState.from_settings(crawler.settings)
    spider = NewsSpider.from_crawler(crawler, sources=[s for s in run if s.name in names],
                                     state=state)
    try:
        state.claim_seeds()  # workers started afterwards do not push theirs
        scheduler = Scheduler.from_settings(crawler.settings)
        with warnings.catch_warnings():  # scrapy-redis logs "Resuming crawl" by Spider.log()
            warnings.simplefilter("ignore", ScrapyDeprecationWarning)
            scheduler.open(spider)
        crawler.spider = spider
        requests = FrontierMiddleware(crawler).requests_for(spider.seed_candidates())
        pushed = sum(scheduler.enqueue_request(request) for request in requests)
        return Enqueued(redis_url=url, seeds=len(requests), pushed=pushed,
                        queued=len(scheduler.queue))
    finally:
        state.close()
