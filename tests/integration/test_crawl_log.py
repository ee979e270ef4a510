"""The crawl log: every URL of a run, one JSON line each, with what became of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.run.crawl_log import MAX_MIME_TYPES, CrawlLog, LogLine
from archiver.run.leftovers import finish_leftovers
from archiver.run.summary import format_summary
from archiver.state.sqlite import CrawlState
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def log_lines(out: Path) -> list[dict]:
    (path,) = (out / "logs").glob("crawl-*.jsonl")
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def by_url(lines: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for line in lines:
        found.setdefault(line["url"].split("/", 3)[-1], []).append(line)
    return found


def warc_target(out: Path, warc: dict) -> str:
    with open(out / "warc" / warc["file"], "rb") as stream:
        stream.seek(warc["offset"])
        record = next(iter(ArchiveIterator(stream)))
        return record.rec_headers.get_header("WARC-Target-URI")


def test_the_demo_run_logs_every_url_with_its_outcome(demo_output):
    out = demo_output.out
    lines = log_lines(out)
    urls = by_url(lines)
    assert not list((out / "logs").glob("*.open"))
    # Robots.txt, fetched for its middleware; a page it forbids; a 404; redirects.
    # Every fetch archived in the WARC has its line.
    archived = set()
    for warc in (out / "warc").glob("*.warc.gz"):
        with open(warc, "rb") as stream:
            archived |= {record.rec_headers.get_header("WARC-Target-URI")
                         for record in ArchiveIterator(stream)
                         if record.rec_type in ("response", "revisit")}
    assert archived and archived <= {line["url"] for line in lines}
    assert urls["robots.txt"][0]["outcome"] == "fetched"
    assert urls["robots.txt"][0]["hops"] == "P"
    assert urls["private/internal-memo.html"][0]["reason"] == "robots_disallowed"
    missing = urls["world/harbour-tunnel-vote-postponed.html"][0]
    assert (missing["outcome"], missing["reason"], missing["status"]) == ("failed", "http_404", 404)
    redirect = urls["go/skarv-point"][0]
    assert (redirect["outcome"], redirect["status"], redirect["hops"]) == ("redirect", 302, "L")
    # Out-of-scope links, once each however many pages link to them.
    skipped = [line for line in lines if line["outcome"] == "skipped"]
    assert any(line["reason"] == "out_of_scope" and "creativecommons.org" in line["url"]
               for line in skipped)
    assert len({line["url"] for line in skipped}) == len(skipped)
    # Pages that gave no record, each with the extraction's reason and its WARC record.
    no_record = {line["url"].split("/", 3)[-1]: line for line in lines
                 if line["outcome"] == "no_record"}
    assert no_record[""]["reason"] == "listing_page"
    assert no_record["world/"]["reason"] == "listing_page"
    for line in no_record.values():
        assert line["mime"] == "text/html" and line["status"] == 200
        assert warc_target(out, line["warc"]) == line["url"]
    # A listing, and every record written with its id.
    assert urls["feed.xml"][0]["outcome"] == "listing"
    assert urls["feed.xml"][0]["mime"] == "application/rss+xml"
    records = [json.loads(line) for path in (out / "records").glob("*.jsonl")
               for line in path.read_text("utf-8").splitlines()]
    logged = {line["record_id"]: line for line in lines if line["outcome"] == "record"}
    assert sorted(logged) == sorted(record["id"] for record in records)
    for record in records:
        line = logged[record["id"]]
        assert line["url"] == record["url"]
        assert line["hops"].startswith("L") and line["via"] and line["duration"] >= 0
        assert line["warc"] == {"file": record["archive"]["warc_file"],
                                "offset": record["archive"]["offset"]}


def test_the_report_links_the_log_and_counts_types_statuses_and_warc_bytes(demo_output):
    out = demo_output.out
    report = json.loads((out / "report.json").read_text("utf-8"))
    log = Path(report["output"]["crawl_log"])
    assert log.parent == out / "logs" and log.is_file()
    counts = report["counts"]
    lines = log_lines(out)
    html_lines = sum(1 for line in lines if line.get("mime") == "text/html")
    assert counts["mime_types"]["text/html"] == html_lines
    assert counts["mime_types"]["application/rss+xml"] == 1
    assert counts["warc_bytes"] == sum(path.stat().st_size for path in (out / "warc").glob(
        "*.warc.gz"))
    page = (out / "report.html").read_text("utf-8")
    assert f'href="logs/{log.name}"' in page
    assert 'data-chart="mime"' in page and 'data-chart="status"' in page
    assert f"crawl log: {log}" in format_summary(report)


def test_frontier_skips_are_logged_with_their_reason(site, tmp_path):
    out = tmp_path / "out"
    run = run_cli(["crawl", site.url("/"), "--out", str(out), "--max-pages", "3",
                   "--quiet"], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = log_lines(out)
    over = [line for line in lines if line.get("reason") == "max_pages"]
    assert over and all(line["outcome"] == "skipped" and line["via"] for line in over)
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["counts"]["skipped"]["max_pages"] >= len(over)


def test_the_writer_counts_types_and_writes_each_skip_once(tmp_path):
    log = CrawlLog(tmp_path / "crawl.jsonl", max_remembered_skips=2)
    assert log.writer.open_path.exists()
    for index in range(MAX_MIME_TYPES + 3):
        log.write(LogLine(url=f"http://a.example/{index}", outcome="fetched", status=200,
                          mime=f"x/type-{index}"))
    for _ in range(2):
        for url in ("http://b.example/1", "http://b.example/2", "http://b.example/3"):
            log.write(LogLine(url=url, outcome="skipped", reason="out_of_scope"))
    path = log.close()
    lines = path.read_text("utf-8").splitlines()
    assert log.mime_types["other"] == 3 and len(log.mime_types) == MAX_MIME_TYPES + 1
    # Two remembered; the third (over the bound) is written again rather than remembered.
    assert len(lines) == MAX_MIME_TYPES + 3 + 4
    first = json.loads(lines[0])
    assert set(first) == {"time", "url", "outcome", "status", "mime"}
    assert first["time"].endswith("Z")


def test_a_killed_runs_log_is_cut_after_its_last_whole_line(tmp_path):
    logs, records, warcs = tmp_path / "logs", tmp_path / "records", tmp_path / "warc"
    for folder in (logs, records, warcs):
        folder.mkdir()
    whole = json.dumps({"url": "http://a.example/", "outcome": "record"}) + "\n"
    (logs / "crawl-1-host.jsonl.open").write_text(whole * 3 + '{"url": "http://a.exa')
    state = CrawlState.open(tmp_path / "state.sqlite3")
    try:
        recovered = finish_leftovers(records, warcs, state, logs_dir=logs)
    finally:
        state.close()
    assert recovered.log_files == ["crawl-1-host.jsonl"]
    assert (logs / "crawl-1-host.jsonl").read_text() == whole * 3
    assert not list(logs.glob("*.open"))


def test_a_retried_download_has_its_own_line(tmp_path):
    from archiver.demo.messages import Reply, html_reply
    from archiver.demo.server import SiteServer

    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text('<!DOCTYPE html><html><head><title>Home</title></head>'
                                     '<body><a href="/busy.html">busy</a></body></html>')
    calls = []

    def busy(request) -> Reply:
        calls.append(request.path)
        if len(calls) == 1:
            return html_reply(503, "Busy", "try again")
        return html_reply(200, "Not busy", "a short page")

    out = tmp_path / "out"
    with SiteServer(root=root) as site:
        site.add_route("/busy.html", busy)
        run = run_cli(["crawl", site.url("/"), "--out", str(out), "--quiet"], tmp_path)
        busy_url = site.url("/busy.html")
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in log_lines(out) if line["url"] == busy_url]
    assert [(line["outcome"], line["status"]) for line in lines] == [
        ("retried", 503), ("no_record", 200)]
    assert all(line["warc"] for line in lines)
