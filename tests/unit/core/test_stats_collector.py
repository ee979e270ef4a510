"""The crawl's stats collector keeps Scrapy's stats, without its per-access hook."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from archiver.core.stats import PlainStatsCollector
from archiver.settings import STATS_CLASS


def _run(collector: MemoryStatsCollector) -> dict:
    collector.set_value("start", 1)
    for _ in range(3):
        collector.inc_value("pages")
    collector.inc_value("bytes", 500, start=100)
    collector.max_value("peak", 7)
    collector.max_value("peak", 3)
    collector.min_value("low", 4)
    collector.min_value("low", 9)
    collector.set_stats({**collector.get_stats(), "extra": "x"})
    return {"value": collector.get_value("pages"), "missing": collector.get_value("no", "d"),
            "stats": dict(collector.get_stats())}


def test_same_stats_as_scrapys_collector() -> None:
    crawler = get_crawler()
    assert _run(PlainStatsCollector(crawler)) == _run(MemoryStatsCollector(crawler))


def test_no_hook_on_attribute_access() -> None:
    collector = PlainStatsCollector(get_crawler())
    collector.inc_value("pages")
    # Scrapy's hook caches a wrapper per method it was asked for.
    assert not [name for name in vars(collector) if name.startswith("_cached_")]
    assert STATS_CLASS == "archiver.core.stats.PlainStatsCollector"
