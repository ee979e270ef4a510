"""One HTTP fetch as it happened on the wire, independent of Scrapy's objects."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import attrs

Header = tuple[bytes, bytes]


@attrs.frozen(kw_only=True)
class HttpExchange:
    url: str
    """The requested URL, query string included."""
    method: str
    request_headers: list[Header]
    """Request headers as sent, in order."""
    request_body: bytes = b""
    request_head: bytes | None = None
    """Request line and headers exactly as sent (blank line included), when captured."""
    protocol: str = "HTTP/1.1"
    """Protocol of the response as Scrapy names it: "HTTP/1.1", "HTTP/1.0", "h2"."""
    status: int
    reason: str = ""
    """Reason phrase as received (or the standard one when it was not captured)."""
    status_line: bytes | None = None
    """The status line exactly as received, when captured (HTTP/1.x only)."""
    response_headers: list[Header]
    """Response headers in order, every repeated value kept."""
    headers_as_received: bool = False
    """True when `response_headers` are the wire's: names as sent, framing headers included.
    False when they are Scrapy's reconstruction (canonical names, framing dropped)."""
    body: bytes
    """Response body as received: de-chunked but still content-encoded."""
    started_at: datetime
    """When the fetch started (UTC)."""
    ip_address: str | None = None
    truncated: str | None = None
    """Why the body is incomplete ("length", "time", "disconnect"), or None."""
    browser: bool = False
    """True when a browser made the request (archiver.browser): headers as the browser
    reported them, body with its content encoding undone."""

    @property
    def is_http1(self) -> bool:
        return self.protocol.upper().startswith("HTTP/1.")

    @property
    def request_target(self) -> str:
        """The request line's target: path plus query string."""
        parts = urlsplit(self.url)
        target = parts.path or "/"
        return f"{target}?{parts.query}" if parts.query else target

    @property
    def host_header(self) -> str:
        return urlsplit(self.url).netloc
