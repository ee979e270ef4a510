"""Build WARC records (warcinfo, response, revisit, request, metadata) from exchanges.

Building is kept apart from writing so that tests can inject record ids and
dates and compare exact bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from io import BytesIO

import attrs
from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders

from archiver.warc.exchange import Header, HttpExchange
from archiver.warc.framing import (
    header_block,
    parse_head,
    request_head,
    status_line,
    stored_response_headers,
)

WARC_VERSION = "WARC/1.1"
IDENTICAL_PAYLOAD = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
Fields = list[tuple[str, str]]


@attrs.frozen(kw_only=True)
class Original:
    """The response record a revisit refers to."""

    record_id: str
    target_uri: str
    date: str
    """Its WARC-Date."""
    payload_digest: str


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


def _as_text(headers: Iterable[Header]) -> list[tuple[str, str]]:
    return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in headers]


def response_http_headers(exchange: HttpExchange) -> RawHttpHeaders:
    first = status_line(exchange)
    protocol, _, rest = first.decode("latin-1").partition(" ")
    headers = stored_response_headers(exchange)
    raw = header_block(first, headers)
    return RawHttpHeaders(rest, _as_text(headers), raw, protocol=protocol)


def warc_fields(fields: Fields) -> bytes:
    return "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")


class WarcRecordFactory:
    """Turns exchanges into warcio records; ids come from `make_id`."""

    def __init__(self, make_id: Callable[[], str] = new_record_id) -> None:
        self._builder = RecordBuilder(warc_version=WARC_VERSION)
        self._make_id = make_id

    def warcinfo(self, filename: str, fields: dict[str, str], date: datetime) -> ArcWarcRecord:
        body = warc_fields(list(fields.items()))
        return self._builder.create_warc_record(
            "", "warcinfo", payload=BytesIO(body), length=len(body),
            warc_content_type="application/warc-fields",
            warc_headers_dict=self._base_headers(date) | {"WARC-Filename": filename},
        )

    def response(self, exchange: HttpExchange,
                 payload_digest: str | None = None) -> ArcWarcRecord:
        """`payload_digest`: the body's, when the caller has it already (WarcArchive does);
        warcio then does not read the body to compute it again. The record is the same,
        byte for byte: the headers warcio would add stand where it would add them."""
        warc_headers = self._exchange_headers(exchange)
        if exchange.truncated:
            warc_headers["WARC-Truncated"] = exchange.truncated
        if payload_digest:
            # warcio's order: it sets WARC-Type and WARC-Target-URI in place where present,
            # else after the given headers, then adds the digest it computes.
            warc_headers |= {"WARC-Type": "response", "WARC-Target-URI": exchange.url,
                             "WARC-Payload-Digest": payload_digest}
        return self._builder.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
            warc_headers_dict=warc_headers, http_headers=response_http_headers(exchange),
        )

    def revisit(self, exchange: HttpExchange, original: Original | None,
                profile: str = IDENTICAL_PAYLOAD) -> ArcWarcRecord:
        """A revisit: the HTTP head only, the payload found through `original`.

        warcio's create_revisit_record wants a digest and the original's URI and
        date but not its record id (WARC-Refers-To), and server-not-modified
        revisits may have no original at all, so the headers are set here.
        """
        warc_headers = self._exchange_headers(exchange) | {"WARC-Profile": profile}
        if profile == IDENTICAL_PAYLOAD:
            warc_headers["WARC-Truncated"] = "length"
        if original is not None:
            warc_headers |= {
                "WARC-Refers-To": original.record_id,
                "WARC-Refers-To-Target-URI": original.target_uri,
                "WARC-Refers-To-Date": original.date,
                "WARC-Payload-Digest": original.payload_digest,
            }
        return self._builder.create_warc_record(
            exchange.url, "revisit", warc_headers_dict=warc_headers,
            http_headers=response_http_headers(exchange),
        )

    def request(self, exchange: HttpExchange, concurrent_to: str) -> ArcWarcRecord:
        raw = request_head(exchange)
        first_line, headers = parse_head(raw)
        http_headers = RawHttpHeaders(first_line, headers, raw, is_http_request=True)
        warc_headers = self._exchange_headers(exchange)
        warc_headers["WARC-Concurrent-To"] = concurrent_to
        body = exchange.request_body
        return self._builder.create_warc_record(
            exchange.url, "request", payload=BytesIO(body), length=len(body),
            warc_headers_dict=warc_headers, http_headers=http_headers,
        )

    def resource(self, target_uri: str, content_type: str, body: bytes, date: datetime,
                 concurrent_to: str) -> ArcWarcRecord:
        """A `resource` record: what the browser made of a page (its rendered DOM, a
        screenshot), linked to the page's response (browsertrix writes these too)."""
        warc_headers = self._base_headers(date) | {"WARC-Concurrent-To": concurrent_to}
        return self._builder.create_warc_record(
            target_uri, "resource", payload=BytesIO(body), length=len(body),
            warc_content_type=content_type, warc_headers_dict=warc_headers,
        )

    def metadata(self, target_uri: str, concurrent_to: str, date: datetime,
                 fields: Fields) -> ArcWarcRecord:
        body = warc_fields(fields)
        warc_headers = self._base_headers(date) | {"WARC-Concurrent-To": concurrent_to}
        return self._builder.create_warc_record(
            target_uri, "metadata", payload=BytesIO(body), length=len(body),
            warc_content_type="application/warc-fields", warc_headers_dict=warc_headers,
        )

    def _exchange_headers(self, exchange: HttpExchange) -> dict[str, str]:
        headers = self._base_headers(exchange.started_at)
        headers["WARC-Protocol"] = exchange.protocol.lower()
        if exchange.ip_address:
            headers["WARC-IP-Address"] = exchange.ip_address
        return headers

    def _base_headers(self, date: datetime) -> dict[str, str]:
        return {"WARC-Record-ID": self._make_id(), "WARC-Date": warc_date(date)}
