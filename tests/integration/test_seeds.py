"""Seeds that could not be crawled used to look like success ("ok", 0 fetches, exit 0).

Decided behaviour:
- A seed with `user:password@` is crawled with basic auth, sent to that seed's
  scheme, host and port only; the password (an "@" in it included) appears in
  no file the run writes (WARC files included: request records keep no
  Authorization header) and nowhere on stdout or stderr.
- A seed whose port is out of range or whose host is no host name, or (in a
  sources file) a seed outside the source's allowed_domains, is a usage error
  naming the seed (exit 2).
- An IDN seed (`http://bücher.test/`) is crawled: hosts are compared in IDNA,
  as Scrapy's requests spell them. No name of this machine resolves an IDN
  host to 127.0.0.1, so the end-to-end crawl goes through the forwarding proxy
  of tests/proxy_server.py, which sends every request to the test server.
- A run that fetched nothing at all exits 1, as the README's table says.
"""

from __future__ import annotations

import base64
import json

import attrs
import pytest

from archiver.demo.server import Reply, SiteServer
from archiver.frontier.seeds import parse_seed
from archiver.frontier.sources import Source, in_scope
from archiver.run.redaction import redact_argv, redact_url
from tests.integration.test_secrets import all_bytes
from tests.support.cli import run_cli
from tests.support.proxy_server import ForwardingProxy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=0",
        "-s", "DOWNLOAD_TIMEOUT=10", "--log-level", "DEBUG"]
BODY = "<p>" + "The harbour board met again to talk about ferries and fees. " * 12 + "</p>"
USER, PASSWORD = "editor", "s3cr3t@pa55w0rd"
AUTHORIZATION = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, "pa55w0rd", "s3cr3t", AUTHORIZATION.split()[1])


def page(links: str = "") -> Reply:
    return Reply(headers=[("Content-Type", "text/html; charset=utf-8")], body=(
        "<!DOCTYPE html><html><head><title>Story</title>"
        '<meta property="og:type" content="article"></head><body><article><h1>Story</h1>'
        f'<p class="byline">By Ann Writer</p>{BODY}{links}</article></body></html>').encode())


def login_required(reply: Reply):
    def handler(request) -> Reply:
        if request.header("Authorization") != AUTHORIZATION:
            return Reply(status=401, headers=[("WWW-Authenticate", 'Basic realm="desk"')])
        return reply
    return handler


@pytest.fixture(scope="module")
def login_crawl(module_site, tmp_path_factory):
    site, tmp_path = module_site, tmp_path_factory.mktemp("login")
    with SiteServer() as other:  # the same host, another port: in scope, no login for it
        other.add_route("/desk/elsewhere.html", lambda r: page())
        site.add_route("/desk/story.html", login_required(page(
            f'<a href="/desk/second.html">2</a><a href="{other.url("/desk/elsewhere.html")}">x'
            "</a>")))
        site.add_route("/desk/second.html", login_required(page()))
        seed = site.url("/desk/story.html").replace("http://", f"http://{USER}:{PASSWORD}@")
        out = tmp_path / "out"
        # Another port of 127.0.0.1 is refused as a private address unless allowed.
        run = run_cli(["crawl", seed, "--out", str(out), "--depth", "1", *FAST,
                       "-s", "ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES=true"], tmp_path)
        elsewhere = other.url("/desk/elsewhere.html")
    return run, out, site, (elsewhere, other.exchanges)


def test_a_seed_with_credentials_is_crawled_with_basic_auth(login_crawl):
    run, out, site, other = login_crawl
    assert run.returncode == 0, run.stderr[-3000:]
    fetched = {e.path: e.status for e in site.exchanges if e.path.startswith("/desk/")}
    assert fetched == {"/desk/story.html": 200, "/desk/second.html": 200}, fetched
    records = [json.loads(line) for path in (out / "records").glob("*.jsonl")
               for line in path.read_text().splitlines()]
    assert sorted(r["url"] for r in records) == sorted([
        site.url("/desk/second.html"), site.url("/desk/story.html"),
        other[0]])
    # The login goes to the seed's scheme, host and port only.
    assert [e.path for e in other[1]] == ["/robots.txt", "/desk/elsewhere.html"]
    assert not [e for e in other[1]
                if any(k.lower() == "authorization" for k, _v in e.request_headers)]


def test_the_seed_password_is_in_no_output(login_crawl):
    run, out, site, _other = login_crawl
    files = [path for path in out.rglob("*") if path.is_file()]
    places = {"stdout": run.stdout.encode(), "stderr": run.stderr.encode()}
    places |= {str(path.relative_to(out)): all_bytes(path) for path in files}
    for secret in SECRETS:
        leaks = [name for name, data in places.items() if secret.encode() in data]
        assert not leaks, f"{secret!r} found in {leaks}"
    assert {p.parent.name for p in files} >= {"warc", "records", "reports", out.name}
    report = json.loads((out / "report.json").read_text())
    assert report["seeds"] == [site.url("/desk/story.html")]


