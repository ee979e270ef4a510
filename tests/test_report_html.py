"""report.html: written after each run, self-contained, rendered by a browser with its charts."""

from __future__ import annotations

import json
import re

from archiver.cli import main
from tests.browser import colours, dump_dom, screenshot

CHARTS = ("sources", "coverage", "skipped", "errors", "fetches")


def titles(out) -> list[str]:
    lines = next((out / "records").glob("*.jsonl")).read_text("utf-8").splitlines()
    return [json.loads(line)["title"] for line in lines]


def test_the_run_writes_a_self_contained_page(demo_output):
    page = (demo_output.out / "report.html").read_text("utf-8")
    assert not list(demo_output.out.glob("*.open"))
    for chart in CHARTS:
        assert f'data-chart="{chart}"' in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    # Nothing is loaded from anywhere: the only URLs are the links to replay.
    assert not re.search(r"\b(src|srcset)=", page)
    links = re.findall(r'href="([^"]+)"', page)
    assert links and all(re.match(r"http://127\.0\.0\.1:8090/archive/\d{14}mp_/http", link)
                         for link in links)


def test_report_rebuilds_the_page_with_other_replay_links(demo_output, tmp_path, capsys):
    target = tmp_path / "again.html"
    assert main(["report", str(demo_output.out), "--out", str(target), "--port", "9111"]) == 0
    assert "127.0.0.1:9111/archive/" in target.read_text("utf-8")
    assert main(["report", str(tmp_path)]) == 2
    assert "no run report" in capsys.readouterr().err


def test_chromium_renders_charts_and_articles(demo_output, tmp_path):
    url = (demo_output.out / "report.html").as_uri()
    dom = dump_dom(url, tmp_path)
    assert dom.count('<svg class="chart"') == len(CHARTS)
    assert dom.count("<rect") > 10
    for title in titles(demo_output.out):
        assert title.replace("'", "&#x27;") in dom or title in dom
    png = screenshot(url, tmp_path / "report.png")
    assert colours(png) > 20
