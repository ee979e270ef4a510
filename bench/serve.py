"""Serve a built benchmark site: pre-gzipped pages sent as stored, a sitemap, robots.txt,
and the pages' requisites.

Runs in its own process so that serving does not share the crawler's
interpreter; the bytes are read from disk once per request and sent with
`Content-Encoding: gzip`, so the server does no compression work. The shared
stylesheet, font and logo are files in DIR/assets/; any other image, stylesheet or
script a page names (the templates' own, each page's photo) is answered with
bytes made from its path, so that each is a distinct payload of a few KB.
"""

from __future__ import annotations

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROBOTS = b"User-agent: *\nAllow: /\n"
ASSET_TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png",
               ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".svg": "image/svg+xml", ".ico": "image/x-icon",
               ".woff2": "font/woff2"}
ASSET_SIZE = 6000
PAGE_TYPE = "text/html; charset=utf-8"


def made_up(path: str) -> bytes:
    """A distinct body for a requisite that has no file: its path, repeated to a few KB."""
    seed = f"/* {path} */\n".encode()
    return (seed * (ASSET_SIZE // len(seed) + 1))[:ASSET_SIZE]


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    # A site of real pages says so: their encodings vary, so no charset is claimed for them.
    manifest = root / "manifest.json"
    page_type = (json.loads(manifest.read_text()).get("content_type", PAGE_TYPE)
                 if manifest.is_file() else PAGE_TYPE)

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
                    self._send(200, page_type, file.read_bytes(), gzip=True)
                else:
                    self._send(404, "text/plain", b"not found")
            elif (root / "assets" / Path(path).name).is_file() and path.startswith("/assets/"):
                file = root / "assets" / Path(path).name
                self._send(200, ASSET_TYPES.get(file.suffix, "application/octet-stream"),
                           file.read_bytes())
            elif Path(path).suffix.lower() in ASSET_TYPES:
                self._send(200, ASSET_TYPES[Path(path).suffix.lower()], made_up(path))
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
