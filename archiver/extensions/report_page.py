"""Write report.html beside report.json when a run ends (see archiver.reports.html).

Connected after RunReportExtension (EXTENSIONS order in archiver/settings.py), so
report.json of this run is on disk when spider_closed reaches this extension. A
failure here is logged once and never fails the run: report.json is the record.
After a full disk (archiver.run.diskfull) the page is not written.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archiver.reports.html import ReplayLinks, write_report_html
from archiver.run.paths import output_paths
from archiver.signals import disk_full

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ReportPageExtension:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.paths = output_paths(settings)
        self.target = self.paths.report_page
        self.buckets = settings.getint("ARCHIVER_REPORT_HTML_TIME_BUCKETS")
        self.max_articles = settings.getint("ARCHIVER_REPORT_HTML_MAX_ARTICLES")
        self.links = ReplayLinks(port=settings.getint("ARCHIVER_REPLAY_PORT"),
                                 collection=settings.get("ARCHIVER_REPLAY_COLLECTION"),
                                 modifier=settings.get("ARCHIVER_REPLAY_MODIFIER"))
        self.disk_is_full = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportPageExtension:
        if not crawler.settings.getbool("ARCHIVER_REPORT_HTML_ENABLED"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.disk_full, signal=disk_full)
        return extension

    def disk_full(self) -> None:
        self.disk_is_full = True

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.disk_is_full:
            return
        try:
            write_report_html(self.paths.root, report_file=self.paths.report_file,
                              target=self.target, links=self.links, buckets=self.buckets,
                              max_articles=self.max_articles)
        except (OSError, ValueError, KeyError) as error:
            logger.error("Could not write %s: %s", self.target, error)
            return
        logger.info("Report page written to %s", self.target)
