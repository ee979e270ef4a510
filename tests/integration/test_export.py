"""`archiver export` of a real crawl (the demo site's, shared with the report tests) as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from archiver.cli import main

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def test_the_demo_crawl_exports_as_csv(demo_output, tmp_path):
    target = tmp_path / "demo.csv"
    assert main(["export", str(demo_output.out), "--format", "csv", "--out", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert len(rows) >= 8 and all(row["title"] and row["text"] for row in rows)
    assert len({row["canonical_url"] or row["url"] for row in rows}) == len(rows)
