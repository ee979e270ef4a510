"""Write the run report at the end of each run: what was found, fetched, written, skipped and why.

report.json is always the latest run's; reports/run-STAMP.json keeps every run's.

The report is built from the crawl's stats. It is written after the item
pipelines have closed (Scrapy closes them before sending spider_closed) and
after the WARC capture extension has closed its file (that extension is
connected first, see EXTENSIONS in archiver/settings.py).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy import signals

from archiver import __version__
from archiver.cluster import clustered
from archiver.run.atomic import write_atomically
from archiver.run.diskfull import DiskFullError, is_disk_full
from archiver.run.paths import output_paths
from archiver.run.redaction import redact_url
from archiver.run.summary import run_outcome
from archiver.signals import disk_full

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
# already counted as skips above, not errors. DownloadsStopped: fetches cut short
# or not started by an early stop, counted in "stop" (they stay queued). BrowserPageError:
# counted by its reason (browser_crashed, browser_timeout, ...) by the crawl state.
_NOT_ERRORS = {"IgnoreRequest", "DownloadsStopped", "BrowserPageError"}


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
    # Requisites that failed are counted in "requisites", not as pages that failed.
    embeds = _with_prefix(stats, "archiver/requisites/exception/")
    for prefix in _ERROR_PREFIXES:
        for name, count in _with_prefix(stats, prefix).items():
            key = name.rsplit(".", 1)[-1]
            count -= embeds.get(key, 0) if prefix == _ERROR_PREFIXES[0] else 0
            if key not in _NOT_ERRORS and count > 0:
                errors.setdefault(key, count)
    return dict(sorted(errors.items()))


def requisite_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """Requisites by type: scheduled, fetched (2xx), not_modified (304), failed; and
    those skipped in pages and stylesheets, by reason."""
    counts: dict[str, dict[str, int]] = {}
    for what in ("scheduled", "fetched", "not_modified", "failed"):
        for kind, count in _with_prefix(stats, f"archiver/requisites/{what}/").items():
            counts.setdefault(kind, dict.fromkeys(
                ("scheduled", "fetched", "not_modified", "failed"), 0))[what] = count
    return {"by_type": dict(sorted(counts.items())),
            "skipped": _with_prefix(stats, "archiver/requisites/skipped/")}


def build_report(stats: dict[str, Any], *, seeds: list[str], reason: str, root: Path,
                 finished_at: datetime, cluster_worker: bool = False) -> dict[str, Any]:
    started = stats.get("start_time")
    report = {
        "archiver_version": __version__,
        "seeds": [redact_url(seed) for seed in seeds],
        "started_at": started.isoformat() if started else None,
        "finished_at": finished_at.isoformat(),
        "duration_seconds": round((finished_at - started).total_seconds(), 3) if started else 0,
        "finish_reason": reason,
        "cluster_worker": cluster_worker,
        "output": {
            "folder": str(root),
            "warc_files": stats.get("archiver/warc/files", []),
            "records_file": stats.get("archiver/records_file"),
            "crawl_log": stats.get("archiver/crawl_log"),
        },
        "recovered": stats.get("archiver/recovered"),
        "counts": {
            "discovered": stats.get("archiver/discovered", 0),
            "fetched": stats.get("archiver/fetched", 0),
            "not_modified": stats.get("archiver/not_modified", 0),
            "unchanged": stats.get("archiver/unchanged", 0),
            "new_articles": stats.get("archiver/articles_new", 0),
            "updated_articles": stats.get("archiver/articles_updated", 0),
            "resumed": stats.get("archiver/resumed", 0),
            "fetches": stats.get("downloader/response_count", 0),
            "pages": stats.get("response_received_count", 0)
            - stats.get("archiver/requisites/responses", 0),
            "articles_written": stats.get("archiver/records_written", 0),
            "bytes": stats.get("downloader/response_bytes", 0),
            "warc_bytes": stats.get("archiver/warc/bytes", 0),
            "mime_types": stats.get("archiver/mime_types", {}),
            "skipped": skipped_counts(stats),
            "errors": error_counts(stats),
            "http_status": _with_prefix(stats, "downloader/response_status_count/"),
            "requisites": requisite_counts(stats),
        },
        "state": _with_prefix(stats, "archiver/state/"),
        # How an early stop went: the signal, why downloads were cut short (timeout,
        # second_signal, disk_full), how many were left queued, the file a full disk stopped.
        "stop": _with_prefix(stats, "archiver/stop/") or None,
    }
    report["outcome"] = run_outcome(report)
    return report


def run_report_name(started_at: datetime) -> str:
    """reports/run-20261127T021044.123Z.json: sorts by time, one per run."""
    stamp = started_at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"run-{stamp}.{started_at.microsecond // 1000:03d}Z.json"


def write_json_atomically(path: Path, data: Any) -> None:
    write_atomically(path, [json.dumps(data, indent=2, ensure_ascii=False) + "\n"])


class RunReportExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.paths = output_paths(crawler.settings)
        self.reports_dir = self.paths.reports_dir
        self.report: dict[str, Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReportExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        finished_at = datetime.now(timezone.utc)
        stats = self.crawler.stats.get_stats()
        self.report = build_report(
            stats, seeds=list(getattr(spider, "seeds", [])), reason=reason,
            root=self.paths.root, finished_at=finished_at,
            cluster_worker=clustered(self.crawler.settings),
        )
        run_file = self.reports_dir / run_report_name(stats.get("start_time") or finished_at)
        self.report["output"]["report_file"] = str(self.paths.report_file)
        self.report["output"]["run_report_file"] = str(run_file)
        run_file.parent.mkdir(parents=True, exist_ok=True)
        for path in (run_file, self.paths.report_file):
            try:
                write_json_atomically(path, self.report)
            except OSError as error:
                if not is_disk_full(error):
                    raise
                self.crawler.signals.send_catch_log(disk_full, error=DiskFullError(path))
                return
        logger.info("Run report written to %s and %s", self.paths.report_file, run_file)
