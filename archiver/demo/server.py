"""A real, quiet HTTP/1.1 server for the demo site; it records every exchange it handles.

Used by ``archiver demo`` and as the test fixture server. Run it by hand with
``python -m archiver.demo.server [--port N]``.
"""

from __future__ import annotations

import argparse
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

import attrs

from archiver.demo.messages import Reply, RequestInfo, html_reply
from archiver.demo.static import StaticSite

__all__ = ["DEMO_SITE_DIR", "Exchange", "Reply", "RequestInfo", "SiteServer", "main"]

DEMO_SITE_DIR = Path(__file__).resolve().parent / "site"
SERVER_NAME = "HarbourCourierDemo/1.0"
CHUNK_SIZE = 1024
NO_BODY_STATUSES = frozenset({204, 304})
Handler = Callable[[RequestInfo], Reply]


@attrs.define(kw_only=True)
class Exchange:
    """One request/response the server handled, exactly as sent."""

    method: str
    path: str
    """Request target including the query string."""
    host: str
    """The Host header received (empty if none)."""
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    """Response headers in the order sent, repeated headers kept."""
    body: bytes
    """Body bytes as sent (gzipped if gzipped; without chunk framing; empty for HEAD/304)."""

    def header(self, name: str) -> str | None:
        """The first response header called *name* (case-insensitive), or None."""
        return next(iter(self.headers_named(name)), None)

    def headers_named(self, name: str) -> list[str]:
        """All response header values called *name*, in the order sent."""
        return [value for key, value in self.response_headers if key.lower() == name.lower()]


class SiteServer:
    """Serves *root* (the demo site by default) on *host*:*port* from a daemon thread."""

    def __init__(self, root: Path = DEMO_SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = StaticSite(root)
        self.host = host
        self.exchanges: list[Exchange] = []
        self._requested_port = port
        self._routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("SiteServer is not started")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL on this server for a path such as ``/world/``."""
        return self.base_url + path

    def start(self) -> None:
        if self._httpd is not None:
            return
        self._httpd = _HTTPServer((self.host, self._requested_port), self)
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"SiteServer:{self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> SiteServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def add_route(self, path: str, handler: Handler) -> None:
        """Answer requests whose target equals *path* (query included) with *handler*."""
        self._routes[path] = handler

    def requests_for(self, path: str) -> list[Exchange]:
        """Exchanges whose request target equals *path* exactly (query string included)."""
        with self._lock:
            return [exchange for exchange in self.exchanges if exchange.path == path]

    def clear_exchanges(self) -> None:
        with self._lock:
            self.exchanges.clear()

    def placeholders(self) -> dict[str, str]:
        return {"{{BASE_URL}}": self.base_url, "{{PORT}}": str(self.port)}

    def handle(self, request: RequestInfo) -> Reply:
        route = self._routes.get(request.path)
        if route is not None:
            return route(request)
        return self.site.respond(request, self.placeholders())

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: SiteServer) -> None:
        self.owner = owner
        super().__init__(address, _RequestHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet about clients that hang up mid-response."""


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    timeout = 30

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def version_string(self) -> str:
        return SERVER_NAME

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the exchanges list is the log."""

    def _serve(self) -> None:
        request = self._request_info()
        reply = self._reply_for(request)
        headers = _response_headers(reply)
        sends_body = request.method != "HEAD" and reply.status not in NO_BODY_STATUSES
        body = reply.body if sends_body else b""
        reason = reply.reason or _reason(reply.status)
        self.server.owner.record(Exchange(
            method=request.method, path=request.path, host=request.header("Host", ""),
            request_headers=list(request.headers), status=reply.status, reason=reason,
            response_headers=headers, body=body))
        self._write(reply.status, reason, headers, body, reply.chunked and sends_body)

    def _request_info(self) -> RequestInfo:
        length = int(self.headers.get("Content-Length") or 0)
        return RequestInfo(method=self.command, path=self.path,
                           headers=tuple(self.headers.items()),
                           body=self.rfile.read(length) if length > 0 else b"")

    def _reply_for(self, request: RequestInfo) -> Reply:
        try:
            return self.server.owner.handle(request)
        except Exception:  # a broken route or file must not kill the connection silently
            return html_reply(500, "Internal Server Error", traceback.format_exc(limit=3))

    def _write(self, status: int, reason: str, headers: list[tuple[str, str]], body: bytes,
               chunked: bool) -> None:
        self.send_response_only(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(_chunk_framed(body) if chunked else body)
        self.wfile.flush()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _response_headers(reply: Reply) -> list[tuple[str, str]]:
    """Server and Date, the reply's headers, then framing unless the reply set its own."""
    headers = [("Server", SERVER_NAME), ("Date", formatdate(usegmt=True)), *reply.headers]
    names = {name.lower() for name, _ in reply.headers}
    if names & {"content-length", "transfer-encoding"} or reply.status in NO_BODY_STATUSES:
        return headers
    if reply.chunked:
        return [*headers, ("Transfer-Encoding", "chunked")]
    return [*headers, ("Content-Length", str(len(reply.body)))]


def _chunk_framed(body: bytes, size: int = CHUNK_SIZE) -> bytes:
    chunks = [body[i:i + size] for i in range(0, len(body), size)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
    return framed + b"0\r\n\r\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archiver.demo.server",
                                     description="Serve the bundled demo news site until Ctrl-C.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--root", type=Path, default=DEMO_SITE_DIR, help="site directory to serve")
    args = parser.parse_args(argv)
    # Started in the background by a shell, SIGINT arrives ignored; Ctrl-C must still stop.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with SiteServer(root=args.root, host=args.host, port=args.port) as server:
        print(f"Serving {args.root} at {server.base_url}/ (Ctrl-C to stop)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
