"""`make bench` end to end on a small site: every part runs and the tables come out whole.

Only the shape and the counts are checked; the timings belong to the benchmark.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

PAGES = 12
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def test_bench_prints_the_crawl_and_the_ceiling_of_the_machine(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--pages", str(PAGES),
         "--output", str(tmp_path)],
        capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert "Traceback" not in run.stderr

    crawl_row = re.search(
        rf"^\|\s+{PAGES} \| this \| none \|\s+({NUMBER}) \(\s*({NUMBER})\) \|\s+({NUMBER}) "
        rf"\|\s+({NUMBER})x \|\s+({NUMBER}) /\s+({NUMBER}) /\s+({NUMBER}) /\s+({NUMBER}) "
        rf"\|\s+({NUMBER}) /\s+({NUMBER}) /\s+({NUMBER}) /\s+({NUMBER}) \|",
        run.stdout, re.MULTILINE)
    assert crawl_row, run.stdout
    (docs_per_s, reference_cpu_ms, pages_per_s, ratio, crawl_ms, workers_ms, _cdxj_ms, _other_ms,
     crawl_rss, worker_rss, cdxj_rss, _other_rss) = map(float, crawl_row.groups())
    assert min(docs_per_s, reference_cpu_ms, pages_per_s, ratio) > 0
    # Each role's processes are told apart: the crawl process and the workers both work,
    # and the CDXJ process (it names itself) is found.
    assert crawl_ms > 0 and workers_ms > 0
    assert crawl_rss > 0 and worker_rss > 0 and cdxj_rss > 0
    report = json.loads((tmp_path / f"crawl-site-{PAGES}" / "report.json").read_text())
    assert report["counts"]["pages"] == PAGES + 2  # with robots.txt and the sitemap

    ceiling_row = re.search(
        rf"^\|\s+{PAGES} \| this \|\s+({NUMBER}) \(({NUMBER})x\) "
        rf"\|\s+({NUMBER}) ms \+ ({NUMBER}) s \|\s+({NUMBER}) ms \|\s+({NUMBER}) "
        rf"\|\s+({NUMBER})x \|\s+({NUMBER}) \|\s+({NUMBER})% \|$",
        run.stdout, re.MULTILINE)
    assert ceiling_row, run.stdout
    pooled, _, per_page_ms, _, crawl_ms, best, best_ratio, pages_per_s, share = map(
        float, ceiling_row.groups())
    assert pooled > 0 and per_page_ms > 0 and crawl_ms > 0 and best > 0 and share > 0
    # The ceiling cannot beat the pool alone: it adds Scrapy's CPU to it.
    assert best < pooled
