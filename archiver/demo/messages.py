"""What the demo server's handlers receive and return, independent of the HTTP transport."""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class RequestInfo:
    """One request as a handler sees it."""

    method: str
    """HTTP method, upper case (``GET``, ``HEAD``, ``POST``)."""
    path: str
    """Request target as received: path plus query string, e.g. ``/world/x.html?ref=home``."""
    headers: tuple[tuple[str, str], ...] = ()
    """Request headers in the order received, repeated headers kept."""
    body: bytes = b""
    """Request body (read using Content-Length), empty for GET."""

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first header called *name* (case-insensitive), or *default*."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)


@attrs.define
class Reply:
    """A response for the server to send.

    The server adds ``Server`` and ``Date``, and ``Content-Length`` (or ``Transfer-Encoding:
    chunked`` when *chunked*) unless *headers* already has one of them.
    """

    status: int = 200
    headers: list[tuple[str, str]] = attrs.Factory(list)
    """Headers in the order to send them, repeated names allowed."""
    body: bytes = b""
    """Body bytes as they go on the wire, before any chunk framing (already gzipped if so)."""
    chunked: bool = False
    """Send the body with ``Transfer-Encoding: chunked`` framing."""
    reason: str | None = None
    """Reason phrase; the standard one for *status* when None."""


def html_reply(status: int, title: str, message_html: str,
               headers: list[tuple[str, str]] | None = None) -> Reply:
    """A small HTML page, as servers send with errors and redirects."""
    body = (f"<!DOCTYPE html>\n<html><head><title>{title}</title></head>\n"
            f"<body><h1>{title}</h1>\n<p>{message_html}</p></body></html>\n").encode()
    content = [("Content-Type", "text/html; charset=utf-8")]
    return Reply(status=status, headers=content + list(headers or ()), body=body)
