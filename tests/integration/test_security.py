"""Security: no request leaves the configured hosts, and none reaches a private address.

The fixture server listens on 127.0.0.1 only; `localhost` names the same
server under another host name, so a request that escaped the scope would
show in the server's log (its Host header) and in the child's network audit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import Reply, SiteServer
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=5"]
HTML = [("Content-Type", "text/html; charset=utf-8")]
BODY = "<p>" + "The harbour board met again to talk about ferries and fees. " * 12 + "</p>"


def page(head: str = "", body: str = "") -> Reply:
    return Reply(headers=HTML, body=(f"<!DOCTYPE html><html><head>{head}</head><body>"
                                     f"<article><h1>Story</h1>{BODY}{body}</article>"
                                     "</body></html>").encode())


def serve_escape_routes(site, other: str) -> None:
    """Every path by which a page, a listing or a redirect can point elsewhere."""
    xml = [("Content-Type", "application/xml")]
    site.add_route("/robots.txt", lambda r: Reply(headers=[("Content-Type", "text/plain")],
                                                  body=f"Sitemap: {other}/sitemap.xml\n".encode()))
    site.add_route("/start.html", lambda r: page(
        f'<link rel="canonical" href="{other}/canonical.html">'
        f'<link rel="alternate" type="application/rss+xml" href="{other}/feed.xml">',
        f'<a href="{other}/link.html">a</a><a href="/base.html">b</a>'
        '<a href="/refresh.html">r</a><a href="/redirect">d</a><a href="/feed.xml">f</a>'
        '<a href="/sitemap.xml">s</a>'))
    site.add_route("/base.html", lambda r: page(f'<base href="{other}/">',
                                                '<a href="relative.html">rel</a>'))
    site.add_route("/refresh.html", lambda r: page(
        f'<meta http-equiv="refresh" content="0; url={other}/refreshed.html">'))
    site.add_route("/redirect", lambda r: Reply(status=302, headers=[
        ("Location", f"{other}/redirected.html")]))
    site.add_route("/feed.xml", lambda r: Reply(headers=[("Content-Type", "application/rss+xml")],
                                                body=('<?xml version="1.0"?><rss version="2.0">'
                                                      f"<channel><item><link>{other}/entry.html"
                                                      "</link></item></channel></rss>").encode()))
    site.add_route("/sitemap.xml", lambda r: Reply(headers=xml, body=(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{other}/listed.html</loc></url></urlset>").encode()))


def test_no_path_leads_out_of_scope(site, tmp_path):
    other = f"http://localhost:{site.port}"
    serve_escape_routes(site, other)
    run = run_cli(["crawl", site.url("/start.html"), "--out", str(tmp_path / "out"),
                   "--depth", "3", *FAST], tmp_path)
    assert run.returncode in (0, 3), run.stderr[-3000:]
    assert {e.host.split(":")[0] for e in site.exchanges} == {"127.0.0.1"}
    assert not [line for line in run.network if "localhost" in line[1]]
    fetched = {e.path for e in site.exchanges}
    assert {"/start.html", "/base.html", "/refresh.html", "/redirect", "/feed.xml",
            "/sitemap.xml"} <= fetched
    skipped = json.loads((tmp_path / "out" / "report.json").read_text())["counts"]["skipped"]
    assert skipped["out_of_scope"] >= 4 and skipped["offsite"] >= 2, skipped


def sources_file(tmp_path: Path, seed: str, domains: list[str]) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f'[sources.site]\nseeds = ["{seed}"]\nallowed_domains = {json.dumps(domains)}'
                    "\ndepth = 1\n")
    return path


def serve_private_routes(site) -> None:
    site.add_route("/start.html", lambda r: page(body=(
        f'<a href="http://localhost:{site.port}/private.html">p</a>'
        '<a href="/metadata">m</a><a href="/router">r</a>'
        '<a href="http://169.254.169.254/latest/meta-data/">direct</a>')))
    site.add_route("/private.html", lambda r: page())
    site.add_route("/metadata", lambda r: Reply(status=302, headers=[
        ("Location", "http://169.254.169.254/latest/meta-data/iam")]))
    site.add_route("/router", lambda r: Reply(status=301, headers=[
        ("Location", "http://10.0.0.1/admin")]))


def crawl_private(site, tmp_path: Path, *extra: str):
    domains = ["127.0.0.1", "localhost", "169.254.169.254", "10.0.0.1"]
    config = sources_file(tmp_path, site.url("/start.html"), domains)
    out = tmp_path / "out"
    run = run_cli(["crawl", "--config", str(config), "--out", str(out), *FAST, *extra], tmp_path)
    archived = {r.rec_headers.get_header("WARC-Target-URI")
                for path in (out / "warc").glob("*.warc.gz")
                for r in ArchiveIterator(path.open("rb")) if r.rec_type == "response"}
    return run, json.loads((out / "report.json").read_text()), archived


def test_private_addresses_are_refused_even_in_scope(site, tmp_path):
    serve_private_routes(site)
    run, report, archived = crawl_private(site, tmp_path)
    assert run.returncode in (0, 3), run.stderr[-3000:]
    connected = " ".join(line[1] for line in run.network if line[0] == "connect")
    assert "169.254.169.254" not in connected and "10.0.0.1" not in connected
    # localhost is in scope and resolves to 127.0.0.1: refused on the address connected
    # to, before the request is sent; the seed's own host 127.0.0.1 is allowed.
    assert f"http://localhost:{site.port}/private.html" not in archived
    assert [e.path for e in site.exchanges if e.host.startswith("localhost")] == []
    assert site.url("/start.html") in archived
    # localhost's robots.txt and page, the direct link, and the two redirect targets
    assert report["counts"]["skipped"]["private_address"] == 5, report["counts"]
    assert "Refused http://169.254.169.254/latest/meta-data/iam: private address" in run.stderr


def test_private_addresses_can_be_allowed(site, tmp_path):
    serve_private_routes(site)  # but no link leaving this machine
    site.add_route("/start.html", lambda r: page(
        body=f'<a href="http://localhost:{site.port}/private.html">p</a>'))
    run, report, archived = crawl_private(
        site, tmp_path, "-s", "ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES=true")
    assert f"http://localhost:{site.port}/private.html" in archived
    assert "private_address" not in report["counts"]["skipped"]


def serve_other_port_routes(site, other) -> None:
    site.add_route("/start.html", lambda r: page(body=(
        f'<a href="{other.url("/admin.html")}">other port</a><a href="/own.html">own</a>')))
    site.add_route("/own.html", lambda r: page())
    other.add_route("/admin.html", lambda r: page())


def test_the_seed_exemption_covers_the_seed_port_only(site, tmp_path):
    with SiteServer() as other:  # another service on the seed's host (127.0.0.1)
        serve_other_port_routes(site, other)
        run, report, archived = crawl_private(site, tmp_path)
        assert run.returncode == 0, run.stderr[-3000:]
        assert other.exchanges == [], [e.path for e in other.exchanges]
        other_url = other.url("/admin.html")
        assert site.url("/own.html") in archived and other_url not in archived
    # The page, refused before robots.txt is asked for (an IP literal needs no connection).
    assert report["counts"]["skipped"]["private_address"] == 1, report["counts"]
    assert f"Refused {other_url}: private address 127.0.0.1 for 127.0.0.1:" in run.stderr


def test_private_ports_in_the_sources_file_widen_the_exemption(site, tmp_path):
    with SiteServer() as other:
        serve_other_port_routes(site, other)
        config = sources_file(tmp_path, site.url("/start.html"), ["127.0.0.1"])
        config.write_text(config.read_text() + f"private_ports = [{other.port}]\n")
        out = tmp_path / "out"
        run = run_cli(["crawl", "--config", str(config), "--out", str(out), *FAST], tmp_path)
        assert run.returncode == 0, run.stderr[-3000:]
        assert [e.path for e in other.exchanges] == ["/robots.txt", "/admin.html"]
    assert "private_address" not in json.loads((out / "report.json").read_text())["counts"][
        "skipped"]
