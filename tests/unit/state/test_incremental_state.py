"""The pieces of incremental runs, without a crawl: state, frontier, leftovers, lock, dates."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import attrs
import pytest

from archiver.dates import (
    listing_date_text,
    parse_duration,
    parse_listing_date,
    parse_refresh_after,
    parse_since,
)
from archiver.frontier.admission import Candidate, Frontier, conditional_headers, due
from archiver.frontier.sources import Source
from archiver.run.leftovers import (
    finish_leftovers,
    finish_open_records,
    take_in,
    whole_members_length,
)
from archiver.run.lock import LockedError, output_lock
from archiver.state.sqlite import CrawlState, Fetch, Pending, StateError

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
SOURCE = Source.from_seeds(["http://news.test/"])


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> str:
        return self.now.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def state(tmp_path):
    state = CrawlState.open(tmp_path / "state.sqlite3", clock=Clock())
    yield state
    state.close()


def fetch(key="http://news.test/a", **fields) -> Fetch:
    values = {"key": key, "url": key, "source": "", "kind": "article", "status": 200} | fields
    return Fetch(**values)


def pending(key="http://news.test/a", source="") -> Pending:
    return Pending(key=key, url=key, source=source, hops_left=0,
                   discovery={"method": "feed", "via": "http://news.test/feed"})


# --- state -----------------------------------------------------------------------


def test_listing_queues_and_a_fetch_unqueues(state):
    hub = fetch("http://news.test/feed", kind="feed", etag='"f1"')
    state.listed([("http://news.test/a", "http://news.test/a", "")], [pending()], hub)
    assert [p.key for p in state.pending([""])] == ["http://news.test/a"]
    assert state.pending(["other-source"]) == []
    assert state.get("http://news.test/feed").etag == '"f1"'
    assert state.get("http://news.test/a").kind is None  # seen, never fetched
    state.exported(fetch(etag='"a1"', body_digest="sha1:B", content_digest="sha1:C"),
                   record_id="r1", version=1)
    assert state.pending([""]) == []
    row = state.get("http://news.test/a")
    assert (row.kind, row.record_id, row.version, row.changes, row.etag) == (
        "article", "r1", 1, 0, '"a1"')


def test_state_survives_reopening_and_counts_changes(tmp_path):
    path = tmp_path / "state.sqlite3"
    first = CrawlState.open(path)
    first.exported(fetch(content_digest="sha1:1"), record_id="r1", version=1)
    first.close()
    second = CrawlState.open(path)
    second.exported(fetch(content_digest="sha1:2"), record_id="r2", version=2)
    row = second.get("http://news.test/a")
    assert (row.record_id, row.version, row.changes, row.content_digest) == ("r2", 2, 1, "sha1:2")
    assert second.counts() == {"urls": 1, "articles": 1, "pending": 0}


def test_a_fetch_without_content_keeps_the_article_digest_and_the_newest_listing_date(state):
    state.exported(fetch(content_digest="sha1:C", listed_date="2026-11-27T10:00:00Z"),
                   record_id="r1", version=1)
    state.fetched(fetch(listed_date="2026-11-26T10:00:00Z"))
    state.fetched(fetch())
    row = state.get("http://news.test/a")
    assert row.content_digest == "sha1:C" and row.listed_date == "2026-11-27T10:00:00Z"


def test_not_modified_keeps_validators_unless_new_ones_come(state):
    state.fetched(fetch(etag='"1"', last_modified="Mon, 01 Sep 2025 07:30:00 GMT"))
    state.not_modified(fetch(status=304))
    assert state.get("http://news.test/a").etag == '"1"'
    state.not_modified(fetch(status=304, etag='"2"'))
    row = state.get("http://news.test/a")
    assert (row.etag, row.last_modified, row.status) == (
        '"2"', "Mon, 01 Sep 2025 07:30:00 GMT", 304)


def test_redirected_fetch_is_stored_under_both_names(state):
    state.exported(fetch("http://news.test/go", final=("http://news.test/a", "http://news.test/a")),
                   record_id="r1", version=1)
    assert state.get("http://news.test/go").record_id == "r1"
    assert state.get("http://news.test/a").record_id == "r1"


def test_failures_stay_queued_until_attempts_run_out(state):
    state.listed([], [pending()])
    state.failed("http://news.test/a", retry=True, max_attempts=2)
    assert state.pending([""])[0].attempts == 1
    state.failed("http://news.test/a", retry=True, max_attempts=2)
    assert state.pending([""]) == []
    state.listed([], [pending()])
    state.failed("http://news.test/a", retry=False, max_attempts=2)
    assert state.pending([""]) == []


def test_a_state_file_that_is_not_sqlite_is_a_clear_error(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.write_text("not a database" * 100)
    with pytest.raises(StateError, match="cannot use state file"):
        CrawlState.open(path)


# --- frontier --------------------------------------------------------------------


def known(state, listed_date=None, **fields):
    state.exported(fetch(listed_date=listed_date, **fields), record_id="r1", version=1)
    return state.get("http://news.test/a")


def test_due_rules(state):
    assert due(None, None, NOW, -1)
    article = known(state, listed_date="2026-11-27T10:00:00Z")
    assert not due(article, None, NOW, -1)  # never refreshed by default
    assert not due(article, datetime(2026, 11, 27, 10, tzinfo=timezone.utc), NOW, -1)
    assert due(article, datetime(2026, 11, 27, 11, tzinfo=timezone.utc), NOW, -1)  # newer date
    assert due(article, None, NOW, 0)  # --refresh-after 0: always
    assert not due(article, None, NOW, 3600)  # fetched "now" by the clock
    assert due(article, None, NOW + timedelta(hours=2), 3600)
    assert due(attrs.evolve(article, kind="page"), None, NOW, -1)  # pages: every run


def test_due_without_a_stored_listing_date_compares_with_the_last_fetch(state):
    article = known(state)  # found through a link: no listing date
    assert not due(article, datetime(2026, 11, 27, 11, tzinfo=timezone.utc), NOW, -1)
    assert due(article, datetime(2026, 11, 27, 13, tzinfo=timezone.utc), NOW, -1)


def test_conditional_headers_only_for_articles_feeds_and_sitemaps(state):
    state.fetched(fetch(etag='"e"', last_modified="Mon, 01 Sep 2025 07:30:00 GMT"))
    assert conditional_headers(state.get("http://news.test/a")) == {
        "If-None-Match": '"e"', "If-Modified-Since": "Mon, 01 Sep 2025 07:30:00 GMT"}
    state.fetched(fetch("http://news.test/", kind="page", etag='"p"'))
    assert conditional_headers(state.get("http://news.test/")) == {}
    state.fetched(fetch("http://news.test/index.xml", kind="sitemapindex", etag='"i"'))
    assert conditional_headers(state.get("http://news.test/index.xml")) == {}


def candidate(url, **fields):
    values = {"url": url, "source": SOURCE, "hops_left": 0, "discovery": {"method": "feed"}}
    return Candidate(**(values | fields))


def test_frontier_reasons(state):
    known(state, listed_date="2026-11-27T10:00:00Z")
    limited = Source(name="", seeds=(), allowed_domains=("news.test",), max_pages=2)
    frontier = Frontier(state, since=datetime(2026, 11, 1, tzinfo=timezone.utc),
                        refresh_after=-1, default_max_pages=0, now=NOW)
    listed = datetime(2026, 11, 27, 10, tzinfo=timezone.utc)
    decisions = [frontier.admit(c) for c in [
        candidate("http://elsewhere.test/x"),
        candidate("http://news.test/a", date=listed),
        candidate("http://news.test/old", date=datetime(2026, 10, 1, tzinfo=timezone.utc)),
        candidate("http://news.test/b", source=limited),
        candidate("http://news.test/b", source=limited),
        candidate("http://news.test/c", source=limited),
        candidate("http://news.test/d", source=limited),
        candidate("http://news.test/a", date=listed, always=True),
    ]]
    assert [(d.admitted, d.skip) for d in decisions] == [
        (False, "out_of_scope"), (False, "known_not_due"), (False, "older_than_since"),
        (True, None), (False, None), (True, None), (False, "max_pages"), (True, None)]
    assert len(frontier.discovered) == 5


# --- leftovers of an interrupted run ---------------------------------------------------


def record(url, record_id, version=1):
    return {"id": record_id, "url": url, "requested_url": url, "version": version,
            "status": 200, "title": "T", "text": "x", "discovery": {"source": "s"}}


def test_open_records_file_is_cut_after_its_last_whole_line(tmp_path, state):
    records = tmp_path / "records"
    records.mkdir()
    lines = [json.dumps(record(f"http://news.test/{n}", f"r{n}")) for n in range(3)]
    leftover = records / "run.jsonl.open"
    leftover.write_text("\n".join(lines[:2]) + "\n" + lines[2][:20], "utf-8")
    (records / "empty.jsonl.open").write_text('{"half": ', "utf-8")
    recovered = finish_leftovers(records, tmp_path / "warc", state)
    assert recovered.records_files == ["run.jsonl"] and recovered.records == 2
    assert recovered.taken_in == 2
    assert sorted(p.name for p in records.iterdir()) == ["run.jsonl"]
    assert (records / "run.jsonl").read_text("utf-8") == "\n".join(lines[:2]) + "\n"
    row = state.get("http://news.test/0")
    assert (row.record_id, row.kind, row.source, row.etag) == ("r0", "article", "s", None)
    assert row.content_digest is not None


def test_records_the_state_already_knows_are_not_taken_in_twice(tmp_path, state):
    path = tmp_path / "run.jsonl.open"
    path.write_text(json.dumps(record("http://news.test/0", "r0")) + "\n", "utf-8")
    state.exported(fetch("http://news.test/0"), record_id="r0", version=1)
    final, records = finish_open_records(path)
    assert final == tmp_path / "run.jsonl" and len(records) == 1
    assert take_in(records[0], state) is False


def test_open_warc_is_cut_after_its_last_whole_member(tmp_path, state):
    warc = tmp_path / "warc"
    warc.mkdir()
    members = [gzip.compress(b"WARC/1.1\r\n" + os.urandom(300_000) + bytes(n))
               for n in range(3)]  # WARC data: a file that holds none is left alone
    whole = b"".join(members[:2])
    (warc / "a.warc.gz.open").write_bytes(whole + members[2][:1000])
    (warc / "b.warc.gz.open").write_bytes(members[0][:10])
    recovered = finish_leftovers(tmp_path / "records", warc, state)
    assert recovered.warc_files == ["a.warc.gz"]
    assert sorted(p.name for p in warc.iterdir()) == ["a.warc.gz"]
    assert (warc / "a.warc.gz").read_bytes() == whole


def test_whole_members_length_reads_in_bounded_chunks(tmp_path):
    # Highly compressible members larger than the 1 MiB read size, and a corrupt tail.
    members = [gzip.compress(b"a" * 5_000_000), gzip.compress(os.urandom(2_500_000))]
    path = tmp_path / "x.gz"
    path.write_bytes(b"".join(members) + b"\x1f\x8b\x08garbage")
    with open(path, "rb") as stream:
        assert whole_members_length(stream) == len(members[0]) + len(members[1])


# --- lock ------------------------------------------------------------------------------


def test_lock_is_exclusive_and_names_its_holder(tmp_path):
    lock = tmp_path / "out" / ".archiver.run.lock"
    with output_lock(lock) as previous:
        assert previous is None
        holder = json.loads(lock.read_text())
        assert holder["pid"] == os.getpid()
        child = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from archiver.run.lock import output_lock, LockedError\n"
             "try:\n    output_lock(Path(sys.argv[1])).__enter__()\n"
             "except LockedError as e:\n    print(e); sys.exit(4)", str(lock)],
            capture_output=True, text=True)
        assert child.returncode == 4, child.stderr
        assert f"pid {os.getpid()}" in child.stdout
    with output_lock(lock) as previous:
        assert previous is None  # released cleanly: nothing to take over


def test_a_stale_lock_is_taken_over(tmp_path):
    lock = tmp_path / ".archiver.run.lock"
    lock.write_text(json.dumps({"pid": 999_999_999, "host": "h", "started_at": "x"}))
    with output_lock(lock) as previous:
        assert previous["pid"] == 999_999_999
    with pytest.raises(LockedError), output_lock(lock), output_lock(lock):
        pass  # a second holder in the same process is refused too


# --- dates and durations ----------------------------------------------------------------


def test_since_and_durations():
    assert parse_duration("6h") == timedelta(hours=6)
    assert parse_duration("2d") == timedelta(days=2)
    assert parse_since("2d", NOW) == NOW - timedelta(days=2)
    assert parse_since("2026-11-01", NOW) == datetime(2026, 11, 1, tzinfo=timezone.utc)
    assert parse_since("2026-11-01T06:00+01:00", NOW) == datetime(2026, 11, 1, 5,
                                                                  tzinfo=timezone.utc)
    assert parse_refresh_after("never") == -1 and parse_refresh_after("0") == 0
    assert parse_refresh_after("30m") == 1800
    for bad in ("yesterday", "6 hours", "2026-13-01"):
        with pytest.raises(ValueError):
            parse_since(bad, NOW)


def test_listing_dates():
    assert listing_date_text("Fri, 05 Sep 2025 16:00:00 +0100") == "2025-09-05T16:00:00+01:00"
    assert listing_date_text("2025-09-05") == "2025-09-05"
    assert listing_date_text("2025-09-05T16:00:00Z") == "2025-09-05T16:00:00+00:00"
    assert listing_date_text("soon") is None and listing_date_text(None) is None
    assert parse_listing_date("Fri, 05 Sep 2025 16:00:00 GMT") == datetime(
        2025, 9, 5, 16, tzinfo=timezone.utc)
