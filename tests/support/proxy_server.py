"""A tiny forwarding HTTP proxy on 127.0.0.1 that demands Proxy-Authorization (Basic).

Requests in absolute form (`GET http://news.test/a.html HTTP/1.1`) go to one
origin server whatever their host, so a test can crawl made-up host names
without any name lookup. The Host header and the path are passed on as
received; Proxy-* and hop-by-hop headers are not. Every request received is
kept in `requests` (request line and headers) for the test to inspect.
"""

from __future__ import annotations

import base64
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

import attrs

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authorization", "proxy-connection",
                        "te", "trailer", "transfer-encoding", "upgrade"})


@attrs.frozen
class ProxiedRequest:
    request_line: str
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


class ForwardingProxy:
    def __init__(self, origin_port: int, user: str, password: str) -> None:
        self.origin_port = origin_port
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.requests: list[ProxiedRequest] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.proxy = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def __enter__(self) -> ForwardingProxy:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        proxy: ForwardingProxy = self.server.proxy  # type: ignore[attr-defined]
        proxy.requests.append(ProxiedRequest(self.requestline, list(self.headers.items())))
        if self.headers.get("Proxy-Authorization") != proxy.expected:
            self._send(407, [("Proxy-Authenticate", 'Basic realm="test"')], b"")
            return
        target = urlsplit(self.path)
        path = target.path or "/"
        path += f"?{target.query}" if target.query else ""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        origin = http.client.HTTPConnection("127.0.0.1", proxy.origin_port, timeout=10)
        try:
            origin.request("GET", path, headers=headers)
            reply = origin.getresponse()
            body = reply.read()
            kept = [(k, v) for k, v in reply.getheaders()
                    if k.lower() not in HOP_BY_HOP | {"content-length"}]
            self._send(reply.status, kept, body)
        finally:
            origin.close()

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass
