"""report.html beside report.json: the run at a glance, viewable offline.

Self-contained: inline CSS and inline SVG charts, no script, nothing fetched
from the network. Built from the run's report.json, its JSONL records (field
coverage, the article list) and the WARC-Dates of its WARC files (fetches over
time). Article links point into `archiver replay` (pywb):
`http://127.0.0.1:PORT/COLLECTION/TIMESTAMPmp_/URL`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import datetime
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

import attrs
from warcio.archiveiterator import ArchiveIterator

from archiver import settings as defaults
from archiver.export import read_records, write_atomically
from archiver.since import parse_iso
from archiver.svg_charts import bar_chart, column_chart

FETCH_TYPES = ("response", "revisit")


@attrs.frozen
class ReplayLinks:
    """Where `archiver replay` serves the archive: the article links of the report."""

    port: int = defaults.ARCHIVER_REPLAY_PORT
    collection: str = defaults.ARCHIVER_REPLAY_COLLECTION
    modifier: str = defaults.ARCHIVER_REPLAY_MODIFIER

    def url(self, record: dict[str, Any]) -> str:
        stamp = "".join(ch for ch in record.get("fetched_at") or "" if ch.isdigit())[:14]
        return (f"http://127.0.0.1:{self.port}/{self.collection}/{stamp}{self.modifier}/"
                f"{record['url']}")


def coverage(records: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Share of articles with each field the archivist cares about."""
    def images_with(key: str) -> int:
        return sum(any(image.get(key) for image in r.get("images") or []) for r in records)

    total = len(records) or 1
    counts = [
        ("authors", sum(bool(r.get("authors")) for r in records)),
        ("date published", sum(bool(r.get("date_published")) for r in records)),
        ("date modified", sum(bool(r.get("date_modified")) for r in records)),
        ("images", sum(bool(r.get("images")) for r in records)),
        ("image captions", images_with("caption")),
        ("image credits", images_with("credit")),
        ("image licenses", images_with("license")),
        ("language", sum(bool(r.get("language")) for r in records)),
    ]
    return [(name, count / total) for name, count in counts] if records else []


def shown_fields(record: dict[str, Any]) -> dict[str, Any]:
    """What the page uses of a record: 10,000 whole records held 70 MB, these hold 8."""
    def objects(field: str) -> list[dict[str, Any]]:
        return [item for item in record.get(field) or [] if isinstance(item, dict)]

    return {
        "url": record.get("url"), "fetched_at": record.get("fetched_at"),
        "title": record.get("title"), "date_published": record.get("date_published"),
        "date_modified": bool(record.get("date_modified")),
        "language": bool(record.get("language")),
        "authors": [{"name": author.get("name", "")} for author in objects("authors")],
        "images": [{key: bool(image.get(key)) for key in ("caption", "credit", "license")}
                   for image in objects("images")],
        "discovery": {"source": (record.get("discovery") or {}).get("source")},
    }


def source_of(record: dict[str, Any]) -> str:
    discovery = record.get("discovery") or {}
    return discovery.get("source") or urlsplit(record["url"]).netloc


def fetch_times(warcs: list[Path]) -> list[datetime]:
    times = []
    for path in warcs:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream, no_record_parse=True):
                moment = parse_iso(record.rec_headers.get_header("WARC-Date") or "")
                if record.rec_type in FETCH_TYPES and moment is not None:
                    times.append(moment)
    return sorted(times)


