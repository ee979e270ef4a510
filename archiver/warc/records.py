"""Build WARC records (warcinfo, request, response) from captured exchanges.

Building is kept apart from writing so that tests can inject record ids and
dates and compare exact bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from io import BytesIO

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders

from archiver.warc.exchange import Header, HttpExchange

WARC_VERSION = "WARC/1.1"
# Header-level changes between the wire and the stored record, stated in every
# warcinfo record so that readers know what to expect.
HEADER_CHANGES = (
    "Transfer-Encoding: chunked is removed and Content-Length set to the stored body length, "
    "because the HTTP client has already undone the chunking; header names are stored as "
    "Scrapy normalizes them (Title-Case); bodies stay content-encoded as received."
)
# Hop-by-hop framing that no longer describes the stored (de-chunked) body.
_FRAMING_HEADERS = {b"transfer-encoding", b"content-length"}


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def warc_date(moment: datetime) -> str:
    """WARC/1.1 date: UTC with microseconds."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class RawHttpHeaders(StatusAndHeaders):
    """HTTP headers that are written exactly as the given bytes.

    warcio re-serializes header blocks and %-encodes any non-ASCII value
    (StatusAndHeaders.to_ascii_bytes); archived headers must keep the bytes
    the server sent, so the block is built here and handed over as is.
    """

    def __init__(self, statusline: str, headers: list[tuple[str, str]], raw: bytes, **kw):
        super().__init__(statusline, headers, **kw)
        self.raw = raw

    def compute_headers_buffer(self, header_filter=None) -> None:  # noqa: ARG002
        self.headers_buff = self.raw


def header_block(first_line: bytes, headers: Iterable[Header]) -> bytes:
    lines = [first_line] + [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _as_text(headers: Iterable[Header]) -> list[tuple[str, str]]:
    return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]


def stored_response_headers(exchange: HttpExchange) -> list[Header]:
    """Response headers as stored: framing made to match the de-chunked body."""
    kept = [(n, v) for n, v in exchange.response_headers if n.lower() not in _FRAMING_HEADERS]
    kept.append((b"Content-Length", str(len(exchange.body)).encode()))
    return kept


def stored_request_headers(exchange: HttpExchange) -> list[Header]:
    names = {n.lower() for n, _ in exchange.request_headers}
    host = [] if b"host" in names else [(b"Host", exchange.host_header.encode("idna"))]
    return host + list(exchange.request_headers)


class WarcRecordFactory:
    """Turns exchanges into warcio records; ids come from `make_id`."""

    def __init__(self, make_id: Callable[[], str] = new_record_id) -> None:
        self._builder = RecordBuilder(warc_version=WARC_VERSION)
        self._make_id = make_id

    def warcinfo(self, filename: str, fields: dict[str, str], date: datetime) -> ArcWarcRecord:
        body = "".join(f"{key}: {value}\r\n" for key, value in fields.items()).encode("utf-8")
        return self._builder.create_warc_record(
            "", "warcinfo", payload=BytesIO(body), length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict=self._base_headers(date) | {"WARC-Filename": filename},
        )

    def response(self, exchange: HttpExchange) -> ArcWarcRecord:
        status_line = f"{exchange.status} {exchange.reason}".rstrip()
        headers = stored_response_headers(exchange)
        raw = header_block(f"{exchange.protocol} {status_line}".encode("latin-1"), headers)
        http_headers = RawHttpHeaders(status_line, _as_text(headers), raw,
                                      protocol=exchange.protocol)
        warc_headers = self._base_headers(exchange.started_at)
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        return self._builder.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
            warc_headers_dict=warc_headers, http_headers=http_headers,
        )

    def request(self, exchange: HttpExchange, concurrent_to: str) -> ArcWarcRecord:
        request_line = f"{exchange.method} {exchange.request_target} HTTP/1.1"
        headers = stored_request_headers(exchange)
        raw = header_block(request_line.encode("latin-1"), headers)
        http_headers = RawHttpHeaders(request_line, _as_text(headers), raw, is_http_request=True)
        warc_headers = self._base_headers(exchange.started_at)
        warc_headers["WARC-Concurrent-To"] = concurrent_to
        if exchange.ip_address:
            warc_headers["WARC-IP-Address"] = exchange.ip_address
        body = exchange.request_body
        return self._builder.create_warc_record(
            exchange.url, "request", payload=BytesIO(body), length=len(body),
            warc_headers_dict=warc_headers, http_headers=http_headers,
        )

    def _base_headers(self, date: datetime) -> dict[str, str]:
        return {"WARC-Record-ID": self._make_id(), "WARC-Date": warc_date(date)}
