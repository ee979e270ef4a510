"""Write report.json at the end of each run: what was fetched, written, skipped and why.

The report is built from the crawl's stats. It is written after the item
pipelines have closed (Scrapy closes them before sending spider_closed) and
after the WARC capture extension has closed its file (that extension is
connected first, see EXTENSIONS in archiver/settings.py).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy import signals

from archiver import __version__
from archiver.paths import output_paths

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Stats prefixes that Scrapy's own components use for pages not fetched or not processed.
_SKIP_STATS = {
    "robotstxt/forbidden": "robots_disallowed",
    "offsite/filtered": "offsite",
}
_ERROR_PREFIXES = ("downloader/exception_type_count/", "spider_exceptions/")
# Raised by RobotsTxtMiddleware and OffsiteMiddleware for requests they drop:
# already counted as skips above, not errors.
_NOT_ERRORS = {"IgnoreRequest"}


def _with_prefix(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: value for key, value in stats.items() if key.startswith(prefix)}


def skipped_counts(stats: dict[str, Any]) -> dict[str, int]:
    skipped = _with_prefix(stats, "archiver/skipped/")
    for key, reason in _SKIP_STATS.items():
        if stats.get(key):
            skipped[reason] = stats[key]
    return dict(sorted(skipped.items()))


def error_counts(stats: dict[str, Any]) -> dict[str, int]:
    errors = _with_prefix(stats, "archiver/failed/")
    for prefix in _ERROR_PREFIXES:
        for name, count in _with_prefix(stats, prefix).items():
            key = name.rsplit(".", 1)[-1]
            if key not in _NOT_ERRORS:
                errors.setdefault(key, count)
    return dict(sorted(errors.items()))


def build_report(stats: dict[str, Any], *, seeds: list[str], reason: str, root: Path,
                 finished_at: datetime) -> dict[str, Any]:
    started = stats.get("start_time")
    return {
        "archiver_version": __version__,
        "seeds": seeds,
        "started_at": started.isoformat() if started else None,
        "finished_at": finished_at.isoformat(),
        "finish_reason": reason,
        "output": {
            "folder": str(root),
            "warc_files": stats.get("archiver/warc/files", []),
            "records_file": stats.get("archiver/records_file"),
        },
        "counts": {
            "fetches": stats.get("downloader/response_count", 0),
            "pages": stats.get("response_received_count", 0),
            "articles_written": stats.get("archiver/records_written", 0),
            "skipped": skipped_counts(stats),
            "errors": error_counts(stats),
            "http_status": _with_prefix(stats, "downloader/response_status_count/"),
        },
    }


def write_json_atomically(path: Path, data: Any) -> None:
    temporary = path.with_name(path.name + ".open")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(temporary, path)


class RunReportExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.paths = output_paths(crawler.settings)
        self.report: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReportExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.report = build_report(
            self.crawler.stats.get_stats(), seeds=list(getattr(spider, "seeds", [])),
            reason=reason, root=self.paths.root, finished_at=datetime.now(timezone.utc),
        )
        self.paths.root.mkdir(parents=True, exist_ok=True)
        write_json_atomically(self.paths.report_file, self.report)
        logger.info("Run report written to %s", self.paths.report_file)
