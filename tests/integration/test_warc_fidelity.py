"""Wire fidelity: what the server sent (its own log) is what the WARC holds, byte for byte."""

from __future__ import annotations

import gzip

import brotli
import pytest

from archiver.demo.server import Reply, SiteServer
from tests.support.warc_runs import crawl_into, rows_in, scrapy_crawl

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def page(name: str) -> bytes:
    """An HTML page of its own: equal payloads would be stored once and then revisited."""
    return (f"<!DOCTYPE html><html><head><title>{name}</title></head><body>".encode()
            + b"<p>The harbour ferry runs again.</p>" * 40 + b"</body></html>")


PAGE = page("fine")
HTML = ("Content-Type", "text/html; charset=utf-8")
# Header values are str that the server encodes as latin-1: these are the bytes
# c3 a9 (UTF-8 e-acute) and e8 (latin-1 e-grave).
NON_ASCII = "caf\xc3\xa9 cr\xe8me"
ROUTES = {
    "/fine": Reply(200, reason="OK Fine", body=PAGE, headers=[
        HTML, ("X-MiXeD-CaSe", "Kept"), ("x-all-lower", "kept too"),
        ("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/"),
        ("X-Note", NON_ASCII)]),
    "/search?q=harbour&page=2": Reply(200, body=page("search"), headers=[HTML]),
    "/gz": Reply(200, body=gzip.compress(page("gz"), mtime=0),
                 headers=[HTML, ("Content-Encoding", "gzip")]),
    "/br": Reply(200, body=brotli.compress(page("br")),
                 headers=[HTML, ("Content-Encoding", "br")]),
    "/chunked": Reply(200, body=PAGE * 3, headers=[HTML], chunked=True),
    "/chain/1": Reply(301, headers=[("Location", "/chain/2")], body=b"moved"),
    "/chain/2": Reply(301, headers=[("Location", "/chain/3")], body=b"moved again"),
    "/chain/3": Reply(200, body=page("chain"), headers=[HTML]),
    # Announces 5000 bytes, sends 2000 and hangs up (Scrapy retries it twice).
    "/cut": Reply(200, body=page("cut")[:2000], headers=[
        HTML, ("Content-Length", "5000"), ("Connection", "close")]),
}
SEEDS = ["/fine", "/search?q=harbour&page=2", "/gz", "/br", "/chunked", "/chain/1", "/cut"]


@pytest.fixture(scope="module")
def fidelity(tmp_path_factory):
    out = tmp_path_factory.mktemp("fidelity")
    with SiteServer() as server:
        for path, reply in ROUTES.items():
            server.add_route(path, lambda request, reply=reply: reply)
        run = crawl_into(out, [server.url(path) for path in SEEDS], "--depth", "0",
                         partial=True)  # /cut fails
        yield server, rows_in(run.warcs)


def stored(rows, url, rec_type="response"):
    [row] = [r for r in rows if r.uri == url and r.type == rec_type]
    return row


def sent_head(exchange, drop=()) -> bytes:
    """The head the server wrote, from its log (framing headers in `drop` left out)."""
    lines = [f"HTTP/1.1 {exchange.status} {exchange.reason}".encode("latin-1")]
    lines += [f"{name}: {value}".encode("latin-1") for name, value in exchange.response_headers
              if name.lower() not in drop]
    return b"\r\n".join(lines)


@pytest.mark.parametrize("path", ["/fine", "/search?q=harbour&page=2", "/gz", "/br",
                                  "/chain/1", "/chain/2", "/chain/3"])
def test_status_line_headers_and_body_are_stored_as_sent(fidelity, path):
    server, rows = fidelity
    [exchange] = server.requests_for(path)
    row = stored(rows, server.url(path))
    assert row.head == sent_head(exchange) + b"\r\n\r\n"
    assert row.body == exchange.body
    assert row.headers["WARC-Protocol"] == "http/1.1"
    assert "WARC-Truncated" not in row.headers


