"""report.html: written after each run, self-contained, rendered by a browser with its charts."""

from __future__ import annotations

import json
import re

import pytest

from archiver.cli import main
from tests.support.browser import colours, dump_dom, screenshot

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

CHARTS = ("sources", "coverage", "skipped", "errors", "mime", "status", "fetches")


def titles(out) -> list[str]:
    lines = next((out / "records").glob("*.jsonl")).read_text("utf-8").splitlines()
    return [json.loads(line)["title"] for line in lines]


def test_the_run_writes_a_self_contained_page(demo_output):
    page = (demo_output.out / "report.html").read_text("utf-8")
    assert not list(demo_output.out.glob("*.open"))
    for chart in CHARTS:
        assert f'data-chart="{chart}"' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    # Nothing is loaded from anywhere: the only URLs are the links to replay, and the
    # crawl log's, beside the page.
    assert not re.search(r"\b(src|srcset)=", page)
    links = re.findall(r'href="([^"]+)"', page)
    assert len([link for link in links if re.match(r"logs/crawl-[\w.-]+\.jsonl$", link)]) == 1
    links = [link for link in links if not link.startswith("logs/")]
    assert links and all(re.match(r"http://127\.0\.0\.1:8090/archive/\d{14}mp_/http", link)
                         for link in links)


def test_report_rebuilds_the_page_with_other_replay_links(demo_output, tmp_path, capsys):
    target = tmp_path / "again.html"
    assert main(["report", str(demo_output.out), "--out", str(target), "--port", "9111"]) == 0
    assert "127.0.0.1:9111/archive/" in target.read_text("utf-8")
    assert main(["report", str(tmp_path)]) == 2
    assert "no run report" in capsys.readouterr().err


@pytest.mark.browser
def test_chromium_renders_charts_and_articles(demo_output, tmp_path):
    url = (demo_output.out / "report.html").as_uri()
    dom = dump_dom(url, tmp_path)
    assert dom.count('<svg class="chart"') == len(CHARTS)
    assert dom.count("<rect") > 10
    for title in titles(demo_output.out):
        assert title.replace("'", "&#x27;") in dom or title in dom
    png = screenshot(url, tmp_path / "report.png")
    assert colours(png) > 20


def test_a_long_run_lists_its_newest_articles_and_counts_them_all(demo_output, tmp_path):
    """The article list is capped (ARCHIVER_REPORT_HTML_MAX_ARTICLES); charts count every one."""
    from archiver.reports.html import write_report_html

    out = tmp_path / "out"
    (out / "records").mkdir(parents=True)
    demo = [json.loads(line) for line in next((demo_output.out / "records").glob("*.jsonl"))
            .read_text("utf-8").splitlines()]
    records = []
    for day in range(1, 31):  # thirty articles, published on 1 to 30 June, shuffled
        record = dict(demo[day % len(demo)], title=f"Story of day {day}",
                      date_published=f"2025-06-{day:02d}T08:00:00Z")
        records.append(record)
    records = records[1::2] + records[::2]
    (out / "records" / "run.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in records), "utf-8")
    report = json.loads((demo_output.out / "report.json").read_text("utf-8"))
    report["output"] = {**report["output"], "records_file": "records/run.jsonl", "warc_files": []}
    (out / "report.json").write_text(json.dumps(report), "utf-8")

    page = write_report_html(out, max_articles=5).read_text("utf-8")
    listed = re.findall(r'class="replay"[^>]*>([^<]+)</a>', page)
    assert listed == [f"Story of day {day}" for day in (30, 29, 28, 27, 26)]
    assert "Articles (30)" in page
    assert "The 5 most recently published of 30 are listed" in page
    assert "records/run.jsonl" in page
    everything = write_report_html(out, max_articles=1000).read_text("utf-8")
    assert len(re.findall(r'class="replay"', everything)) == 30
    assert "most recently published" not in everything


def test_a_report_written_before_seeds_were_redacted_shows_no_password(demo_output, tmp_path):
    """report.json files of older runs kept a seed's password; `archiver report` hides it."""
    out = tmp_path / "out"
    out.mkdir()
    report = json.loads((demo_output.out / "report.json").read_text("utf-8"))
    report["seeds"] = ["http://editor:s3cr3t@pa55@news.example/", "http://news.example/\x1b[2J"]
    (out / "report.json").write_text(json.dumps(report), "utf-8")
    assert main(["report", str(out)]) == 0
    page = (out / "report.html").read_text("utf-8")
    assert "http://editor:***@news.example/" in page
    assert "s3cr3t" not in page and "pa55" not in page and "\x1b" not in page
