"""`make bench` end to end on a small site: every part runs and the tables come out whole.

Only the shape and the counts are checked; the timings belong to the benchmark.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

import bench.run as bench_run
from bench.real_site import CORPUS, make_page
from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

PAGES = 12
NUMBER = r"[0-9]+(?:\.[0-9]+)?"


def test_bench_prints_the_crawl_and_the_ceiling_of_the_machine(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--pages", str(PAGES),
         "--output", str(tmp_path), "--rounds", "2"],
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
    # Two rounds, each between two timings of the reference, and the median of their ratios.
    rows = re.findall(rf"^\|\s+{PAGES} \| this \| none \|.*?\|\s+({NUMBER})x \|",
                      run.stdout, re.MULTILINE)
    median = re.search(rf"^\|\s+{PAGES} \| this \| median of 2 rounds \|.*?({NUMBER})x",
                       run.stdout, re.MULTILINE)
    assert len(rows) == 2 and median, run.stdout
    assert float(median[1]) == pytest.approx(sum(map(float, rows)) / 2, abs=0.011)
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

    parts_row = re.search(
        rf"^\|\s+{PAGES} \| this \|\s+({NUMBER}) \(({NUMBER})x\) \|\s+({NUMBER}) "
        rf"\|\s+({NUMBER}) ms \+ {NUMBER} s \|\s+({NUMBER}) \|\s+({NUMBER})x \|\s+({NUMBER}) "
        rf"\|\s+({NUMBER})% \|$",
        run.stdout, re.MULTILINE)
    assert parts_row, run.stdout
    parts_ms, parts_times, parts_pooled, _, parts_best, _, _, parts_share = map(
        float, parts_row.groups())
    assert min(parts_ms, parts_times, parts_share) > 0
    # As above: Scrapy's CPU is added to the parts' pool.
    assert 0 < parts_best < parts_pooled


def test_the_metadata_parts_read_a_page_with_each_library() -> None:
    from bench.reference import with_the_metadata_parts

    page = (REPO / "archiver" / "demo" / "site").glob("**/*.html")
    article = max(page, key=lambda path: path.stat().st_size).read_bytes()
    text, date, (json_ld, microdata, open_graph), language = with_the_metadata_parts()(article)
    assert len(text) > 500
    assert date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    assert json_ld or microdata or open_graph
    assert language[0] == "en"


REAL_PAGES = 12


@pytest.mark.skipif(not any(CORPUS.glob("*/*.html.gz")), reason=f"no real pages in {CORPUS}")
def test_bench_on_real_pages_gives_every_page_its_own_article(tmp_path: Path) -> None:
    """`--site real`: pages of ../shared/corpus served gzip without a charset; each copy
    named as its own canonical URL, so the crawl writes an article a readable page."""
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--site", "real",
         "--pages", str(REAL_PAGES), "--output", str(tmp_path), "--rounds", "1"],
        capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert "Site: real" in run.stdout
    rows = re.findall(rf"^\|\s+{REAL_PAGES} \| this \| (\S+) \|", run.stdout, re.MULTILINE)
    assert rows == ["none"], run.stdout  # the real pages' requisites are on their own sites
    site = tmp_path / f"real-site-{REAL_PAGES}"
    manifest = json.loads((site / "manifest.json").read_text())
    base_url = manifest["base_url"]
    assert manifest["content_type"] == "text/html"
    records = [json.loads(line) for path in (tmp_path / f"crawl-real-site-{REAL_PAGES}"
                                             / "records").glob("*.jsonl")
               for line in path.read_text().splitlines()]
    assert len(records) >= REAL_PAGES - 2  # real pages: one may be no article
    assert all(record["canonical_url"] == record["url"] for record in records)
    assert all(record["url"].startswith(f"{base_url}/pages/") for record in records)


def test_a_real_page_is_given_its_address_as_its_only_canonical_url() -> None:
    page = (b'<html lang="de"><HEAD><meta charset="iso-8859-1">'
            b'<link rel="canonical" href="https://www.zeitung.example/a.html">'
            b"<meta property='og:url' content='https://www.zeitung.example/a.html'>"
            b"<title>B\xfcrger</title></HEAD><body><p>B\xfcrger</p></body></html>")
    made = make_page(page, "http://127.0.0.1:8000/pages/00001.html")
    assert made == (b'<html lang="de"><HEAD>'
                    b'<link rel="canonical" href="http://127.0.0.1:8000/pages/00001.html">'
                    b'<meta charset="iso-8859-1"><title>B\xfcrger</title></HEAD>'
                    b"<body><p>B\xfcrger</p></body></html>")
    bare = make_page(b"<p>no head</p>", "http://h/p.html")
    assert bare == b'<link rel="canonical" href="http://h/p.html"><p>no head</p>'


def test_the_watcher_reads_proportional_memory_only_when_asked() -> None:
    """Reading PSS walks a process's page tables: it took 8 % of the cores from the crawl
    it measured, so only the browser's table (which needs it) asks for it."""
    child = psutil.Popen([sys.executable, "-c", "b = bytearray(64 << 20); print(); input()"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        child.stdout.readline()
        plain, proportional = bench_run.Watcher(child), bench_run.Watcher(child, proportional=True)
        read = []
        original = bench_run._pss
        bench_run._pss = lambda process, rss: read.append(process.pid) or original(process, rss)
        try:
            plain.sample()
            assert read == []
            assert plain.peak_total == plain.peak_rss[child.pid][1] >= 64 << 20
            proportional.sample()
            assert read == [child.pid]
            assert 0 < proportional.peak_total <= proportional.peak_rss[child.pid][1]
        finally:
            bench_run._pss = original
        assert plain.cpu[child.pid] > 0 and plain.roles[child.pid] == "crawl"
    finally:
        child.communicate(b"\n")


def test_this_code_and_the_baseline_take_turns_at_crawling_first() -> None:
    this, baseline = None, Path("/elsewhere")
    orders = [bench_run.crawl_order([this, baseline], n) for n in range(4)]
    assert orders == [[this, baseline], [baseline, this], [this, baseline], [baseline, this]]
    assert bench_run.crawl_order([this], 1) == [this]
