"""A full disk, each writer filled up on its own (WARC, records, state) on a small tmpfs
mounted by the test (root only; skipped elsewhere): what did not fit is cut off, what did
is whole. Whole crawls into a full disk are in tests/integration/test_faults_disk.py.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.commands.warc_tools import validate_files
from archiver.records.jsonl import JsonlWriter
from archiver.run.diskfull import DiskFullError
from archiver.run.leftovers import finish_open_warc, whole_members_length
from archiver.state.sqlite import CrawlState, Pending
from archiver.warc.exchange import HttpExchange
from archiver.warc.writer import RollingWarcWriter
from tests.support.tmpfs import tmpfs

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)


def exchange(n: int) -> HttpExchange:
    return HttpExchange(
        url=f"http://127.0.0.1:8000/news/{n}.html", method="GET", request_headers=[],
        status=200, reason="OK", response_headers=[(b"Content-Type", b"text/html")],
        body=os.urandom(7000), started_at=T0)  # random: gzip cannot make it smaller


def test_a_warc_exchange_that_does_not_fit_is_cut_off(tmp_path):
    with tmpfs(tmp_path / "disk", "64k") as disk:
        writer = RollingWarcWriter(disk, prefix="t", max_size=10**9,
                                   warcinfo_fields={"software": "test"}, host="box")
        written = []
        with pytest.raises(OSError) as raised:
            for n in range(100):
                written.append(writer.write_exchange(exchange(n)))
        assert raised.value.errno == errno.ENOSPC
        assert 3 <= len(written) < 100
        path = writer.current_path
        with open(path, "rb") as stream:
            assert whole_members_length(stream) == path.stat().st_size
            stream.seek(0)
            responses = [r for r in ArchiveIterator(stream) if r.rec_type == "response"]
        assert len(responses) == len(written)  # each exchange that was written is whole
        writer.abandon()
        final = finish_open_warc(path)
        assert list(validate_files([final]))[-1].startswith("OK")


def test_a_records_line_that_does_not_fit_is_cut_off(tmp_path):
    with tmpfs(tmp_path / "disk", "32k") as disk:
        writer = JsonlWriter(disk / "run.jsonl")
        with pytest.raises(OSError) as raised:
            for n in range(100):
                writer.write({"n": n, "text": os.urandom(1500).hex()})
        assert raised.value.errno == errno.ENOSPC
        data = writer.open_path.read_bytes()
        assert data.endswith(b"\n")
        assert [json.loads(line)["n"] for line in data.splitlines()] == list(range(writer.count))
        writer.abandon()
        assert writer.open_path.exists()  # for the next run to take in


def fill(state: CrawlState) -> None:
    for n in range(10_000):
        state.listed([], [Pending(key=f"k{n}", url=f"http://x/{n}", source="", hops_left=0,
                                  discovery={"padding": "x" * 2000})])


def test_a_full_disk_rolls_the_state_back_and_freezes_it(tmp_path):
    with tmpfs(tmp_path / "disk", "256k") as disk:
        state = CrawlState.open(disk / "state.sqlite3")
        with pytest.raises(DiskFullError, match="disk full writing .*state.sqlite3"):
            fill(state)
        queued = state.counts()["pending"]
        assert queued > 10 and state.frozen
        state.done("k0")  # frozen: nothing written, nothing raised
        assert state.counts()["pending"] == queued
        state.close()
        db = sqlite3.connect(disk / "state.sqlite3")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == queued
        db.close()


def test_in_a_crawl_the_state_says_so_once_and_takes_no_more_writes(tmp_path):
    with tmpfs(tmp_path / "disk", "256k") as disk:
        state = CrawlState.open(disk / "state.sqlite3")
        told = []
        state.on_disk_full = told.append
        fill(state)  # no exception: the crawl is told, and stops
        assert [str(error) for error in told] == [f"disk full writing {disk}/state.sqlite3"]
        state.close()
