"""Where a scheduled run keeps its lock, its crawl state and its per-run reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

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

