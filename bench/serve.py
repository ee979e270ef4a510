"""Serve a built benchmark site: pre-gzipped pages sent as stored, a sitemap, robots.txt.

Runs in its own process so that serving does not share the crawler's
interpreter; the bytes are read from disk once per request and sent with
`Content-Encoding: gzip`, so the server does no compression work.
"""

from __future__ import annotations

import argparse
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROBOTS = b"User-agent: *\nAllow: /\n"


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            if path == "/robots.txt":
                self._send(200, "text/plain", ROBOTS)
            elif path == "/sitemap.xml":
                self._send(200, "application/xml", (root / "sitemap.xml").read_bytes())
            elif path.startswith("/pages/") and path.endswith(".html"):
                file = root / "pages" / (Path(path).name + ".gz")
                if file.is_file():
                    self._send(200, "text/html; charset=utf-8", file.read_bytes(), gzip=True)
                else:
                    self._send(404, "text/plain", b"not found")
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, content_type: str, body: bytes, gzip: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            if gzip:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(args.root))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
