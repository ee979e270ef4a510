"""CDXJ indexes written in another process, and written by the next run when missing."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import os
import signal
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archiver.run.leftovers import finish_leftovers
from archiver.state.sqlite import CrawlState
from archiver.warc.background_cdxj import PROCESS_NAME, BackgroundIndexer
from archiver.warc.cdxj import cdxj_path, write_cdxj


def write_warc(path: Path, pages: int) -> Path:
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number in range(pages):
            body = f"<html><body><p>Page {number}</p></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://example.org/{number}.html", "response", payload=io.BytesIO(body),
                http_headers=headers))
    return path


def synchronous_index(warc: Path, tmp_path: Path) -> str:
    copy = tmp_path / "sync" / warc.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(warc.read_bytes())
    return write_cdxj(copy).read_text("utf-8")


def test_the_background_index_is_the_one_write_cdxj_writes(tmp_path: Path) -> None:
    warcs = [write_warc(tmp_path / f"w{n}.warc.gz", pages=5 + n) for n in range(2)]
    indexer = BackgroundIndexer()
    for warc in warcs:
        indexer.submit(warc)
    assert asyncio.run(indexer.written()) == []
    for warc in warcs:
        assert cdxj_path(warc).read_text("utf-8") == synchronous_index(warc, tmp_path)
        assert len(cdxj_path(warc).read_text("utf-8").splitlines()) == 5 + warcs.index(warc)


def test_a_prepared_indexer_indexes_and_one_never_used_closes_quietly(
        tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    warc = write_warc(tmp_path / "w.warc.gz", pages=2)
    prepared = BackgroundIndexer()
    prepared.prepare()
    prepared.submit(warc)
    assert asyncio.run(prepared.written()) == [] and cdxj_path(warc).is_file()
    unused = BackgroundIndexer()
    unused.prepare()
    assert asyncio.run(unused.written()) == []  # shut down before or while its process starts
    time.sleep(0.5)
    assert capfd.readouterr().err == ""


def test_ctrl_c_to_the_process_group_leaves_the_indexing_process_working(
        tmp_path: Path) -> None:
    indexer = BackgroundIndexer()
    indexer.prepare()
    indexer.submit(write_warc(tmp_path / "first.warc.gz", pages=1))
    concurrent.futures.wait([future for _warc, future in indexer._pending])
    for process in indexer._executor._processes.values():
        os.kill(process.pid, signal.SIGINT)
    time.sleep(0.5)
    second = write_warc(tmp_path / "second.warc.gz", pages=2)
    indexer.submit(second)
    assert asyncio.run(indexer.written()) == [] and cdxj_path(second).is_file()


def test_the_indexing_process_has_a_name_of_its_own(tmp_path: Path) -> None:
    """Forked from the forkserver, it would otherwise bear the forkserver's name, as the
    extraction workers do: `make bench` tells them apart by this name."""
    indexer = BackgroundIndexer()
    indexer.submit(write_warc(tmp_path / "w.warc.gz", pages=1))
    concurrent.futures.wait([future for _warc, future in indexer._pending])
    (process,) = indexer._executor._processes.values()
    assert Path(f"/proc/{process.pid}/comm").read_text().strip() == PROCESS_NAME
    assert asyncio.run(indexer.written()) == []


def test_a_failed_index_comes_back_with_its_reason_and_leaves_no_partial_file(
        tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc.gz", pages=3)
    missing = tmp_path / "gone.warc.gz"
    indexer = BackgroundIndexer()
    indexer.submit(missing)
    indexer.submit(good)
    failed = asyncio.run(indexer.written())
    assert [(warc, type(error)) for warc, error in failed] == [(missing, FileNotFoundError)]
    assert cdxj_path(good).is_file() and not cdxj_path(missing).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.cdxj", "good.warc.gz"]


@pytest.fixture
def state(tmp_path: Path):
    crawl_state = CrawlState.open(tmp_path / "state.sqlite3")
    yield crawl_state
    crawl_state.close()


def test_the_next_run_writes_the_indexes_a_killed_run_left_unwritten(
        tmp_path: Path, state: CrawlState) -> None:
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    indexed = write_warc(warc_dir / "a.warc.gz", pages=2)
    write_cdxj(indexed)
    before = cdxj_path(indexed).stat().st_mtime_ns
    unindexed = write_warc(warc_dir / "b.warc.gz", pages=4)
    (warc_dir / "b.cdxj.4242.tmp").write_text("half an index")  # killed while writing it
    emptied = write_warc(warc_dir / "c.warc.gz", pages=1)
    cdxj_path(emptied).touch()  # created, never filled: cdxj-indexer fills it at the end
    recovered = finish_leftovers(tmp_path / "records", warc_dir, state, index=True)
    assert recovered.indexed_warc_files == ["b.warc.gz", "c.warc.gz"]
    assert cdxj_path(unindexed).read_text("utf-8") == synchronous_index(unindexed, tmp_path)
    assert cdxj_path(emptied).read_text("utf-8") == synchronous_index(emptied, tmp_path)
    assert cdxj_path(indexed).stat().st_mtime_ns == before  # an index there stays as it is
    assert not list(warc_dir.glob("*.tmp"))


def test_without_index_leftovers_are_only_finished(tmp_path: Path, state: CrawlState) -> None:
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    warc = write_warc(warc_dir / "a.warc.gz", pages=2)
    recovered = finish_leftovers(tmp_path / "records", warc_dir, state)
    assert recovered.indexed_warc_files == [] and not cdxj_path(warc).exists()