def test_reason_phrase_case_repeats_and_non_ascii_bytes(fidelity):
    server, rows = fidelity
    lines = stored(rows, server.url("/fine")).head_lines()
    assert lines[0] == b"HTTP/1.1 200 OK Fine"
    assert b"X-MiXeD-CaSe: Kept" in lines and b"x-all-lower: kept too" in lines
    assert [line for line in lines if line.startswith(b"Set-Cookie")] == [
        b"Set-Cookie: a=1; Path=/", b"Set-Cookie: b=2; Path=/"]
    assert b"X-Note: caf\xc3\xa9 cr\xe8me" in lines


def test_chunked_body_is_stored_dechunked_and_the_change_is_recorded(fidelity):
    server, rows = fidelity
    [exchange] = server.requests_for("/chunked")
    row = stored(rows, server.url("/chunked"))
    expected = sent_head(exchange, drop=("transfer-encoding",))
    assert row.head == expected + f"\r\nContent-Length: {len(PAGE) * 3}\r\n\r\n".encode()
    assert row.body == exchange.body == PAGE * 3
    metadata = stored(rows, server.url("/chunked"), "metadata").body.decode()
    assert "http-header-change: removed Transfer-Encoding: chunked\r\n" in metadata
    assert f"http-header-change: added Content-Length: {len(PAGE) * 3}\r\n" in metadata


def test_body_cut_short_is_stored_truncated(fidelity):
    server, rows = fidelity
    exchanges = server.requests_for("/cut")
    stored_rows = [r for r in rows if r.uri == server.url("/cut") and r.type == "response"]
    assert len(stored_rows) == len(exchanges) == 3  # first try and two retries
    for exchange, row in zip(exchanges, stored_rows, strict=True):
        assert row.headers["WARC-Truncated"] == "disconnect"
        assert row.body == exchange.body == page("cut")[:2000]
        assert row.head == sent_head(exchange) + b"\r\n\r\n"  # Content-Length: 5000 as sent


def test_request_head_is_stored_as_sent(fidelity):
    server, rows = fidelity
    for path in SEEDS:
        exchange = server.requests_for(path)[0]
        request = [r for r in rows if r.uri == server.url(path) and r.type == "request"][0]
        lines = request.head_lines()
        assert lines[0] == f"GET {path} HTTP/1.1".encode()
        assert lines[1:] == [f"{n}: {v}".encode("latin-1") for n, v in exchange.request_headers]


def test_metadata_records_how_each_fetch_was_found(fidelity):
    server, rows = fidelity
    responses = {r.id: r for r in rows if r.type in ("response", "revisit")}
    metadata = [r for r in rows if r.type == "metadata"]
    assert len(metadata) == len(responses)
    fields = {}
    for record in metadata:
        assert record.headers["WARC-Concurrent-To"] in responses
        fields[record.uri] = dict(line.split(": ", 1) for line in record.body.decode().splitlines())
    assert fields[server.url("/chain/1")]["hopsFromSeed"] == "-"
    assert fields[server.url("/chain/3")]["hopsFromSeed"] == "RR"
    assert fields[server.url("/chain/3")]["via"] == server.url("/chain/2")
    assert int(fields[server.url("/fine")]["fetchTimeMs"]) >= 0
    assert "article-record-id" in fields[server.url("/fine")]


def test_downloads_over_maxsize_keep_their_first_bytes(tmp_path):
    body = PAGE * 20
    with SiteServer() as server:
        server.add_route("/big", lambda request: Reply(200, body=body, headers=[HTML]))
        server.add_route("/big-chunked",
                         lambda request: Reply(200, body=body, headers=[HTML], chunked=True))
        done = scrapy_crawl(tmp_path, [server.url("/big"), server.url("/big-chunked")],
                            DOWNLOAD_MAXSIZE=4096, ARCHIVER_DEPTH=0)
        assert done.returncode == 0, done.stderr[-3000:]
        rows = rows_in(sorted((tmp_path / "warc").glob("*.warc.gz")))
        for path in ("/big", "/big-chunked"):
            row = stored(rows, server.url(path))
            assert row.headers["WARC-Truncated"] == "length"
            assert row.body == body[:4096]
