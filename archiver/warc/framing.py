"""The HTTP head stored for an exchange, and what differs from the wire.

With the archiving download handler (archiver.core.download_handler) the status line and
the header lines are stored as received. One thing cannot be: Twisted has
already undone chunked transfer coding when the body reaches us, so a chunked
response is stored with its Transfer-Encoding removed and a Content-Length for
the stored (de-chunked, still content-encoded) body. Each such change is listed
per response in its metadata record (`http-header-change`), and in general in
every warcinfo record (HEADER_CHANGES).
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus

from archiver.warc.exchange import Header, HttpExchange

HEADER_CHANGES = (
    "Status line and header lines are stored as received (names in their case, order and "
    "repeats kept, non-ASCII bytes kept), except: blanks around a header value are "
    "trimmed to one space after the colon; line ends are stored as CRLF; header lines without "
    "a colon are dropped; a chunked response is stored de-chunked, without Transfer-Encoding "
    "and with Content-Length set to the stored body length; HTTP/2 responses get an "
    "HTTP/1.1 status line (WARC-Protocol says h2). Each change made to a record is listed in "
    "its metadata record (http-header-change). Bodies stay content-encoded as received."
)
_FRAMING = {b"transfer-encoding", b"content-length"}


def header_block(first_line: bytes, headers: Iterable[Header]) -> bytes:
    lines = [first_line] + [name + b": " + value for name, value in headers]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def standard_reason(status: int) -> str:
    return HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""


def status_line(exchange: HttpExchange) -> bytes:
    """The stored status line: as received for HTTP/1.x, HTTP/1.1-style otherwise."""
    if exchange.is_http1 and exchange.status_line:
        return exchange.status_line
    protocol = exchange.protocol if exchange.is_http1 else "HTTP/1.1"
    reason = exchange.reason or standard_reason(exchange.status)
    return f"{protocol} {exchange.status} {reason}".rstrip().encode("latin-1")


def is_chunked(headers: Iterable[Header]) -> bool:
    return any(name.lower() == b"transfer-encoding" and b"chunked" in value.lower()
               for name, value in headers)


def _needs_new_length(exchange: HttpExchange) -> bool:
    return not exchange.headers_as_received or is_chunked(exchange.response_headers)


def stored_response_headers(exchange: HttpExchange) -> list[Header]:
    """Response headers as stored: as received unless the framing must match the stored body."""
    if not _needs_new_length(exchange):
        return list(exchange.response_headers)
    kept = [(n, v) for n, v in exchange.response_headers if n.lower() not in _FRAMING]
    return [*kept, (b"Content-Length", str(len(exchange.body)).encode())]


def header_changes(exchange: HttpExchange) -> list[str]:
    """Human-readable list of what the stored head changes from the one received."""
    changes = []
    if not exchange.is_http1:
        changes.append(f"status line written HTTP/1.1-style for a {exchange.protocol} response")
    if exchange.browser:
        changes.append("headers as the browser reported them, not wire bytes; body as the "
                       "browser handed it over, content encoding undone (Content-Encoding "
                       "dropped)")
    elif not exchange.headers_as_received:
        changes.append("headers as rebuilt by Scrapy: names in canonical case, "
                       "connection headers (Connection, Keep-Alive, Transfer-Encoding) lost")
    if _needs_new_length(exchange):
        for name, value in exchange.response_headers:
            if name.lower() in _FRAMING:
                changes.append(f"removed {_text(name)}: {_text(value)}")
        changes.append(f"added Content-Length: {len(exchange.body)}")
    return changes


def _text(value: bytes) -> str:
    return value.decode("latin-1")


def request_head(exchange: HttpExchange) -> bytes:
    """The request head as sent when captured, else rebuilt from Scrapy's request."""
    if exchange.request_head:
        return exchange.request_head
    names = {n.lower() for n, _ in exchange.request_headers}
    host = [] if b"host" in names else [(b"Host", exchange.host_header.encode("idna"))]
    line = f"{exchange.method} {exchange.request_target} HTTP/1.1".encode("latin-1")
    return header_block(line, host + list(exchange.request_headers))


def parse_head(raw: bytes) -> tuple[str, list[tuple[str, str]]]:
    """First line and (name, value) pairs of a head, as latin-1 text for warcio."""
    lines = raw.rstrip(b"\r\n").split(b"\r\n")
    pairs = []
    for line in lines[1:]:
        if b":" in line:
            name, value = line.split(b":", 1)
            pairs.append((_text(name), _text(value.strip())))
    return _text(lines[0]), pairs
