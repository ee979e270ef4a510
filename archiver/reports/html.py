"""report.html beside report.json: the run at a glance, viewable offline.

Self-contained: inline CSS and inline SVG charts, no script, nothing fetched
from the network. Built from the run's report.json, its JSONL records (field
coverage, the article list) and the WARC-Dates of its WARC files (fetches over
time). Article links point into `archiver replay` (pywb):
`http://127.0.0.1:PORT/COLLECTION/TIMESTAMPmp_/URL`.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from html import escape as escape_html
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

import attrs
from warcio.archiveiterator import ArchiveIterator

from archiver import settings as defaults
from archiver.dates import parse_iso
from archiver.records.export import numbered_records
from archiver.reports.charts import bar_chart, column_chart
from archiver.run.atomic import write_atomically
from archiver.run.printable import printable
from archiver.run.redaction import redact_url

FETCH_TYPES = ("response", "revisit")


def escape(text: str) -> str:
    """Text for the page: HTML-escaped, and without the control characters page text may hold."""
    return escape_html(printable(text))


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


# Field coverage: the fields the archivist cares about, and whether a record has each.
COVERAGE_FIELDS: tuple[tuple[str, Callable[[dict[str, Any]], bool]], ...] = (
    ("authors", lambda record: bool(record.get("authors"))),
    ("date published", lambda record: bool(record.get("date_published"))),
    ("date modified", lambda record: bool(record.get("date_modified"))),
    ("images", lambda record: bool(record.get("images"))),
    ("image captions", lambda record: _images_with(record, "caption")),
    ("image credits", lambda record: _images_with(record, "credit")),
    ("image licenses", lambda record: _images_with(record, "license")),
    ("language", lambda record: bool(record.get("language"))),
)


def _images_with(record: dict[str, Any], key: str) -> bool:
    return any(isinstance(image, dict) and image.get(key) for image in record.get("images") or [])


@attrs.define
class ArticleTally:
    """What the page shows of a run's records, gathered one record at a time: counts for
    the charts and the `limit` most recently published for the list, so that the page
    costs the same memory after 100,000 articles as after 1,000."""

    limit: int
    count: int = 0
    sources: Counter[str] = attrs.field(factory=Counter)
    fields: Counter[str] = attrs.field(factory=Counter)
    _newest: list[tuple[str, int, dict[str, Any]]] = attrs.field(factory=list)
    """A heap of (date published, -position, row): the newest `limit` rows, first come first
    among equal dates."""

    def add(self, record: dict[str, Any]) -> None:
        self.count += 1
        source = source_of(record)
        self.sources[source] += 1
        self.fields.update(name for name, has in COVERAGE_FIELDS if has(record))
        entry = (str(record.get("date_published") or ""), -self.count, _row_fields(record, source))
        if len(self._newest) < self.limit:
            heapq.heappush(self._newest, entry)
        elif self.limit and entry[:2] > self._newest[0][:2]:
            heapq.heapreplace(self._newest, entry)

    def coverage(self) -> list[tuple[str, float]]:
        """Share of articles with each field of COVERAGE_FIELDS."""
        if not self.count:
            return []
        return [(name, self.fields[name] / self.count) for name, _has in COVERAGE_FIELDS]

    def newest(self) -> list[dict[str, Any]]:
        """The listed rows, most recently published first."""
        return [row for _date, _position, row in sorted(self._newest, reverse=True)]


def _row_fields(record: dict[str, Any], source: str) -> dict[str, Any]:
    """What a row of the article list shows of a record."""
    authors = [a for a in record.get("authors") or [] if isinstance(a, dict)]
    return {"url": record.get("url"), "fetched_at": record.get("fetched_at"),
            "title": record.get("title"), "date_published": record.get("date_published"),
            "authors": ", ".join(a.get("name", "") for a in authors),
            "source": source}


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
        _number("MB WARC written", f"{counts.get('warc_bytes', 0) / 1e6:.1f}"),
    ])


def crawl_log_link(crawl_log: str | None) -> str:
    """A link to the run's crawl log, relative to report.html (the output folder)."""
    if not crawl_log:
        return '<p class="none">no crawl log for this run</p>'
    shown = f"{defaults.ARCHIVER_LOGS_SUBDIR}/{Path(crawl_log).name}"
    return (f'<p>Every URL of the run, one JSON line each (outcome, reason, status, type, '
            f'hop path, WARC location, record id): <a class="crawl-log" '
            f'href="{escape(shown)}">{escape(shown)}</a></p>')


