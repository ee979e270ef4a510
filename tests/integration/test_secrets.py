"""Secrets never land in logs, reports or archives: proxy credentials and a private contact.

One real crawl of made-up hosts (news.test, www.news.test) through a real
forwarding proxy on 127.0.0.1 that demands the configured credentials, with
the contact marked private. Decided behaviour:

- The User-Agent sent to the sites still names the contact (that is what it
  is for): the origin server sees it. Everything the run writes or prints
  (stdout, the log at DEBUG, report.json, report.html, every WARC record
  including warcinfo and the request records, the JSONL, the state, the lock
  file) shows "contact withheld" instead.
- The proxy password goes to the proxy only; no request record keeps the
  Proxy-Authorization header, and the origin server never receives it.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import Reply
from archiver.frontier.sources_file import ConfigError, load_config
from archiver.run.redaction import WITHHELD
from tests.support.cli import run_cli
from tests.support.credentials import CONTACT, PASSWORD, SECRETS, USER
from tests.support.proxy_server import ForwardingProxy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=10", "--log-level", "DEBUG"]
BODY = "<p>" + "The harbour board met again to talk about ferries and fees. " * 12 + "</p>"


def page(links: str = "") -> Reply:
    return Reply(headers=[("Content-Type", "text/html; charset=utf-8")], body=(
        "<!DOCTYPE html><html><head><title>Story</title>"
        '<meta property="og:type" content="article"></head><body><article><h1>Story</h1>'
        f'<p class="byline">By Ann Writer</p>{BODY}{links}</article></body></html>').encode())


def all_bytes(path: Path) -> bytes:
    """A file's bytes, and for gzip files (WARC: one member per record) every member opened."""
    data = path.read_bytes()
    if data[:2] != b"\x1f\x8b":
        return data
    opened, rest = [], data
    while rest[:2] == b"\x1f\x8b":
        member = zlib.decompressobj(31)
        opened.append(member.decompress(rest))
        rest = member.unused_data
    return b"".join(opened) + data


@pytest.fixture(scope="module")
def proxied_crawl(module_site, tmp_path_factory):
    site, tmp_path = module_site, tmp_path_factory.mktemp("secrets")
    site.add_route("/robots.txt", lambda r: Reply(headers=[("Content-Type", "text/plain")],
                                                  body=b"User-agent: *\nAllow: /\n"))
    site.add_route("/", lambda r: page('<a href="/a.html">a</a>'
                                       '<a href="http://www.news.test/b.html">b</a>'))
    site.add_route("/a.html", lambda r: page())
    site.add_route("/b.html", lambda r: page())
    with ForwardingProxy(site.port, USER, PASSWORD) as proxy:
        config = tmp_path / "sources.toml"
        config.write_text(f'contact_private = true\nproxy = "http://{USER}:{PASSWORD}@127.0.0.1:'
                          f'{proxy.port}"\n\n[sources.news]\nseeds = ["http://news.test/"]\n'
                          'allowed_domains = ["news.test"]\ndepth = 1\n')
        out = tmp_path / "out"
        run = run_cli(["crawl", "--config", str(config), "--out", str(out), "--contact", CONTACT,
                       *FAST], tmp_path)
        yield run, out, proxy


@pytest.mark.crawl
@pytest.mark.slow
def test_the_crawl_goes_through_the_proxy_with_its_credentials(proxied_crawl, module_site):
    run, out, proxy = proxied_crawl
    assert run.returncode == 0, run.stderr[-3000:]
    targets = {r.request_line.split()[1] for r in proxy.requests}
    assert {"http://news.test/robots.txt", "http://news.test/", "http://news.test/a.html",
            "http://www.news.test/b.html"} <= targets, targets
    # Through the proxy only: no name lookup, no connection but to the proxy.
    connected = {line[1] for line in run.network if line[0] == "connect"}
    assert connected == {f"('127.0.0.1', {proxy.port})"}, connected
    assert not [line for line in run.network if "news.test" in " ".join(line)]
    # www.news.test is no seed: through a proxy, the proxy's address is no reason to refuse it.
    assert "private_address" not in (out / "report.json").read_text()
    # The site sees the contact in the User-Agent, and never the proxy's credentials.
    seen = [e for e in module_site.exchanges if e.path == "/a.html"]
    agent = dict((k.lower(), v) for k, v in seen[0].request_headers)["user-agent"]
    assert agent.endswith(f"(+{CONTACT})"), agent
    assert not [e for e in module_site.exchanges
                if any(k.lower() == "proxy-authorization" for k, _v in e.request_headers)]


@pytest.mark.crawl
@pytest.mark.slow
def test_no_secret_is_written_or_printed(proxied_crawl):
    run, out, _proxy = proxied_crawl
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Overridden settings" in run.stderr  # the log is there, at DEBUG
    files = [path for path in out.rglob("*") if path.is_file()]
    assert {p.parent.name for p in files} >= {"warc", "records", "reports", "out"}
    assert (out / "report.html").is_file() and list((out / "warc").glob("*.warc.gz"))
    places = {"stdout": run.stdout.encode(), "stderr": run.stderr.encode()}
    places |= {str(path.relative_to(out)): all_bytes(path) for path in files}
    for secret in SECRETS:
        leaks = [name for name, data in places.items() if secret.encode() in data]
        assert not leaks, f"{secret!r} found in {leaks}"


@pytest.mark.crawl
@pytest.mark.slow
def test_warc_request_records_keep_no_proxy_header_and_withhold_the_contact(proxied_crawl):
    _run, out, _proxy = proxied_crawl
    agents, proxy_headers, notes = set(), [], []
    for path in (out / "warc").glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
                    proxy_headers += [h for h in record.http_headers.headers
                                      if h[0].lower().startswith("proxy-")]
                elif record.rec_type == "warcinfo":
                    notes.append(record.content_stream().read().decode())
    assert agents == {f"archiver/0.1.0 (+{WITHHELD})"}, agents
    assert not proxy_headers
    assert notes and all("archiver-redactions: Request records never keep a "
                         "Proxy-Authorization" in note for note in notes)
    assert all(f"http-header-user-agent: archiver/0.1.0 (+{WITHHELD})" in n for n in notes)


@pytest.mark.crawl
def test_a_bad_redis_url_is_reported_without_its_password(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(f'redis_url = "http://admin:{PASSWORD}@redis-host:6379/0"\n\n'
                    '[sources.a]\nseeds = ["https://news.example/"]\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert "not a redis:// URL" in str(error.value) and PASSWORD not in str(error.value)
    run = run_cli(["crawl", "--redis-url", f"http://admin:{PASSWORD}@redis-host:6379/0",
                   "https://news.example/", "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2 and "not a redis:// URL" in run.stderr, run.stderr
    assert PASSWORD not in run.stderr + run.stdout


def test_gzip_members_are_all_searched(tmp_path):  # the helper above, checked
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(b"first") + gzip.compress(b"second"))
    assert b"first" in all_bytes(path) and b"second" in all_bytes(path)
