"""Scrapy's stats collector without the hook it runs on every attribute access.

Scrapy 2.19's StatsCollector.__getattribute__ wraps ten of its methods to warn
callers that still pass the deprecated `spider` argument. To find its cached
wrapper it looks up `_cached_<name>` on every attribute access, `self._stats`
inside each method included, raising and catching an AttributeError each time:
about 45 times a page, 3 % of the crawl process's CPU. Nothing in archiver
passes `spider`; a component that still does is served without the warning.
"""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    __getattribute__ = object.__getattribute__
