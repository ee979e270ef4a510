"""The demo site and its HTTP server, exercised over real HTTP on 127.0.0.1."""

from __future__ import annotations

import gzip
import http.client
import signal
import socket
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs
import lxml.html
import pytest

from archiver.demo.server import DEMO_SITE_DIR, Reply, RequestInfo, SiteServer

SEED_PATH = "/russia-ukraine-war/kim-jong-un-pledges-support-for-families-of-fallen-soldiers.html"
GZIP_PATHS = [SEED_PATH, "/world/coastal-cities-race-to-raise-sea-walls.html",
              "/de/nachtzug-verbindet-port-alder-wieder-mit-wien.html"]
CHUNKED_PATH = "/business/ferry-operator-raises-fares-as-fuel-costs-bite.html"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@attrs.frozen
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer() as site_server:
        yield site_server


def fetch(server: SiteServer, path: str, headers: dict[str, str] | None = None,
          method: str = "GET", body: bytes | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return Response(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()


def raw_get(server: SiteServer, path: str) -> bytes:
    """The response bytes exactly as received on the socket."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(request.encode())
        chunks = []
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def dechunk(data: bytes) -> tuple[bytes, int]:
    body, chunks = b"", 0
    while True:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            assert data == b"\r\n"
            return body, chunks
        body, data, chunks = body + data[:size], data[size + 2:], chunks + 1


def sitemap_locs(server: SiteServer) -> list[str]:
    tree = ET.fromstring(fetch(server, "/sitemap.xml").body)
    return [loc.text or "" for loc in tree.iter(f"{{{SITEMAP_NS}}}loc")]


def article_paths(server: SiteServer) -> list[str]:
    return [loc.removeprefix(server.base_url) for loc in sitemap_locs(server)]


def test_home_page(server: SiteServer) -> None:
    resp = fetch(server, "/")
    assert resp.status == 200
    assert resp.header("Content-Type") == "text/html; charset=utf-8"
    assert resp.header("ETag") and resp.header("Last-Modified")
    html = resp.body.decode()
    hrefs = ["/world/", "/business/", "/private/internal-memo.html", "/go/skarv-point",
             "/news/2025/08/28/glacier-survey", "/world/harbour-tunnel-vote-postponed.html",
             "https://creativecommons.org/", f"http://localhost:{server.port}/world/", SEED_PATH]
    for href in hrefs:
        assert f'href="{href}' in html
    assert "{{" not in html


def test_directory_index_and_slash_redirect(server: SiteServer) -> None:
    assert fetch(server, "/world/").body == fetch(server, "/world/index.html").body
    resp = fetch(server, "/world")
    assert (resp.status, resp.header("Location")) == (301, "/world/")


@pytest.mark.parametrize("path", GZIP_PATHS)
def test_gzip_page(server: SiteServer, path: str) -> None:
    resp = fetch(server, path, {"Accept-Encoding": "gzip, deflate"})
    assert resp.header("Content-Encoding") == "gzip"
    assert resp.header("Vary") == "Accept-Encoding"
    html = gzip.decompress(resp.body).decode()
    assert "<h1" in html and f"{server.base_url}{path}" in html
    assert server.requests_for(path)[-1].body == resp.body
    assert fetch(server, path, {"Accept-Encoding": "gzip"}).body == resp.body  # mtime=0


def test_gzip_only_when_accepted(server: SiteServer) -> None:
    resp = fetch(server, SEED_PATH, {"Accept-Encoding": "identity"})
    assert resp.header("Content-Encoding") is None
    assert resp.header("Vary") == "Accept-Encoding"
    assert resp.body.startswith(b"<!DOCTYPE html>")


def test_chunked_page(server: SiteServer) -> None:
    head, _, framed = raw_get(server, CHUNKED_PATH).partition(b"\r\n\r\n")
    assert b"\r\nTransfer-Encoding: chunked" in head
    assert b"Content-Length" not in head
    body, chunks = dechunk(framed)
    assert chunks > 1
    assert body.startswith(b"<!DOCTYPE html>") and body.endswith(b"</html>\n")
    assert server.requests_for(CHUNKED_PATH)[-1].body == body
    assert fetch(server, CHUNKED_PATH).body == body


def test_repeated_set_cookie_headers(server: SiteServer) -> None:
    resp = fetch(server, "/")
    cookies = resp.all("Set-Cookie")
    assert [c.split("=")[0] for c in cookies] == ["hc_session", "hc_edition"]
    assert server.requests_for("/")[-1].headers_named("Set-Cookie") == cookies


def test_redirect(server: SiteServer) -> None:
    resp = fetch(server, "/news/2025/08/28/glacier-survey")
    target = f"{server.base_url}/world/varden-glaciers-lost-a-tenth-of-their-ice.html"
    assert (resp.status, resp.header("Location")) == (301, target)
    assert b"<a href=" in resp.body
    assert resp.header("Content-Type") == "text/html; charset=utf-8"
    assert int(resp.header("Content-Length") or 0) == len(resp.body)


def test_redirect_chain(server: SiteServer) -> None:
    first = fetch(server, "/go/skarv-point")
    hop = "/archive/2025/08/skarv-point-museum.html"
    assert (first.status, first.header("Location")) == (302, hop)
    second = fetch(server, first.header("Location") or "")
    assert second.status == 301
    with urllib.request.urlopen(server.url("/go/skarv-point"), timeout=5) as final:
        assert final.url.endswith("/world/lighthouse-keepers-cottage-reopens-as-museum.html")
        assert final.status == 200


@pytest.mark.parametrize("path", ["/world/harbour-tunnel-vote-postponed.html", "/_site.json",
                                  "/../server.py", "/%2e%2e/server.py", "/world/../../server.py"])
def test_not_found(server: SiteServer, path: str) -> None:
    resp = fetch(server, path)
    assert resp.status == 404
    assert resp.header("Content-Type") == "text/html; charset=utf-8"
    assert b"Not Found" in resp.body


def test_query_string_ignored_for_lookup(server: SiteServer) -> None:
    path = "/world/fisheries-talks-stall-over-quota-cuts.html"
    resp = fetch(server, path + "?ref=home")
    assert resp.status == 200
    assert resp.body == fetch(server, path).body
    assert server.requests_for(path + "?ref=home")[-1].status == 200


def test_robots_txt(server: SiteServer) -> None:
    resp = fetch(server, "/robots.txt")
    assert resp.header("Content-Type") == "text/plain; charset=utf-8"
    lines = resp.body.decode().splitlines()
    assert "Disallow: /private/" in lines
    assert f"Sitemap: {server.base_url}/sitemap-index.xml" in lines


def test_placeholders_use_own_base_url_whatever_the_host(server: SiteServer) -> None:
    resp = fetch(server, "/robots.txt", {"Host": f"localhost:{server.port}"})
    assert f"Sitemap: {server.base_url}/sitemap-index.xml" in resp.body.decode()
    assert server.requests_for("/robots.txt")[-1].host == f"localhost:{server.port}"


def test_sitemap_index_and_news_sitemap(server: SiteServer) -> None:
    index = ET.fromstring(fetch(server, "/sitemap-index.xml").body)
    assert [e.text for e in index.iter(f"{{{SITEMAP_NS}}}loc")] == [server.url("/sitemap.xml")]
    sitemap = ET.fromstring(fetch(server, "/sitemap.xml").body)
    urls = sitemap.findall(f"{{{SITEMAP_NS}}}url")
    assert len(urls) >= 9
    for url in urls:
        assert (url.findtext(f"{{{SITEMAP_NS}}}loc") or "").startswith(server.base_url + "/")
        assert url.findtext(f"{{{SITEMAP_NS}}}lastmod")
        news = url.find(f"{{{NEWS_NS}}}news")
        assert news is not None
        assert news.findtext(f"{{{NEWS_NS}}}publication/{{{NEWS_NS}}}name") == "The Harbour Courier"
        for field in ("publication_date", "title", "keywords"):
            assert news.findtext(f"{{{NEWS_NS}}}{field}")


def test_rss_feed(server: SiteServer) -> None:
    resp = fetch(server, "/feed.xml")
    assert resp.header("Content-Type") == "application/rss+xml; charset=utf-8"
    items = ET.fromstring(resp.body).findall("channel/item")
    assert {item.findtext("link") for item in items} == set(sitemap_locs(server))
    for item in items:
        assert item.findtext("guid") == item.findtext("link")
        assert item.findtext("pubDate") and item.findtext("title")
        assert item.findall("{http://purl.org/dc/elements/1.1/}creator")


def test_every_article_is_an_html_page_with_one_h1(server: SiteServer) -> None:
    paths = article_paths(server)
    assert SEED_PATH in paths
    for path in paths:
        resp = fetch(server, path)
        assert resp.status == 200, path
        assert resp.header("Content-Type") == "text/html; charset=utf-8"
        doc = lxml.html.fromstring(resp.body)
        assert len(doc.findall(".//h1")) == 1, path
        assert doc.get("lang") in ("en", "de")
        assert doc.findtext(".//title")
        assert len(" ".join(doc.xpath("//p//text()")).split()) > 300, path


def test_static_files_all_served(server: SiteServer) -> None:
    for file in DEMO_SITE_DIR.rglob("*"):
        rel = "/" + file.relative_to(DEMO_SITE_DIR).as_posix()
        if file.is_file() and not rel.startswith("/_"):
            assert fetch(server, rel).status == 200, rel


def test_image_content_type(server: SiteServer) -> None:
    resp = fetch(server, "/images/kim-il-sung-square-2024.png")
    assert resp.header("Content-Type") == "image/png"
    assert resp.body.startswith(b"\x89PNG\r\n\x1a\n") and len(resp.body) < 5000


def test_conditional_get_and_head(server: SiteServer) -> None:
    full = fetch(server, "/about.html")
    not_modified = fetch(server, "/about.html", {"If-None-Match": full.header("ETag") or ""})
    assert (not_modified.status, not_modified.body) == (304, b"")
    head = fetch(server, "/about.html", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == str(len(full.body))
    assert server.requests_for("/about.html")[-1].body == b""


def test_dynamic_route(server: SiteServer) -> None:
    seen: list[RequestInfo] = []

    def handler(request: RequestInfo) -> Reply:
        seen.append(request)
        return Reply(503, [("Retry-After", "1"), ("X-Test", "a"), ("X-Test", "b")], b"busy")

    server.add_route("/dynamic?x=1", handler)
    resp = fetch(server, "/dynamic?x=1", {"X-Probe": "yes"}, method="POST", body=b"payload")
    assert (resp.status, resp.body, resp.all("X-Test")) == (503, b"busy", ["a", "b"])
    assert seen[0].header("x-probe") == "yes" and seen[0].body == b"payload"
    exchange = server.requests_for("/dynamic?x=1")[-1]
    assert (exchange.method, exchange.reason) == ("POST", "Service Unavailable")
    assert ("X-Probe", "yes") in exchange.request_headers
    assert fetch(server, "/dynamic?x=2").status == 404


def test_exchange_headers_match_the_wire(server: SiteServer) -> None:
    head, _, _ = raw_get(server, "/").partition(b"\r\n\r\n")
    sent = [tuple(line.split(": ", 1)) for line in head.decode().split("\r\n")[1:]]
    assert sent == server.requests_for("/")[-1].response_headers


def test_module_main_serves_until_interrupted() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "archiver.demo.server", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        base_url = line.split(" at ")[1].split()[0].rstrip("/")
        with urllib.request.urlopen(base_url + "/robots.txt", timeout=5) as resp:
            assert b"Disallow: /private/" in resp.read()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout:
            proc.stdout.close()
