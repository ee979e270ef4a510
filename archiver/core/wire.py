"""What went over the wire for one HTTP/1.x exchange, captured inside Twisted's HTTP client.

Twisted's client parser lower-cases header names (`HTTPParser.headerReceived`),
strips values, folds continuation lines together and files framing headers
(Content-Length, Transfer-Encoding, Connection, ...) apart from the others;
`Headers.getAllRawHeaders()` then hands names back in a canonical case.
Scrapy's Response is built from that, and keeps no reason phrase. The classes
here sit underneath: the parser keeps the status line and every header line as
received, and the request writer keeps the exact request head it sent.
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

    def lineReceived(self, line: bytes) -> None:  # noqa: N802 (Twisted's name)
        raw = line.removesuffix(b"\r")
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
        else:
            self.response.archiver_wire = self.wire
        super().allHeadersReceived()


class RecordingClientProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: TxRequest) -> Deferred[IResponse]:
        log = WireLog()
        write_to = request.writeTo
        request.writeTo = lambda transport: write_to(RecordingTransport(transport, log))
        deferred = super().request(request)
        if self._parser is not None:
            self._parser.__class__ = RecordingParser
            self._parser.wire = log
        return deferred


class RecordingClientFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: IAddress | None) -> RecordingClientProtocol:  # noqa: N802
        return RecordingClientProtocol(self._quiescentCallback)


def wire_log(txresponse: Any) -> WireLog | None:
    return getattr(txresponse, "archiver_wire", None)
