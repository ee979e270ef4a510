"""The short account printed at the end of a run."""

from __future__ import annotations

from typing import Any


def _reasons(counts: dict[str, int]) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{reason} {count}" for reason, count in counts.items())


def format_summary(report: dict[str, Any]) -> str:
    counts = report["counts"]
    output = report["output"]
    warc_files = output["warc_files"]
    lines = [
        f"Crawl {report['finish_reason']}: {counts['fetches']} fetches, "
        f"{counts['pages']} pages, {counts['articles_written']} articles written",
        f"  skipped: {_reasons(counts['skipped'])}",
        f"  errors:  {_reasons(counts['errors'])}",
        f"  WARC files ({len(warc_files)}) in {output['folder']}/warc:",
        *[f"    {name}" for name in warc_files],
        f"  records: {output['records_file'] or 'none (no articles)'}",
        f"  report:  {output['folder']}/report.json",
    ]
    return "\n".join(lines)
