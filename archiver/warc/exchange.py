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
    protocol: str = "HTTP/1.1"
    """Protocol version of the response, e.g. "HTTP/1.1"."""
    status: int
    reason: str = ""
    response_headers: list[Header]
    """Response headers as received, in order, every repeated value kept."""
    body: bytes
    """Response body as received: de-chunked but still content-encoded."""
    started_at: datetime
    """When the fetch started (UTC)."""
    ip_address: str | None = None
    truncated: str | None = None
    """Why the body is incomplete ("length", "time", "disconnect"), or None."""

    @property
    def request_target(self) -> str:
        """The request line's target: path plus query string."""
        parts = urlsplit(self.url)
        target = parts.path or "/"
        return f"{target}?{parts.query}" if parts.query else target

    @property
    def host_header(self) -> str:
        return urlsplit(self.url).netloc
