"""Servers that misbehave on purpose: bodies streamed for ever, dripped, cut by a reset.

`RawServer` answers on 127.0.0.1 from a plain socket, so that a test can send
what `SiteServer` (which builds whole replies) cannot: a 100 MB body streamed
in pieces (never held in memory), one byte a second, a connection reset in
the middle of a body. It logs each request's path in `requests`.
"""

from __future__ import annotations

import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable

Route = Callable[[socket.socket], None]
PIECE = b"<p>" + b"x" * 1020 + b"</p>\n"  # 1 KiB of HTML


def head(length: int | None, content_type: str = "text/html; charset=utf-8") -> bytes:
    lines = ["HTTP/1.1 200 OK", f"Content-Type: {content_type}", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def stream_big(total: int) -> Route:
    """A body of `total` bytes written piece by piece until the client hangs up."""

    def route(sock: socket.socket) -> None:
        sock.sendall(head(total) + b"<!DOCTYPE html><html><body>")
        sent, block = 0, PIECE * 64
        while sent < total:
            sock.sendall(block)
            sent += len(block)

    return route


def drip(length: int, every: float = 1.0) -> Route:
    """One byte every `every` seconds."""

    def route(sock: socket.socket) -> None:
        sock.sendall(head(length))
        for _ in range(length):
            sock.sendall(b" ")
            time.sleep(every)

    return route


def reset_mid_body(sock: socket.socket) -> None:
    sock.sendall(head(100_000) + b"<!DOCTYPE html><html><body>" + PIECE * 4)
    time.sleep(0.2)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()  # SO_LINGER 0: the peer gets a RST


class RawServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = self.request.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                path = data.split(b" ", 2)[1].decode("latin-1")
                owner.requests.append(path)
                route = owner.routes.get(path)
                try:
                    if route is None:
                        self.request.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0"
                                             b"\r\nConnection: close\r\n\r\n")
                    else:
                        route(self.request)
                except OSError:  # the client hung up, as it should on a body too big
                    pass

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
