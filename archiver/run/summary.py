"""The account of a run: its outcome, the summary printed at the end, and the one-line form."""

from __future__ import annotations

from typing import Any, Literal

from archiver.run.printable import printable

Outcome = Literal["ok", "partial", "failed"]

FINISHED = ("finished", "closespider_pagecount", "closespider_itemcount")
# Pages the site says do not exist are counted as errors, but are no reason to
# call a run partial: a scheduled run would otherwise never come out clean.
MISSING_PAGES = frozenset({"http_404", "http_410"})


def run_outcome(report: dict[str, Any]) -> Outcome:
    """"failed": the run did not finish, or fetched nothing at all (not even a 304; a
    cluster worker: nothing, and had errors, for the others may have fetched it all);
    "partial": some pages failed; "ok" otherwise."""
    counts = report["counts"]
    failures = sum(n for reason, n in counts["errors"].items() if reason not in MISSING_PAGES)
    if report["finish_reason"] not in FINISHED:
        return "failed"
    if counts.get("fetched", 0) == 0 and (counts["errors"] or not report.get("cluster_worker")):
        return "failed"
    return "partial" if failures else "ok"


def _reasons(counts: dict[str, int]) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{reason} {count}" for reason, count in counts.items())


def format_summary(report: dict[str, Any]) -> str:
    counts = report["counts"]
    output = report["output"]
    warc_files = output["warc_files"]
    recovered = report.get("recovered") or {}
    lines = [
        f"Crawl {report['finish_reason']}: {counts['fetches']} fetches, "
        f"{counts['pages']} pages, {counts['articles_written']} articles written",
        f"  discovered {counts['discovered']}, fetched {counts['fetched']}, not modified "
        f"{counts['not_modified']}, unchanged {counts['unchanged']}; articles: "
        f"{counts['new_articles']} new, {counts['updated_articles']} updated",
        f"  skipped: {_reasons(counts['skipped'])}",
        f"  errors:  {_reasons(counts['errors'])}",
        *_requisites(counts.get("requisites")),
        f"  WARC files ({len(warc_files)}) in {output['folder']}/warc:",
        *[f"    {name}" for name in warc_files],
        f"  records: {output['records_file'] or 'none (no articles)'}",
        f"  crawl log: {output.get('crawl_log') or 'none'}",
        f"  report:  {output['folder']}/report.json and {output.get('run_report_file')}",
        f"  open in a browser: {output['folder']}/report.html",
    ]
    if recovered.get("records_files") or recovered.get("warc_files"):
        lines.append(f"  finished after an interrupted run: {recovered['records']} records in "
                     f"{', '.join(recovered['records_files'] + recovered['warc_files'])}")
    if recovered.get("indexed_warc_files"):
        lines.append(f"  CDXJ index written for an earlier run's "
                     f"{', '.join(recovered['indexed_warc_files'])}")
    return printable("\n".join(lines))


def _requisites(requisites: dict[str, Any] | None) -> list[str]:
    """Requisites by type: fetched (and not modified, failed, when any)."""
    by_type = (requisites or {}).get("by_type") or {}
    if not by_type:
        return []
    parts = []
    for kind, n in by_type.items():
        extra = "".join(f", {n[key]} {key.replace('_', ' ')}"
                        for key in ("not_modified", "failed") if n.get(key))
        parts.append(f"{kind} {n['fetched']}{extra}")
    return [f"  requisites fetched: {'; '.join(parts)}"]


def one_line(report: dict[str, Any]) -> str:
    """The summary for cron mail: outcome, the counts that matter, where records went."""
    counts = report["counts"]
    errors = sum(counts["errors"].values())
    records = report["output"]["records_file"] or "no records"
    return printable(f"archiver: {run_outcome(report)} ({report['finish_reason']}) in "
            f"{report.get('duration_seconds', 0):.1f}s: {counts['discovered']} discovered, "
            f"{counts['fetched']} fetched, {counts['not_modified']} not modified, "
            f"{counts['new_articles']} new, {counts['updated_articles']} updated, "
            f"{errors} errors -> {records}")
