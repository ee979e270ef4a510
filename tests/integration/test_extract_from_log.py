"""`archiver extract --from-log --keep-non-articles`: the pages a crawl gave no record,
listed in its crawl log with their reason, extracted again from the WARC files."""

from __future__ import annotations

import json

import pytest

from archiver.pipelines.validate import schema_errors
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def records_in(out) -> list[dict]:
    return [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


def test_a_skipped_page_comes_back_with_keep_non_articles(demo_output, tmp_path):
    (log,) = (demo_output.out / "logs").glob("crawl-*.jsonl")
    lines = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    skipped = {line["url"]: line for line in lines if line["outcome"] == "no_record"}
    home = next(url for url, line in skipped.items() if line["reason"] == "listing_page")

    # Without the option the same pages are skipped again, for the same reasons.
    plain = run_cli(["extract", "--from-log", str(log), "--out", str(tmp_path / "plain")],
                    tmp_path)
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert "0 records written" in plain.stdout and "listing_page" in plain.stdout
    assert not list((tmp_path / "plain" / "records").glob("*.jsonl"))

    kept = run_cli(["extract", "--from-log", str(log), "--keep-non-articles",
                    "--out", str(tmp_path / "kept")], tmp_path)
    assert kept.returncode == 0, kept.stderr[-2000:]
    records = {record["url"]: record for record in records_in(tmp_path / "kept")}
    assert set(records) == set(skipped)  # every page the log lists, nothing else
    assert records[home]["page_type"] == "listing"
    assert {record["page_type"] for url, record in records.items() if url != home} <= {
        "listing", "other"}
    for url, record in records.items():
        assert schema_errors(record) == []
        assert {"file": record["archive"]["warc_file"],
                "offset": record["archive"]["offset"]} == skipped[url]["warc"]


def test_crawl_records_are_articles_or_unclassified(demo_output):
    """"listing" and "other" only ever come from `extract --keep-non-articles`."""
    records = records_in(demo_output.out)
    assert records and {record["page_type"] for record in records} <= {"article",
                                                                      "unclassified"}


def test_a_bad_log_line_is_skipped_with_a_warning(tmp_path):
    log = tmp_path / "out" / "logs" / "crawl-1-host.jsonl"
    log.parent.mkdir(parents=True)
    log.write_text('not json\n{"url": "http://a.example/", "outcome": "no_record", '
                   '"warc": {"file": "missing.warc.gz", "offset": 0}}\n')
    run = run_cli(["extract", "--from-log", str(log), "--out", str(tmp_path / "x")], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "bad_log_line" in run.stdout and "unreadable_warc" in run.stdout
    assert "Traceback" not in run.stderr
    missing = run_cli(["extract", "--from-log", str(tmp_path / "nope.jsonl")], tmp_path)
    assert missing.returncode != 0 and "no such crawl log" in missing.stderr
