"""Deduplication across runs, CDXJ beside each file, and `archiver validate` on the result."""

from __future__ import annotations

import gzip
import json
import sqlite3

import pytest

from archiver.demo.server import SiteServer
from archiver.warc.records import IDENTICAL_PAYLOAD, SERVER_NOT_MODIFIED
from tests.support.cli import run_cli
from tests.support.warc_runs import rows_in, scrapy_crawl

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def test_second_run_writes_revisits_that_resolve_to_the_first(runs):
    first = {r.id: r for r in rows_in(runs.first.warcs) if r.type == "response"}
    second = rows_in(runs.second.warcs)
    revisits = [r for r in second if r.type == "revisit"]
    assert len(revisits) >= 15
    for revisit in revisits:
        original = first[revisit.headers["WARC-Refers-To"]]
        assert revisit.headers["WARC-Profile"] == IDENTICAL_PAYLOAD
        assert revisit.headers["WARC-Truncated"] == "length"
        assert revisit.headers["WARC-Payload-Digest"] == original.headers["WARC-Payload-Digest"]
        assert revisit.headers["WARC-Refers-To-Target-URI"] == original.uri
        assert revisit.headers["WARC-Refers-To-Date"] == original.headers["WARC-Date"]
        assert revisit.body == b"" and revisit.head.startswith(b"HTTP/1.1 200 ")
    # Only what is not a 2xx payload (redirects, the 404) is stored again in full.
    full = [r for r in second if r.type == "response"]
    assert full and all(not r.head.startswith(b"HTTP/1.1 2") for r in full)


def test_conditional_third_run_writes_server_not_modified_revisits(runs):
    rows = rows_in(runs.warcs)
    originals = {r.id: r for r in rows if r.type == "response"}
    third = rows_in(runs.third.warcs)
    not_modified = [r for r in third if r.type == "revisit"
                    and r.headers["WARC-Profile"] == SERVER_NOT_MODIFIED]
    # At least one for each of the demo's nine articles, known with their validators (the
    # about and staff pages are no articles since issue #18's classification).
    assert len(not_modified) >= 9
    for revisit in not_modified:
        assert revisit.head.startswith(b"HTTP/1.1 304 Not Modified\r\n")
        assert "WARC-Truncated" not in revisit.headers
        # Also for URIs whose latest capture was itself a revisit (fisheries page).
        original = originals[revisit.headers["WARC-Refers-To"]]
        assert original.headers["WARC-Payload-Digest"] == revisit.headers["WARC-Payload-Digest"]


def test_records_of_the_second_run_point_at_original_responses(runs):
    records = [json.loads(line) for path in (runs.out / "records").glob("*.jsonl")
               for line in path.read_text("utf-8").splitlines()]
    second_ids = {r.id for r in rows_in(runs.second.warcs) if r.type == "revisit"}
    assert second_ids
    first_files = {p.name for p in runs.first.warcs}
    for record in records:
        pointer = record["archive"]
        assert pointer["warc_file"] in first_files
        data = (runs.out / "warc" / pointer["warc_file"]).read_bytes()
        member = gzip.decompress(data[pointer["offset"]:pointer["offset"] + pointer["length"]])
        assert b"WARC-Type: response\r\n" in member
        assert f"WARC-Record-ID: {pointer['record_id']}\r\n".encode() in member
    # The second run wrote records too, all pointing at run 1: the nine demo articles twice.
    assert len(records) >= 18


def test_index_points_only_at_originals_in_closed_files(runs):
    db = sqlite3.connect(runs.out / "warc-digests.sqlite3")
    rows = db.execute("SELECT record_id, warc_file FROM originals").fetchall()
    responses = {r.id: r for r in rows_in(runs.warcs) if r.type == "response"}
    assert rows
    for record_id, warc_file in rows:
        assert responses[record_id].file.name == warc_file
        assert not warc_file.endswith(".open")


def test_cdxj_beside_each_warc_lists_its_responses_and_revisits(runs):
    for warc in runs.warcs:
        cdxj = warc.with_name(warc.name.removesuffix(".warc.gz") + ".cdxj")
        lines = cdxj.read_text("utf-8").splitlines()
        assert lines == sorted(lines)
        entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
        rows = [r for r in rows_in([warc]) if r.type in ("response", "revisit")]
        assert len(entries) == len(rows)
        # A server-not-modified revisit's line points at its original (the revisit's own
        # place kept under "revisit", see archiver.warc.not_modified).
        assert {(e["url"], int(e.get("revisit", e)["offset"])) for e in entries} == {
            (r.uri, r.offset) for r in rows}
        originals = {(r.file.name, r.offset): r for r in rows_in(runs.warcs)}
        for entry in (e for e in entries if "revisit" in e):
            assert originals[(entry["filename"], int(entry["offset"]))].type == "response"


def test_validate_is_clean_over_both_runs(runs, tmp_path):
    run = run_cli(["validate", *map(str, runs.warcs)], tmp_path)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().endswith(f"OK: {len(runs.warcs)} file(s) checked, 0 finding(s)")


def test_validate_finds_a_gzip_member_cut_short(runs, tmp_path):
    source = runs.first.warcs[0]
    cut = tmp_path / source.name
    cut.write_bytes(source.read_bytes()[:-4])  # inside the last member's gzip trailer
    run = run_cli(["validate", str(cut)], tmp_path)
    assert run.returncode == 1
    last_member = rows_in([source])[-1].offset
    assert run.stdout.splitlines() == [f"{cut.name}:{last_member}: gzip member cut short",
                                       "FAILED: 1 file(s) checked, 1 finding(s)"]


def test_validate_finds_revisits_whose_original_is_missing(runs, tmp_path):
    run = run_cli(["validate", str(runs.second.warcs[0])], tmp_path)
    assert run.returncode == 1
    revisits = [r for r in rows_in(runs.second.warcs) if r.type == "revisit"]
    for revisit in revisits:
        assert (f"{revisit.file.name}:{revisit.offset}: revisit refers to "
                f"{revisit.headers['WARC-Refers-To']}, not a response") in run.stdout


def test_not_modified_is_a_server_not_modified_revisit(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text("<html><body><p>" + "Tide tables. " * 60 + "</p></body></html>")
    # Stale at once, so Scrapy's RFC2616Policy revalidates it (If-None-Match) next time.
    (site / "_site.json").write_text(json.dumps({"headers": {"*.html": [
        ["Cache-Control", "max-age=0"]]}}))
    cache = {"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": tmp_path / "cache",
             "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy"}
    with SiteServer(root=site) as server:
        for _ in range(2):
            done = scrapy_crawl(tmp_path / "out", [server.url("/page.html")], **cache)
            assert done.returncode == 0, done.stderr[-3000:]
        assert [e.status for e in server.requests_for("/page.html")] == [200, 304]
    rows = rows_in(sorted((tmp_path / "out" / "warc").glob("*.warc.gz")))
    [original] = [r for r in rows if r.type == "response" and r.uri.endswith("/page.html")]
    [revisit] = [r for r in rows if r.type == "revisit"]
    assert revisit.headers["WARC-Profile"] == SERVER_NOT_MODIFIED
    assert revisit.head.startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert revisit.headers["WARC-Refers-To"] == original.id
    assert "WARC-Truncated" not in revisit.headers
    request = next(r for r in rows if r.type == "request"
                   and r.headers["WARC-Concurrent-To"] == revisit.id)
    assert b"If-None-Match: " in request.head
    run = run_cli(["validate", str(tmp_path / "out" / "warc")], tmp_path)
    assert run.returncode == 0, run.stdout