def test_redaction_hides_a_password_with_an_at_sign_whole():
    url = f"http://{USER}:{PASSWORD}@news.example:8080/a@b"
    assert redact_url(url) == f"http://{USER}:***@news.example:8080/a@b"
    assert redact_argv(["crawl", url, f"--redis-url=redis://:{PASSWORD}@r/0"]) == [
        "crawl", f"http://{USER}:***@news.example:8080/a@b", "--redis-url=redis://:***@r/0"]
    assert "pa55" not in redact_url(f"http://{USER}:{PASSWORD}@news.example:99999/")
    assert redact_url(f"http://{USER}:pa/55w0rd@news.example/") == "http://***@news.example/"


@pytest.mark.parametrize("seed", ["http://127.0.0.1:99999/", "http://127.0.0.1:port/",
                                  f"http://{USER}:{PASSWORD}@127.0.0.1:70000/",
                                  f"http://{USER}:pa/55w0rd@127.0.0.1/",
                                  "http://news.test:0/", "http://a..b/", "http://ex ample.test/",
                                  "http://%zz/", "http://xn--/", f"http://{'a' * 64}.test/"])
def test_a_seed_that_cannot_be_crawled_is_a_usage_error_naming_it(seed, tmp_path):
    run = run_cli(["crawl", seed, "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2, (run.returncode, run.stderr[-2000:])
    assert run.stderr.count("\n") == 1 and redact_url(seed) in run.stderr, run.stderr
    assert "55w0rd" not in run.stderr and "Traceback" not in run.stderr


def test_a_sources_file_seed_with_a_bad_port_or_outside_its_domains_names_it(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text('[sources.a]\nseeds = ["http://a.test:99999/"]\n')
    run = run_cli(["crawl", "--config", str(config), "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2 and f"{config}:2:" in run.stderr, run.stderr
    assert "http://a.test:99999/" in run.stderr
    config.write_text('[sources.a]\nseeds = ["http://a.test/"]\nallowed_domains = ["b.test"]\n')
    run = run_cli(["crawl", "--config", str(config), "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2 and f"{config}:2:" in run.stderr, run.stderr
    assert "'http://a.test/' is outside allowed_domains" in run.stderr


def test_a_run_that_fetched_nothing_exits_1(site, tmp_path):
    site.add_route("/robots.txt", lambda r: Reply(headers=[("Content-Type", "text/plain")],
                                                  body=b"User-agent: *\nDisallow: /\n"))
    run = run_cli(["crawl", site.url("/"), "--out", str(tmp_path / "out"), *FAST], tmp_path)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["counts"]["fetched"] == 0 and report["outcome"] == "failed"
    assert run.returncode == 1, run.stderr[-2000:]


def test_idn_hosts_are_compared_in_idna():
    source = Source.from_seeds(["http://Bücher.test/"])
    assert source.seeds == ("http://xn--bcher-kva.test/",)
    assert source.allowed_domains == ("xn--bcher-kva.test",)
    for url in ("http://xn--bcher-kva.test/a", "http://bücher.test/b", "http://www.bücher.test/"):
        assert in_scope(url, source.allowed_domains), url
    assert not in_scope("http://xn--bcher-kva.test.evil.test/", source.allowed_domains)
    assert parse_seed("http://user:p@ss@bücher.test:8080/x")[0] == (
        "http://xn--bcher-kva.test:8080/x")


def test_an_idn_seed_is_crawled(module_site, tmp_path):
    site = module_site
    site.add_route("/idn/", lambda r: page('<a href="/idn/a.html">a</a>'
                                           '<a href="http://bücher.test/idn/b.html">b</a>'))
    site.add_route("/idn/a.html", lambda r: page())
    site.add_route("/idn/b.html", lambda r: page())
    with ForwardingProxy(site.port, "p", "q") as proxy:
        config = tmp_path / "sources.toml"
        config.write_text(f'proxy = "http://p:q@127.0.0.1:{proxy.port}"\n\n[sources.idn]\n'
                          'seeds = ["http://bücher.test/idn/"]\ndepth = 1\n')
        run = run_cli(["crawl", "--config", str(config), "--out", str(tmp_path / "out"),
                       *FAST], tmp_path)
        targets = {r.request_line.split()[1] for r in proxy.requests}
    assert run.returncode == 0, run.stderr[-3000:]
    assert {"http://xn--bcher-kva.test/idn/", "http://xn--bcher-kva.test/idn/a.html",
            "http://xn--bcher-kva.test/idn/b.html"} <= targets, targets
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["counts"]["articles_written"] == 3, report["counts"]


def test_a_cluster_stores_sources_with_their_private_ports_and_without_logins():
    from archiver.cluster.sources import source_from_json, source_to_json

    source = Source.from_seeds([f"http://{USER}:{PASSWORD}@10.0.0.5:8080/"], "desk",
                               private_ports=(8081,))
    stored = source_to_json(source)
    assert "s3cr3t" not in stored and "pa55" not in stored
    assert source_from_json(stored) == attrs.evolve(source, logins=())
