"""Run a crawl in this process with the project settings plus overrides."""

from __future__ import annotations

import json
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archiver.paths import output_paths

_USER_AGENT_TEMPLATE = "archiver/{version} (+{contact})"


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    from archiver import __version__

    settings = Settings()
    settings.setmodule("archiver.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    if overrides and "ARCHIVER_CONTACT" in overrides and "USER_AGENT" not in overrides:
        contact = overrides["ARCHIVER_CONTACT"]
        user_agent = _USER_AGENT_TEMPLATE.format(version=__version__, contact=contact)
        settings.set("USER_AGENT", user_agent, priority="cmdline")
    return settings


def run_crawl(seeds: list[str], overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl the seeds to the end and return the run report."""
    settings = project_settings(overrides)
    process = CrawlerProcess(settings)
    process.crawl("news", seeds=seeds)
    process.start()
    report_file = output_paths(settings).report_file
    return json.loads(report_file.read_text("utf-8"))
