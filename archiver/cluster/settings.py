"""The Scrapy settings a clustered crawl derives from ARCHIVER_CLUSTER_REDIS_URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver.cluster import clustered
from archiver.cluster.keys import ClusterKeys

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SCHEDULER = "archiver.core.cluster_scheduler.ClusterScheduler"
DUPEFILTER_CLASS = "scrapy_redis.dupefilter.RFPDupeFilter"


def apply_cluster_settings(settings: BaseSettings, priority: str = "spider") -> None:
    """Point the scheduler queue and duplicate filter at Redis when clustered; else nothing."""
    if not clustered(settings):
        return
    keys = ClusterKeys.from_settings(settings)
    values = {
        "SCHEDULER": SCHEDULER,
        "DUPEFILTER_CLASS": DUPEFILTER_CLASS,
        # One worker finishing must not flush the queue the others still work on;
        # the last worker to leave clears the run (archiver.core.cluster_scheduler).
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": keys.queue,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "REDIS_URL": settings.get("ARCHIVER_CLUSTER_REDIS_URL"),
        "ARCHIVER_CLUSTER_ENQUEUE_EARLY": True,
        "ARCHIVER_STATE_CLASS": "archiver.cluster.state.RedisCrawlState",
        "ARCHIVER_DIGEST_INDEX_CLASS": "archiver.cluster.digests.RedisDigestIndex",
        "ARCHIVER_PAGE_BUDGET_CLASS": "archiver.cluster.budget.RedisPageBudget",
        # A page's requisites go to the shared queue and may be fetched by another worker,
        # whose capture this one never hears of: a record does not wait for its images
        # (those this worker had archived get their pointers; `archiver extract` over
        # every worker's folder gives them all).
        "ARCHIVER_REQUISITES_WAIT": 0,
    }
    for name, value in values.items():
        settings.set(name, value, priority=priority)
