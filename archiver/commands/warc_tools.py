"""The archivist's commands on finished crawls: index, validate, pack (called by archiver.cli)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from archiver.commands.crawl import project_settings
from archiver.run.paths import output_paths
from archiver.warc.cdxj import warc_files, write_cdxj, write_merged
from archiver.warc.validate import validate
from archiver.warc.wacz import pack


def warc_paths(paths: list[Path]) -> list[Path]:
    """The paths as given, an output folder (one with a WARC sub-folder) replaced by that."""
    found = []
    for path in paths:
        warc_dir = output_paths(project_settings({"ARCHIVER_OUTPUT_DIR": str(path)})).warc_dir
        found.append(warc_dir if path.is_dir() and warc_dir.is_dir() else path)
    return found


def index_files(paths: list[Path], merged: Path | None = None) -> Iterator[str]:
    """Write NAME.cdxj beside every closed WARC among `paths`; yield one line per index.

    With `merged`, also write there one sorted index of them all (several
    workers' output folders, say), and yield a last line naming it.
    """
    indexes = []
    for warc in warc_files(warc_paths(paths)):
        indexes.append(write_cdxj(warc))
        yield str(indexes[-1])
    if merged is not None:
        if not indexes:
            raise FileNotFoundError(f"no closed WARC files under {', '.join(map(str, paths))}")
        yield f"{write_merged(indexes, merged)}: {len(indexes)} WARC file(s)"


def records_files(paths: list[Path]) -> list[tuple[Path, str]]:
    """The records files of the output folders among `paths`, each with its name in OUT."""
    found = []
    for path in paths:
        folders = output_paths(project_settings({"ARCHIVER_OUTPUT_DIR": str(path)}))
        records_dir = folders.records_dir
        if path.is_dir() and records_dir.is_dir() and folders.warc_dir.is_dir():
            found += [(f, str(f.relative_to(path))) for f in sorted(records_dir.glob("*.jsonl"))]
    return found


def validate_files(paths: list[Path]) -> Iterator[str]:
    """One line per finding, then a summary line starting with "OK" or "FAILED".

    An output folder stands for its WARC files, and the `archive` pointers of
    its JSON records are checked against them."""
    files = [p for path in warc_paths(paths)
             for p in (warc_files([path]) if path.is_dir() else [path])]
    count = 0
    for finding in validate(files, records_files(paths)):
        count += 1
        yield str(finding)
    verdict = "OK" if count == 0 else "FAILED"
    yield f"{verdict}: {len(files)} file(s) checked, {count} finding(s)"


def pack_outputs(output_dirs: list[Path], target: Path, title: str | None = None,
                 description: str = "") -> str:
    warcs, records, seeds = [], [], {}
    for output_dir in output_dirs:
        paths = output_paths(project_settings({"ARCHIVER_OUTPUT_DIR": str(output_dir)}))
        warcs += warc_files([paths.warc_dir]) if paths.warc_dir.is_dir() else []
        records += sorted(paths.records_dir.glob("*.jsonl")) if paths.records_dir.is_dir() else []
        seeds |= dict.fromkeys(run_seeds(paths.reports_dir))
    if not warcs:
        raise FileNotFoundError(f"no closed WARC files under {', '.join(map(str, output_dirs))}")
    resources = pack(warcs, records, target, title=title or target.stem,
                     description=description, seeds=seeds)
    size = sum(r.bytes for r in resources)
    return f"Wrote {target}: {len(warcs)} WARC file(s), {size} bytes of content"


def run_seeds(reports_dir: Path) -> list[str]:
    """The seeds of every run whose report is kept in `reports_dir`."""
    seeds: dict[str, None] = {}
    for report in sorted(reports_dir.glob("run-*.json")) if reports_dir.is_dir() else ():
        try:
            seeds |= dict.fromkeys(json.loads(report.read_text("utf-8")).get("seeds") or [])
        except (OSError, ValueError, AttributeError):
            continue  # a damaged report: its run's pages are still listed
    return list(seeds)
