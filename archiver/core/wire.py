"""What went over the wire for one HTTP/1.x exchange, captured inside Twisted's HTTP client.

Twisted's client parser lower-cases header names (`HTTPParser.headerReceived`),
strips values, folds continuation lines together and files framing headers
(Content-Length, Transfer-Encoding, Connection, ...) apart from the others;
`Headers.getAllRawHeaders()` then hands names back in a canonical case.
Scrapy's Response is built from that, and keeps no reason phrase. The classes
here sit underneath: the parser keeps the status line and every header line as
received, and the request writer keeps the exact request head it sent.

Twisted bounds a single line (LineReceiver.MAX_LENGTH) but neither the number of
header lines nor their total size: a server sending header lines for ever grew
the crawl process by about 80 MB a second. The parser here cuts the head at
`HeadLimits` and ends the response there, without a body, with `Connection:
close`; `WireLog.cut` says why, for the download handler to report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from scrapy.core.downloader.handlers.http11 import (
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from twisted.web._newclient import HEADER, STATUS

if TYPE_CHECKING:
    from twisted.internet.defer import Deferred
    from twisted.internet.interfaces import IAddress
    from twisted.web._newclient import Request as TxRequest
    from twisted.web.iweb import IResponse

Header = tuple[bytes, bytes]
# Bounds on what is kept of the request head (its body is known from the Scrapy request).
MAX_REQUEST_HEAD = 64 * 1024
_END_OF_HEAD = b"\r\n\r\n"


@attrs.frozen
class HeadLimits:
    """Bounds on a response head (ARCHIVER_MAX_RESPONSE_HEADER_SIZE / _HEADERS)."""

    size: int
    """Bytes of status line and header lines, line ends included."""
    count: int
    """Header lines (continuation lines included)."""

    def exceeded(self, size: int, count: int) -> str | None:
        if size > self.size:
            return f"response head over {self.size} bytes (ARCHIVER_MAX_RESPONSE_HEADER_SIZE)"
        if count > self.count:
            return f"more than {self.count} header lines (ARCHIVER_MAX_RESPONSE_HEADERS)"
        return None


@attrs.define
class WireLog:
    """The status line, header lines and request head of one exchange, as bytes."""

    request_head: bytes = b""
    """Request line and headers exactly as written to the socket, blank line included."""
    status_line: bytes = b""
    """The response's status line without its line end, e.g. b"HTTP/1.1 200 OK Fine"."""
    headers: list[Header] = attrs.Factory(list)
    """(name, value) in order received: name as sent, value without surrounding blanks.
    A folded (obs-fold) value keeps its continuation lines, joined by CRLF."""
    cut: str | None = None
    """Why the head was cut short (HeadLimits.exceeded), or None."""

    def add_header_line(self, line: bytes) -> None:
        if line[:1] in (b" ", b"\t") and self.headers:
            name, value = self.headers[-1]
            self.headers[-1] = (name, value + b"\r\n" + line)
        elif b":" in line:  # lines without a colon are skipped, as Scrapy's parser does
            name, value = line.split(b":", 1)
            self.headers.append((name, value.strip(b" \t")))

    def restart_response(self) -> None:
        """Forget an interim (1xx) response: the final one follows."""
        self.status_line = b""
        self.headers = []


class RecordingTransport:
    """Passes writes through and keeps the request head (bounded) in a WireLog."""

    def __init__(self, transport: Any, log: WireLog) -> None:
        self._transport = transport
        self._log = log

    def write(self, data: bytes) -> None:
        self._keep(data)
        self._transport.write(data)

    def writeSequence(self, data: list[bytes]) -> None:  # noqa: N802 (Twisted's name)
        for piece in data:
            self._keep(piece)
        self._transport.writeSequence(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def _keep(self, data: bytes) -> None:
        head = self._log.request_head
        if _END_OF_HEAD in head or len(head) >= MAX_REQUEST_HEAD:
            return
        head += data
        end = head.find(_END_OF_HEAD)
        self._log.request_head = head[:end + 4] if end >= 0 else head[:MAX_REQUEST_HEAD]


class RecordingParser(_LenientHTTPClientParser):
    """Scrapy's lenient response parser that also fills `self.wire`.

    Installed by swapping `__class__` on the parser Twisted builds (as Scrapy
    does for its own parser); `wire` is set right after the swap.
    """

    wire: WireLog
    limits: HeadLimits
    _head_size = 0
    _head_lines = 0

    def lineReceived(self, line: bytes) -> None:  # noqa: N802 (Twisted's name)
        raw = line.removesuffix(b"\r")
        self._head_size += len(line) + 1
        if self.state == HEADER and raw:
            self._head_lines += 1
            cut = self.limits.exceeded(self._head_size, self._head_lines)
            if cut:
                self._cut_head(cut)
                return
        if self.state == STATUS:
            self.wire.status_line = raw
        elif self.state == HEADER and raw:
            self.wire.add_header_line(raw)
        super().lineReceived(line)

    def allHeadersReceived(self) -> None:  # noqa: N802 (Twisted's name)
        # Twisted fires the response deferred (and so Scrapy's callbacks) inside
        # this call, so the log must be on the response before it.
        if 100 <= self.response.code < 200:
            self.wire.restart_response()
            self._head_size = self._head_lines = 0
        else:
            self.response.archiver_wire = self.wire
        super().allHeadersReceived()

    def _cut_head(self, reason: str) -> None:
        """End the response here: no body, and the connection is not reused."""
        self.wire.cut = reason
        if 100 <= self.response.code < 200:  # an interim response: there is no final one
            self.transport.loseConnection()  # to archive; the fetch fails as a hang-up does
            return
        self._partialHeader = None  # a folded header still coming is left out
        self.connHeaders.setRawHeaders(b"connection", [b"close"])
        self.connHeaders.setRawHeaders(b"content-length", [b"0"])
        self.connHeaders.removeHeader(b"transfer-encoding")
        self.allHeadersReceived()


class RecordingClientProtocol(_LenientHTTP11ClientProtocol):
    limits: HeadLimits

    def request(self, request: TxRequest) -> Deferred[IResponse]:
        log = WireLog()
        write_to = request.writeTo
        request.writeTo = lambda transport: write_to(RecordingTransport(transport, log))
        deferred = super().request(request)
        if self._parser is not None:
            self._parser.__class__ = RecordingParser
            self._parser.wire = log
            self._parser.limits = self.limits
        return deferred


class RecordingClientFactory(_LenientHTTP11ClientFactory):
    def __init__(self, quiescent_callback: Any, metadata: Any, *, limits: HeadLimits) -> None:
        super().__init__(quiescent_callback, metadata)
        self.limits = limits

    def buildProtocol(self, addr: IAddress | None) -> RecordingClientProtocol:  # noqa: N802
        protocol = RecordingClientProtocol(self._quiescentCallback)
        protocol.limits = self.limits
        return protocol


def wire_log(txresponse: Any) -> WireLog | None:
    return getattr(txresponse, "archiver_wire", None)
