"""Write each record as one JSON line into the run's records file.

Once the disk is full (this write or another component's, see archiver.run.diskfull)
records are dropped as NotWritten and the file is left `.open`: the next run
takes its records into the state, whatever of that the state missed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from archiver.cluster import file_host
from archiver.dates import file_stamp
from archiver.records.jsonl import JsonlWriter
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.paths import output_paths
from archiver.signals import disk_full
from archiver.warc.writer import safe_host, safe_prefix

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector


def records_file_name(prefix: str, started_at: datetime, host: str) -> str:
    return f"{safe_prefix(prefix)}-{file_stamp(started_at)}-{safe_host(host)}.jsonl"


class NotWritten(DropItem):
    """The disk is full: the record is not written, and its URL stays queued."""


class JsonlExportPipeline:
    def __init__(self, path: Path, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self.writer: JsonlWriter | None = None
        self.signals: SignalManager | None = None
        self.disk_is_full = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlExportPipeline:
        settings = crawler.settings
        name = records_file_name(settings.get("ARCHIVER_WARC_PREFIX"),
                                 datetime.now(timezone.utc), file_host(settings))
        pipeline = cls(output_paths(settings).records_dir / name, crawler.stats)
        pipeline.signals = crawler.signals
        crawler.signals.connect(pipeline.disk_full, signal=disk_full)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        self.writer = JsonlWriter(self.path)

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        assert self.writer is not None
        if self.disk_is_full:
            raise NotWritten("not written: the disk is full", log_level="INFO")
        try:
            self.writer.write(item)
        except OSError as error:
            if not is_disk_full(error):
                raise
            self.disk_is_full = True
            if self.signals is not None:
                self.signals.send_catch_log(disk_full,
                                            error=DiskFullError(self.writer.open_path))
            raise NotWritten("not written: the disk is full", log_level="INFO") from None
        self.stats.inc_value("archiver/records_written")
        return item

    def disk_full(self, error: DiskFullError) -> None:
        self.disk_is_full = True

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.writer is not None and self.disk_is_full:
            self.writer.abandon()
        elif self.writer is not None:
            written = self.writer.close()
            self.stats.set_value("archiver/records_file", str(written) if written else None)
