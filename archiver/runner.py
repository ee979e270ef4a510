"""Run a crawl in this process with the project settings plus overrides."""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archiver.paths import output_paths


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(seeds: list[str], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl the seeds to the end and return the run report."""
    settings = project_settings(overrides)
    process = CrawlerProcess(settings)
    process.crawl("news", seeds=seeds)
    process.start()
    report_file = output_paths(settings).report_file
    return json.loads(report_file.read_text("utf-8"))
