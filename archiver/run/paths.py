"""Values derived from the settings: where a run writes, and who it says it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


@attrs.frozen
class OutputPaths:
    """The output folder's layout: the one place where its paths are derived."""

    root: Path
    warc_dir: Path
    records_dir: Path
    report_file: Path
    report_page: Path
    reports_dir: Path
    """Each run's report is kept here as run-STAMP.json."""
    logs_dir: Path
    """Each run's crawl log is kept here as crawl-STAMP-HOST.jsonl."""
    lock_file: Path
    state_file: Path | None
    """None when ARCHIVER_STATE_ENABLED is off: the state then lives in memory for one run."""
    digest_index: Path


def output_paths(settings: BaseSettings) -> OutputPaths:
    root = Path(settings.get("ARCHIVER_OUTPUT_DIR"))
    state_file = root / settings.get("ARCHIVER_STATE_FILE")  # an absolute setting replaces root
    return OutputPaths(
        root=root,
        warc_dir=root / settings.get("ARCHIVER_WARC_SUBDIR"),
        records_dir=root / settings.get("ARCHIVER_RECORDS_SUBDIR"),
        report_file=root / settings.get("ARCHIVER_REPORT_FILE"),
        report_page=root / settings.get("ARCHIVER_REPORT_HTML_FILE"),
        reports_dir=root / settings.get("ARCHIVER_REPORTS_SUBDIR"),
        logs_dir=root / settings.get("ARCHIVER_LOGS_SUBDIR"),
        lock_file=root / settings.get("ARCHIVER_LOCK_FILE"),
        state_file=state_file if settings.getbool("ARCHIVER_STATE_ENABLED") else None,
        digest_index=root / settings.get("ARCHIVER_WARC_DEDUP_INDEX"),
    )


def user_agent(settings: BaseSettings) -> str:
    from archiver import __version__

    return settings.get("ARCHIVER_USER_AGENT").format(
        version=__version__, contact=settings.get("ARCHIVER_CONTACT"))


class OutputConflict(Exception):
    """Something in the output folder is in the way of a file or folder the run writes."""


def output_conflict(settings: BaseSettings) -> str | None:
    """Why the output folder cannot take a run, naming the path in the way; None if it can.

    A regular file where the run needs a folder (or the reverse) would otherwise
    fail deep inside Scrapy (an AssertionError from CoreStats) with nothing named.
    """
    paths = output_paths(settings)
    folders = {paths.root: "--out", paths.warc_dir: "ARCHIVER_WARC_SUBDIR",
               paths.records_dir: "ARCHIVER_RECORDS_SUBDIR",
               paths.reports_dir: "ARCHIVER_REPORTS_SUBDIR"}
    regular = {paths.report_file: "ARCHIVER_REPORT_FILE", paths.lock_file: "ARCHIVER_LOCK_FILE",
               paths.report_page: "ARCHIVER_REPORT_HTML_FILE",
               paths.digest_index: "ARCHIVER_WARC_DEDUP_INDEX"}
    if paths.state_file is not None:
        regular[paths.state_file] = "ARCHIVER_STATE_FILE"
    for folder, setting in folders.items():
        if folder.exists() and not folder.is_dir():
            return f"{folder} is not a folder, but the run keeps one there ({setting})"
    for path, setting in regular.items():
        if path.is_dir():
            return f"{path} is a folder, but the run writes a file there ({setting})"
    return None
