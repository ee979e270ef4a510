"""Shared by the WARC tests: crawls run once per session, and a raw reader of their WARCs.

Loaded as a pytest plugin from conftest.py so that the session fixtures run once
for test_warc_dedup, test_replay and test_wacz together.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import SiteServer
from tests.support.cli import CliRun, run_cli
from tests.support.paths import REPO

HTTP_TYPES = ("response", "request", "revisit")


@attrs.frozen
class Row:
    """One WARC record as stored: headers, raw HTTP head and body bytes."""

    file: Path
    offset: int
    length: int
    type: str
    headers: dict[str, str]
    head: bytes
    body: bytes

    @property
    def uri(self) -> str:
        return self.headers.get("WARC-Target-URI", "")

    @property
    def id(self) -> str:
        return self.headers["WARC-Record-ID"]

    def head_lines(self) -> list[bytes]:
        return self.head.rstrip(b"\r\n").split(b"\r\n")


def read_rows(path: Path) -> list[Row]:
    rows = []
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, no_record_parse=True)
        for record in iterator:
            block = record.raw_stream.read()
            head, body = b"", block
            if record.rec_type in HTTP_TYPES:
                head, _, body = block.partition(b"\r\n\r\n")
                head += b"\r\n\r\n"
            rows.append(Row(path, iterator.get_record_offset(), iterator.get_record_length(),
                            record.rec_type, dict(record.rec_headers.headers), head, body))
    return rows


def rows_in(paths: list[Path]) -> list[Row]:
    return [row for path in paths for row in read_rows(path)]


@attrs.frozen
class Run:
    run: CliRun
    warcs: list[Path]
    """The WARC files this run wrote."""


@attrs.frozen
class Runs:
    out: Path
    first: Run
    second: Run
    """Fetches everything again in full: its 2xx payloads are identical-payload revisits."""
    third: Run
    """Revalidates what the crawl state knows: 304s, written as server-not-modified revisits."""
    server: SiteServer

    @property
    def warcs(self) -> list[Path]:
        return self.first.warcs + self.second.warcs + self.third.warcs


def crawl_into(out: Path, seeds: list[str], *extra: str, partial: bool = False) -> Run:
    """Crawl with the CLI; `partial`: some fetches are expected to fail (exit code 3)."""
    before = set((out / "warc").glob("*.warc.gz"))
    run = run_cli(["crawl", *seeds, "--out", str(out), *extra], out)
    assert run.returncode == (3 if partial else 0), run.stderr[-3000:]
    return Run(run, sorted(set((out / "warc").glob("*.warc.gz")) - before))


def scrapy_crawl(out: Path, seeds: list[str], **settings: object) -> subprocess.CompletedProcess:
    """`scrapy crawl news` with settings the archiver CLI does not expose."""
    options = [f"-s{name}={value}" for name, value in
               ({"ARCHIVER_OUTPUT_DIR": out, "LOG_LEVEL": "WARNING"} | settings).items()]
    return subprocess.run([sys.executable, "-m", "scrapy", "crawl", "news",
                           "-a", "seeds=" + ",".join(seeds), *options],
                          cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> Iterator[Runs]:
    """The demo site crawled three times into one output folder (one WARC digest index).

    The second run is given a crawl state of its own, so it knows nothing to
    revalidate and fetches every page again; the third uses the first's state
    and sends conditional requests.
    """
    out = tmp_path_factory.mktemp("runs")
    with SiteServer() as server:
        seed = f"{server.base_url}/"
        first = crawl_into(out, [seed])
        second = crawl_into(out, [seed], "--state", str(out / "second-state.sqlite3"))
        third = crawl_into(out, [seed], "--refresh-after", "0")
        yield Runs(out, first, second, third, server)