def timeline(times: list[datetime], buckets: int) -> tuple[str, str]:
    """The fetches-over-time chart and its note."""
    if not times:
        return column_chart("fetches", [], first="", last="", unit="fetches"), ""
    span = (times[-1] - times[0]).total_seconds()
    width = max(1.0, math.ceil(span / buckets)) if span else 1.0
    counts = [0] * (int(span // width) + 1)
    for moment in times:
        counts[int((moment - times[0]).total_seconds() // width)] += 1
    chart = column_chart("fetches", counts, first=f"{times[0]:%Y-%m-%d %H:%M:%S}",
                         last=f"{times[-1]:%H:%M:%S} UTC", unit=f"fetches in {width:g}s")
    note = (f"{len(times)} fetches (responses and revisits, by WARC-Date), "
            f"one column per {width:g} s.")
    return chart, note


def _number(label: str, value: Any, css: str = "") -> str:
    return f'<div class="number {css}"><b>{escape(str(value))}</b><span>{label}</span></div>'


def numbers(report: dict[str, Any]) -> str:
    counts = report["counts"]
    outcome = report.get("outcome", "")
    return "".join([
        _number("outcome", outcome, f"outcome-{outcome}"),
        _number("seconds", f"{report.get('duration_seconds', 0):.1f}"),
        _number("fetches", counts.get("fetches", 0)),
        _number("pages", counts.get("pages", 0)),
        _number("articles written", counts.get("articles_written", 0)),
        _number("new / updated", f"{counts.get('new_articles', 0)} / "
                                 f"{counts.get('updated_articles', 0)}"),
        _number("skipped", sum(counts.get("skipped", {}).values())),
        _number("errors", sum(counts.get("errors", {}).values())),
        _number("MB fetched", f"{counts.get('bytes', 0) / 1e6:.1f}"),
    ])


def article_rows(records: list[dict[str, Any]], links: ReplayLinks) -> str:
    if not records:
        return '<p class="none">no articles in this run</p>'
    rows = []
    for record in sorted(records, key=lambda r: r.get("date_published") or "", reverse=True):
        authors = ", ".join(a.get("name", "") for a in record.get("authors") or [])
        title = record.get("title") or record["url"]
        rows.append(
            f'<tr><td><a class="replay" href="{escape(links.url(record))}">{escape(title)}</a>'
            f"</td><td>{escape(authors)}</td>"
            f'<td class="date">{escape((record.get("date_published") or "")[:10])}</td>'
            f"<td>{escape(source_of(record))}</td></tr>")
    head = "<tr><th>Title</th><th>Authors</th><th>Published</th><th>Source</th></tr>"
    return f'<table class="articles">{head}{"".join(rows)}</table>'


def _reason_bars(counts: dict[str, int]) -> list[tuple[str, float]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@attrs.frozen
class RunFiles:
    report: dict[str, Any]
    records: list[dict[str, Any]]
    warcs: list[Path]


def run_files(output_dir: Path, report_file: Path) -> RunFiles:
    """The report and the files of that run, looked up by name inside OUTPUT_DIR."""
    report = json.loads(report_file.read_text("utf-8"))
    output = report.get("output") or {}
    records_file = output.get("records_file")
    records_path = output_dir / defaults.ARCHIVER_RECORDS_SUBDIR / Path(records_file).name \
        if records_file else None
    found = read_records([records_path] if records_path and records_path.is_file() else [],
                         keep=shown_fields)
    warc_dir = output_dir / defaults.ARCHIVER_WARC_SUBDIR
    warcs = [warc_dir / name for name in output.get("warc_files") or []]
    return RunFiles(report, found.records, [path for path in warcs if path.is_file()])


def render(run: RunFiles, links: ReplayLinks, buckets: int) -> str:
    report = run.report
    counts = report["counts"]
    chart, note = timeline(fetch_times(run.warcs), buckets)
    started = report.get("started_at") or ""
    seeds = report.get("seeds") or []
    values = {
        "title": f"{started[:19].replace('T', ' ')} UTC",
        "subtitle": f"{len(seeds)} seed(s): {', '.join(seeds[:3])}"
                    f"{' ...' if len(seeds) > 3 else ''} - finished: {report.get('finish_reason')}",
        "numbers": numbers(report),
        "sources_chart": bar_chart("sources", sorted(Counter(map(source_of, run.records)).items())),
        "coverage_chart": bar_chart("coverage", coverage(run.records), percent=True),
        "skipped_chart": bar_chart("skipped", _reason_bars(counts.get("skipped", {}))),
        "errors_chart": bar_chart("errors", _reason_bars(counts.get("errors", {}))),
        "timeline_chart": chart, "timeline_note": note,
        "article_count": str(len(run.records)),
        "replay_command": f"archiver replay {report.get('output', {}).get('folder', 'OUTDIR')}"
                          f" --port {links.port}",
        "articles": article_rows(run.records, links),
        "footer": f"archiver {report.get('archiver_version', '')}; "
                  f"WARC files: {', '.join(p.name for p in run.warcs) or 'none'}",
    }
    values = {key: value if key.endswith(("chart", "numbers", "articles")) else escape(value)
              for key, value in values.items()}
    template = resources.files("archiver").joinpath("templates/report.html").read_text("utf-8")
    return Template(template).substitute(values)


def write_report_html(output_dir: Path, *, report_file: Path | None = None,
                      target: Path | None = None, links: ReplayLinks | None = None,
                      buckets: int = defaults.ARCHIVER_REPORT_HTML_TIME_BUCKETS) -> Path:
    """(Re)build OUTPUT_DIR/report.html from a run's report (the latest run by default)."""
    report_file = report_file or output_dir / defaults.ARCHIVER_REPORT_FILE
    if not report_file.is_file():
        raise FileNotFoundError(f"no run report {report_file} (has a crawl run into it?)")
    target = target or output_dir / defaults.ARCHIVER_REPORT_HTML_FILE
    page = render(run_files(output_dir, report_file), links or ReplayLinks(), buckets)
    write_atomically(target, [page])
    return target
