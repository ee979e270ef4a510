"""Write each record as one JSON line into the run's records file."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from archiver.cluster import file_host
from archiver.jsonl import JsonlWriter
from archiver.paths import output_paths
from archiver.warc.writer import safe_host

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


def records_file_name(prefix: str, started_at: datetime, host: str) -> str:
    stamp = started_at.strftime("%Y%m%d%H%M%S") + f"{started_at.microsecond // 1000:03d}"
    return f"{prefix}-{stamp}-{safe_host(host)}.jsonl"


class JsonlExportPipeline:
    def __init__(self, path: Path, stats: StatsCollector) -> None:
        self.path = path
        self.stats = stats
        self.writer: JsonlWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlExportPipeline:
        settings = crawler.settings
        name = records_file_name(settings.get("ARCHIVER_WARC_PREFIX"),
                                 datetime.now(timezone.utc), file_host(settings))
        return cls(output_paths(settings).records_dir / name, crawler.stats)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.writer = JsonlWriter(self.path)

    def process_item(self, item: dict[str, Any], spider: Spider | None = None) -> dict[str, Any]:
        assert self.writer is not None
        self.writer.write(item)
        self.stats.inc_value("archiver/records_written")
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.writer is not None:
            written = self.writer.close()
            self.stats.set_value("archiver/records_file", str(written) if written else None)
