"""Values derived from the settings: where a run writes, and who it says it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


@attrs.frozen
class OutputPaths:
    root: Path
    warc_dir: Path
    records_dir: Path
    report_file: Path


def output_paths(settings: BaseSettings) -> OutputPaths:
    root = Path(settings.get("ARCHIVER_OUTPUT_DIR"))
    return OutputPaths(
        root=root,
        warc_dir=root / settings.get("ARCHIVER_WARC_SUBDIR"),
        records_dir=root / settings.get("ARCHIVER_RECORDS_SUBDIR"),
        report_file=root / settings.get("ARCHIVER_REPORT_FILE"),
    )


def user_agent(settings: BaseSettings) -> str:
    from archiver import __version__

    return settings.get("ARCHIVER_USER_AGENT").format(
        version=__version__, contact=settings.get("ARCHIVER_CONTACT"))
