"""`archiver extract` and `archiver validate` on files other tools write, or damaged ones.

The demo site is crawled once by archiver and once by Debian's `wget
--warc-file`. From archiver's WARC file come three more: the same records as
one gzip stream (valid WARC, as `warcio check` says), the file with 64 bytes
zeroed at a quarter, and an ARC file of the same responses. `archiver
extract` on each gives no traceback and a record for every article whose
response is readable; on the damaged file it names the damage (file, offset,
reason), goes on with the other files and exits 1 with a summary.
`archiver validate` on wget's file finds nothing: wget links the response to
its request with WARC-Concurrent-To, archiver the request to the response.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import attrs
import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import SiteServer
from archiver.frontier.keys import url_key
from tests.support.cli import run_cli
from tests.support.paths import REPO

DAMAGE = 64


def archiver(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archiver.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@attrs.frozen
class Files:
    ours: Path
    single_stream: Path
    damaged: Path
    damaged_uris: set[str]
    arc: Path
    wget: Path | None


@attrs.frozen
class Capture:
    offset: int
    length: int
    type: str
    uri: str
    id: str
    digest: str
    refers_to: str


def captures(path: Path) -> Iterator[Capture]:
    """The response and revisit records of a whole WARC file."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            record.content_stream().read()
            if record.rec_type in ("response", "revisit"):
                header = record.rec_headers.get_header
                yield Capture(iterator.get_record_offset(), iterator.get_record_length(),
                              record.rec_type, header("WARC-Target-URI"),
                              header("WARC-Record-ID"), header("WARC-Payload-Digest") or "",
                              header("WARC-Refers-To") or "")


def lost_to(damage: range, path: Path) -> set[str]:
    """URIs whose payload is gone: responses in the damage, revisits of nothing left."""
    found = list(captures(path))
    hit = {c.id for c in found if c.offset < damage.stop and damage.start < c.offset + c.length}
    kept = [c for c in found if c.type == "response" and c.id not in hit]
    ids, digests = {c.id for c in kept}, {c.digest for c in kept}
    return {c.uri for c in found if c.id in hit or (
        c.type == "revisit" and c.refers_to not in ids and c.digest not in digests)}


def arc_from(warc: Path, target: Path) -> None:
    """An ARC (v1) file, one gzip member per record, of the WARC file's responses."""
    members = []
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, no_record_parse=True):
            if record.rec_type != "response":
                continue
            block = record.raw_stream.read()  # the HTTP head and body as stored
            date = datetime.fromisoformat(record.rec_headers.get_header("WARC-Date")
                                          .replace("Z", "+00:00")).strftime("%Y%m%d%H%M%S")
            found = re.search(rb"\r\ncontent-type: *([^;\r]+)", block.split(b"\r\n\r\n")[0],
                              re.IGNORECASE)
            content_type = found.group(1).decode() if found else "-"
            line = (f"{record.rec_headers.get_header('WARC-Target-URI')} 127.0.0.1 {date} "
                    f"{content_type} {len(block)}\n").encode()
            members.append(gzip.compress(line + block + b"\n"))
    version = b"1 0 archiver-test\nURL IP-address Archive-date Content-type Archive-length\n\n"
    head = (f"filedesc://{target.name} 0.0.0.0 20250901080000 text/plain "
            f"{len(version)}\n").encode()
    target.write_bytes(gzip.compress(head + version + b"\n") + b"".join(members))


def wget_warc(url: str, folder: Path) -> Path | None:
    if shutil.which("wget") is None:
        return None
    subprocess.run(["wget", "--quiet", "--recursive", "--level=2", "--execute", "robots=off",
                    "--no-proxy", "--directory-prefix", str(folder / "mirror"),
                    "--warc-file", str(folder / "wget"), url], check=False, timeout=120)
    return folder / "wget.warc.gz"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Files:
    folder = tmp_path_factory.mktemp("other-tools")
    with SiteServer() as server:
        run = run_cli(["crawl", f"{server.base_url}/", "--out", str(folder / "out"),
                       "--quiet"], folder)
        assert run.returncode == 0, run.stderr[-3000:]
        wget = wget_warc(f"{server.base_url}/", folder)
    [ours] = (folder / "out" / "warc").glob("*.warc.gz")
    single = folder / "single.warc.gz"
    single.write_bytes(gzip.compress(gzip.decompress(ours.read_bytes())))
    data = bytearray(ours.read_bytes())
    start = len(data) // 4
    data[start:start + DAMAGE] = bytes(DAMAGE)
    damaged = folder / "damaged.warc.gz"
    damaged.write_bytes(data)
    lost = lost_to(range(start, start + DAMAGE), ours)
    arc = folder / "responses.arc.gz"
    arc_from(ours, arc)
    return Files(ours, single, damaged, lost, arc, wget)


def extracted(paths: list[Path], out: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    done = archiver("extract", *map(str, paths), "--out", str(out))
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    urls = {json.loads(line)["url"] for path in out.glob("records/*.jsonl")
            for line in path.read_text().splitlines()}
    return done, urls


@pytest.fixture(scope="module")
def articles(files, tmp_path_factory) -> set[str]:
    done, urls = extracted([files.ours], tmp_path_factory.mktemp("ours"))
    assert done.returncode == 0 and len(urls) >= 5, done.stderr[-3000:]
    return urls


def test_a_single_gzip_stream_is_read_through(files, articles, tmp_path):
    done, urls = extracted([files.single_stream], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert urls == articles


def test_an_arc_file_is_read(files, articles, tmp_path):
    done, urls = extracted([files.arc], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    responses = {c.uri for c in captures(files.ours) if c.type == "response"}
    assert urls == articles & responses  # ARC has no revisits: only the responses are in it


def test_a_damaged_record_is_skipped_named_and_the_rest_read(files, articles, tmp_path):
    done, urls = extracted([files.damaged, files.single_stream], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr[-3000:]
    assert urls == articles  # the second file gives what the first lost
    alone, urls = extracted([files.damaged], tmp_path / "alone")
    assert urls == articles - files.damaged_uris
    assert alone.returncode == 1
    assert f"{files.damaged.name}:" in alone.stderr and "damaged" in alone.stdout, (
        alone.stdout + alone.stderr[-3000:])


def test_a_wget_warc_is_read_and_validates(files, articles, tmp_path):
    if files.wget is None:
        pytest.skip("wget is not installed (Debian: apt-get install wget; .ci/run does)")
    fetched = {capture.uri for capture in captures(files.wget)}
    assert len(fetched) > 10
    done, urls = extracted([files.wget], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    # wget fetches a page linked with a tracking parameter twice, archiver once (its key
    # drops the parameter), so the two are compared by key.
    assert {url_key(url) for url in urls} == {url_key(url) for url in articles & fetched}
    assert urls
    checked = archiver("validate", str(files.wget))
    assert checked.returncode == 0, checked.stdout[-3000:]