def article_rows(tally: ArticleTally, links: ReplayLinks, records_file: str) -> str:
    if not tally.count:
        return '<p class="none">no articles in this run</p>'
    rows = [
        f'<tr><td><a class="replay" href="{escape(links.url(row))}">'
        f'{escape(row["title"] or row["url"])}</a></td><td>{escape(row["authors"])}</td>'
        f'<td class="date">{escape((row["date_published"] or "")[:10])}</td>'
        f'<td>{escape(row["source"])}</td></tr>'
        for row in tally.newest()]
    head = "<tr><th>Title</th><th>Authors</th><th>Published</th><th>Source</th></tr>"
    note = ""
    if len(rows) < tally.count:
        note = (f'<p class="note">The {len(rows):,} most recently published of '
                f"{tally.count:,} are listed; every one is in "
                f"<code>{escape(records_file)}</code>.</p>")
    return f'{note}<table class="articles">{head}{"".join(rows)}</table>'


def _reason_bars(counts: dict[str, int]) -> list[tuple[str, float]]:
    """Bars by count; labels printable (MIME types come from the servers' headers)."""
    return sorted(((printable(label), count) for label, count in counts.items()),
                  key=lambda item: (-item[1], item[0]))


@attrs.frozen
class ReportInputs:
    report: dict[str, Any]
    articles: ArticleTally
    records_file: str
    """The records file, relative to the output folder."""
    warcs: list[Path]


def report_inputs(output_dir: Path, report_file: Path, max_articles: int) -> ReportInputs:
    """The report and the files of that run, looked up by name inside OUTPUT_DIR."""
    report = json.loads(report_file.read_text("utf-8"))
    output = report.get("output") or {}
    records_file = output.get("records_file")
    records_path = output_dir / defaults.ARCHIVER_RECORDS_SUBDIR / Path(records_file).name \
        if records_file else None
    articles = ArticleTally(limit=max_articles)
    if records_path is not None and records_path.is_file():
        for _number, record in numbered_records(records_path):
            if record is not None:
                articles.add(record)
    warc_dir = output_dir / defaults.ARCHIVER_WARC_SUBDIR
    warcs = [warc_dir / name for name in output.get("warc_files") or []]
    shown_records = str(records_path.relative_to(output_dir)) if records_path else ""
    return ReportInputs(report, articles, shown_records,
                        [path for path in warcs if path.is_file()])


def render(run: ReportInputs, links: ReplayLinks, buckets: int) -> str:
    report = run.report
    counts = report["counts"]
    chart, note = timeline(fetch_times(run.warcs), buckets)
    started = report.get("started_at") or ""
    seeds = [redact_url(str(seed)) for seed in report.get("seeds") or []]
    values = {
        "title": f"{started[:19].replace('T', ' ')} UTC",
        "subtitle": f"{len(seeds)} seed(s): {', '.join(seeds[:3])}"
                    f"{' ...' if len(seeds) > 3 else ''} - finished: {report.get('finish_reason')}",
        "numbers": numbers(report),
        "sources_chart": bar_chart("sources", sorted(run.articles.sources.items())),
        "coverage_chart": bar_chart("coverage", run.articles.coverage(), percent=True),
        "skipped_chart": bar_chart("skipped", _reason_bars(counts.get("skipped", {}))),
        "errors_chart": bar_chart("errors", _reason_bars(counts.get("errors", {}))),
        "mime_chart": bar_chart("mime", _reason_bars(counts.get("mime_types", {}))),
        "status_chart": bar_chart("status", _reason_bars(counts.get("http_status", {}))),
        "crawl_log": crawl_log_link(report.get("output", {}).get("crawl_log")),
        "timeline_chart": chart, "timeline_note": note,
        "article_count": str(run.articles.count),
        "replay_command": f"archiver replay {report.get('output', {}).get('folder', 'OUTDIR')}"
                          f" --port {links.port}",
        "articles": article_rows(run.articles, links, run.records_file),
        "footer": f"archiver {report.get('archiver_version', '')}; "
                  f"WARC files: {', '.join(p.name for p in run.warcs) or 'none'}",
    }
    values = {key: value if key.endswith(("chart", "numbers", "articles", "log"))
              else escape(value)
              for key, value in values.items()}
    template = resources.files("archiver").joinpath("templates/report.html").read_text("utf-8")
    return Template(template).substitute(values)


def write_report_html(output_dir: Path, *, report_file: Path | None = None,
                      target: Path | None = None, links: ReplayLinks | None = None,
                      buckets: int = defaults.ARCHIVER_REPORT_HTML_TIME_BUCKETS,
                      max_articles: int = defaults.ARCHIVER_REPORT_HTML_MAX_ARTICLES) -> Path:
    """(Re)build OUTPUT_DIR/report.html from a run's report (the latest run by default)."""
    report_file = report_file or output_dir / defaults.ARCHIVER_REPORT_FILE
    if not report_file.is_file():
        raise FileNotFoundError(f"no run report {report_file} (has a crawl run into it?)")
    target = target or output_dir / defaults.ARCHIVER_REPORT_HTML_FILE
    inputs = report_inputs(output_dir, report_file, max_articles)
    page = render(inputs, links or ReplayLinks(), buckets)
    write_atomically(target, [page])
    return target
