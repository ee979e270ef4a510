"""Where a scheduled run keeps its lock, its crawl state and its per-run reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from archiver.paths import output_paths
from archiver.state import CrawlState

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


@attrs.frozen
class RunFiles:
    lock_file: Path
    state_file: Path | None
    """None when ARCHIVER_STATE_ENABLED is off: the state then lives in memory for one run."""
    reports_dir: Path


def run_files(settings: BaseSettings) -> RunFiles:
    root = Path(settings.get("ARCHIVER_OUTPUT_DIR"))
    state = root / settings.get("ARCHIVER_STATE_FILE")  # an absolute setting replaces root
    return RunFiles(
        lock_file=root / settings.get("ARCHIVER_LOCK_FILE"),
        state_file=state if settings.getbool("ARCHIVER_STATE_ENABLED") else None,
        reports_dir=root / settings.get("ARCHIVER_REPORTS_SUBDIR"),
    )


def open_state(settings: BaseSettings) -> CrawlState:
    """The SQLite state of the output folder, or the cluster's state in Redis."""
    from archiver.cluster import clustered, open_cluster_state

    if clustered(settings):
        return open_cluster_state(settings)  # type: ignore[return-value]  # same interface
    state_file = run_files(settings).state_file
    return CrawlState.open(state_file if state_file is not None else ":memory:")


class OutputConflict(Exception):
    """Something in the output folder is in the way of a file or folder the run writes."""


def output_conflict(settings: BaseSettings) -> str | None:
    """Why the output folder cannot take a run, naming the path in the way; None if it can.

    A regular file where the run needs a folder (or the reverse) would otherwise
    fail deep inside Scrapy (an AssertionError from CoreStats) with nothing named.
    """
    paths, files = output_paths(settings), run_files(settings)
    folders = {paths.root: "--out", paths.warc_dir: "ARCHIVER_WARC_SUBDIR",
               paths.records_dir: "ARCHIVER_RECORDS_SUBDIR",
               files.reports_dir: "ARCHIVER_REPORTS_SUBDIR"}
    regular = {paths.report_file: "ARCHIVER_REPORT_FILE", files.lock_file: "ARCHIVER_LOCK_FILE",
               paths.root / settings.get("ARCHIVER_REPORT_HTML_FILE"): "ARCHIVER_REPORT_HTML_FILE",
               paths.root / settings.get("ARCHIVER_WARC_DEDUP_INDEX"): "ARCHIVER_WARC_DEDUP_INDEX"}
    if files.state_file is not None:
        regular[files.state_file] = "ARCHIVER_STATE_FILE"
    for folder, setting in folders.items():
        if folder.exists() and not folder.is_dir():
            return f"{folder} is not a folder, but the run keeps one there ({setting})"
    for path, setting in regular.items():
        if path.is_dir():
            return f"{path} is a folder, but the run writes a file there ({setting})"
    return None
