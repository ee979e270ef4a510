"""WARC record building and the rolling writer, byte for byte where it matters."""

from __future__ import annotations

import gzip
import io
import itertools
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archiver.cli import UsageError, setting_overrides
from archiver.warc.archive import payload_digest
from archiver.warc.dedup import DigestIndex, IndexEntry
from archiver.warc.exchange import HttpExchange
from archiver.warc.records import IDENTICAL_PAYLOAD, Original, WarcRecordFactory
from archiver.warc.writer import RollingWarcWriter, gzip_member, warc_file_name

STARTED = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
GZIPPED = gzip.compress(b"<html><body>hello</body></html>", mtime=0)


def exchange(**changes) -> HttpExchange:
    fields = dict(
        url="http://127.0.0.1:8000/news/a.html?ref=home",
        method="GET",
        request_headers=[(b"User-Agent", b"archiver-test"), (b"Accept-Encoding", b"gzip")],
        status=200,
        reason="OK",
        response_headers=[
            (b"Content-Type", b"text/html; charset=utf-8"),
            (b"Content-Encoding", b"gzip"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Set-Cookie", b"a=1; Path=/"),
            (b"Set-Cookie", b"b=2; Path=/"),
            (b"X-Caf\xc3\xa9", b"cr\xe8me"),
        ],
        body=GZIPPED,
        started_at=STARTED,
        ip_address="127.0.0.1",
    )
    fields.update(changes)
    return HttpExchange(**fields)


def fixed_ids():
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:00000000-0000-0000-0000-{next(counter):012d}>"


def writer_in(directory: Path, max_size: int = 10**9) -> RollingWarcWriter:
    return RollingWarcWriter(
        directory, prefix="test", max_size=max_size, warcinfo_fields={"software": "test"},
        factory=WarcRecordFactory(make_id=fixed_ids()), clock=lambda: STARTED, host="box",
    )


def read_records(path: Path) -> list:
    with open(path, "rb") as stream:
        return [(r.rec_type, r.rec_headers, r.http_headers, r.raw_stream.read())
                for r in ArchiveIterator(stream, no_record_parse=False)]


def test_file_name_has_prefix_stamp_serial_host():
    assert warc_file_name("news", STARTED, 7, "box") == "news-20260102030405678-00007-box.warc.gz"


def test_response_record_keeps_wire_body_headers_and_framing(tmp_path):
    writer = writer_in(tmp_path)
    written = writer.write_exchange(exchange())
    writer.close()
    path = tmp_path / written.warc_file
    records = read_records(path)
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    _, warc_headers, http_headers, body = records[1]
    assert body == GZIPPED
    assert http_headers.get_header("Content-Encoding") == "gzip"
    assert http_headers.get_header("Transfer-Encoding") is None
    assert http_headers.get_header("Content-Length") == str(len(GZIPPED))
    assert [v for n, v in http_headers.headers if n == "Set-Cookie"] == ["a=1; Path=/",
                                                                      "b=2; Path=/"]
    assert warc_headers.get_header("WARC-Date") == "2026-01-02T03:04:05.678901Z"
    assert warc_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert warc_headers.get_header("WARC-Payload-Digest") == written.payload_digest
    # Non-ASCII header bytes are stored as received, not %-encoded by warcio.
    raw = gzip.decompress(path.read_bytes()[written.offset:written.offset + written.length])
    assert b"X-Caf\xc3\xa9: cr\xe8me\r\n" in raw
    assert raw.startswith(b"WARC/1.1\r\n")


def test_request_record_is_concurrent_to_response_with_same_date_and_uri(tmp_path):
    writer = writer_in(tmp_path)
    written = writer.write_exchange(exchange())
    writer.close()
    records = read_records(tmp_path / written.warc_file)
    response, request = records[1][1], records[2][1]
    assert request.get_header("WARC-Concurrent-To") == response.get_header("WARC-Record-ID")
    assert request.get_header("WARC-Date") == response.get_header("WARC-Date")
    assert request.get_header("WARC-Target-URI") == response.get_header("WARC-Target-URI")
    http = records[2][2]
    assert http.protocol == "GET" or http.statusline.startswith("/news/a.html?ref=home")
    assert records[2][2].get_header("Host") == "127.0.0.1:8000"


def test_pointer_reads_back_exactly_the_response_record(tmp_path):
    writer = writer_in(tmp_path)
    first = writer.write_exchange(exchange())
    second = writer.write_exchange(exchange(url="http://127.0.0.1:8000/b", body=b"plain"))
    writer.close()
    data = (tmp_path / first.warc_file).read_bytes()
    for written in (first, second):
        member = data[written.offset:written.offset + written.length]
        record = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == written.record_id


def test_same_inputs_give_same_bytes(tmp_path):
    paths = []
    for name in ("one", "two"):
        writer = writer_in(tmp_path / name)
        writer.write_exchange(exchange())
        writer.close()
        paths.append(writer.closed_files[0])
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_open_suffix_until_closed_then_rollover_by_size(tmp_path):
    writer = writer_in(tmp_path, max_size=1)
    writer.write_exchange(exchange())
    assert [p.name for p in tmp_path.iterdir()][0].endswith(".warc.gz")  # rolled: closed
    writer = writer_in(tmp_path / "big")
    writer.write_exchange(exchange())
    names = [p.name for p in (tmp_path / "big").iterdir()]
    assert len(names) == 1 and names[0].endswith(".warc.gz.open")
    writer.close()
    assert [p.name for p in (tmp_path / "big").iterdir()][0].endswith("-00001-box.warc.gz")


def test_rollover_starts_each_file_with_warcinfo_and_passes_warcio_check(tmp_path):
    writer = writer_in(tmp_path, max_size=1)
    for index in range(3):
        writer.write_exchange(exchange(url=f"http://127.0.0.1:8000/{index}"))
    writer.close()
    assert len(writer.closed_files) == 3
    assert [p.name.split("-")[2] for p in writer.closed_files] == ["00001", "00002", "00003"]
    for path in writer.closed_files:
        assert read_records(path)[0][0] == "warcinfo"
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_raw_status_line_and_protocol_are_kept(tmp_path):
    writer = writer_in(tmp_path)
    written = writer.write_exchange(exchange(status_line=b"HTTP/1.1 200 OK Fine",
                                             reason="OK Fine", headers_as_received=True))
    writer.close()
    raw = gzip.decompress((tmp_path / written.warc_file).read_bytes()[
        written.offset:written.offset + written.length])
    assert b"\r\nWARC-Protocol: http/1.1\r\n" in raw
    assert b"\r\n\r\nHTTP/1.1 200 OK Fine\r\n" in raw


def test_http2_response_gets_an_http11_status_line_and_warc_protocol(tmp_path):
    writer = writer_in(tmp_path)
    writer.write_exchange(exchange(protocol="h2", reason=""))
    writer.close()
    _, warc_headers, http_headers, _ = read_records(writer.closed_files[0])[1]
    assert warc_headers.get_header("WARC-Protocol") == "h2"
    assert http_headers.protocol == "HTTP/1.1" and http_headers.statusline == "200 OK"


def test_revisit_and_metadata_records(tmp_path):
    original = Original(record_id="<urn:uuid:orig>", target_uri="http://127.0.0.1:8000/x",
                        date="2026-01-01T00:00:00.000000Z", payload_digest="sha1:ABC")
    writer = writer_in(tmp_path)
    writer.write_exchange(exchange(), revisit_profile=IDENTICAL_PAYLOAD, original=original,
                          metadata=[("via", "http://127.0.0.1:8000/"), ("hopsFromSeed", "L")])
    writer.close()
    records = read_records(writer.closed_files[0])
    assert [r[0] for r in records] == ["warcinfo", "revisit", "request", "metadata"]
    revisit, metadata = records[1], records[3]
    assert revisit[3] == b"" and revisit[1].get_header("WARC-Truncated") == "length"
    assert revisit[1].get_header("WARC-Refers-To") == "<urn:uuid:orig>"
    assert revisit[1].get_header("WARC-Payload-Digest") == "sha1:ABC"
    assert metadata[1].get_header("WARC-Concurrent-To") == revisit[1].get_header("WARC-Record-ID")
    assert metadata[3] == b"via: http://127.0.0.1:8000/\r\nhopsFromSeed: L\r\n"


def test_digest_index_keeps_entries_pending_until_their_file_is_closed(tmp_path):
    entry = IndexEntry("sha1:A", "<urn:uuid:1>", "http://x/", "2026", "f.warc.gz", 10, 20)
    index = DigestIndex(tmp_path / "index.sqlite3")
    index.add_pending(entry)
    index.note_latest("http://x/", "sha1:A", "f.warc.gz")
    assert index.lookup("sha1:A") == entry  # usable within the run
    assert DigestIndex(tmp_path / "index.sqlite3").lookup("sha1:A") is None  # not stored yet
    index.commit("f.warc.gz")
    index.close()
    again = DigestIndex(tmp_path / "index.sqlite3")
    assert again.lookup("sha1:A") == entry
    assert again.latest_for("http://x/") == entry


def test_a_known_payload_digest_gives_the_same_bytes(tmp_path):
    """WarcArchive hands over the digest it took for deduplication: warcio does not read
    the body for it again, and the file is the one it writes when it computes it."""
    paths = []
    for name, digest in (("computed", None), ("given", payload_digest(GZIPPED))):
        writer = writer_in(tmp_path / name)
        writer.write_exchange(exchange(), metadata=[("fetchTimeMs", "12")],
                              payload_digest=digest)
        writer.write_exchange(exchange(body=b"cut", truncated="length"),
                              payload_digest=digest and payload_digest(b"cut"))
        writer.close()
        paths.append(writer.closed_files[0])
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_each_member_is_warcios_gzip_at_the_level_asked_for():
    """warcio's writer compresses at level 9 only; ours at the level set, same stream."""
    def record():
        return WarcRecordFactory(make_id=fixed_ids()).response(exchange())

    warcios = io.BytesIO()
    WARCWriter(warcios, gzip=True, warc_version="1.1").write_record(record())
    assert gzip_member(record(), 9) == warcios.getvalue()
    fast = gzip_member(record(), 1)
    assert fast != warcios.getvalue()
    assert gzip.decompress(fast) == gzip.decompress(warcios.getvalue())


def test_a_file_written_at_the_fastest_level_reads_back_whole(tmp_path):
    writer = RollingWarcWriter(
        tmp_path, prefix="test", max_size=10**9, warcinfo_fields={"software": "test"},
        factory=WarcRecordFactory(make_id=fixed_ids()), clock=lambda: STARTED, host="box",
        gzip_level=1)
    written = writer.write_exchange(exchange())
    writer.close()
    records = read_records(tmp_path / written.warc_file)
    assert [r[0] for r in records] == ["warcinfo", "response", "request"]
    assert records[1][3] == GZIPPED


def test_a_gzip_level_out_of_range_is_a_usage_error():
    assert setting_overrides(["ARCHIVER_WARC_GZIP_LEVEL=1"]) == {"ARCHIVER_WARC_GZIP_LEVEL": "1"}
    for wrong in ("0", "10", "fast"):
        with pytest.raises(UsageError, match="ARCHIVER_WARC_GZIP_LEVEL: must be one of 1, 2"):
            setting_overrides([f"ARCHIVER_WARC_GZIP_LEVEL={wrong}"])
