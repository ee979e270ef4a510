"""End to end: crawl the demo site over real HTTP and check every output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from warcio.archiveiterator import ArchiveIterator

from archiver.items import json_schema
from tests.support.cli import CliRun, run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

SEED_PATH = "/russia-ukraine-war/kim-jong-un-pledges-support-for-families-of-fallen-soldiers.html"
# Paragraphs of the seed article (../shared/seeds/000_28bc4cfc9d26d23f.txt), checked verbatim.
SEED_PARAGRAPHS = [
    'North Korean leader Kim Jong Un has vowed to ensure "a beautiful life" for the families of '
    "soldiers who died fighting for Russia in the ongoing conflict with Ukraine.",
    "The event highlighted the growing military ties between North Korea and Russia, following a "
    "mutual defense pact signed by Kim and Russian President Vladimir Putin.",
    "He acknowledged the heavy casualties suffered by North Korean troops in Russia's Kursk "
    "region, a deployment publicly confirmed by Kim and Putin in April.",
    "The film revealed that Kim decided to deploy troops last August, two months after signing "
    "the security treaty with Putin.",
    "The North Korean leader is set to attend a military parade in China next week alongside "
    "Putin, marking their third meeting in two years and signaling a robust partnership amid "
    "global tensions.",
]
SEED_TITLE = "Kim Jong Un Pledges Support for Families of Fallen North Korean Soldiers"


class Crawl:
    def __init__(self, run: CliRun, out: Path, exchanges: list) -> None:
        self.run = run
        self.out = out
        self.exchanges = exchanges
        self.warcs = sorted((out / "warc").glob("*.warc.gz"))
        self.records = [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
                        for line in path.read_text("utf-8").splitlines()]
        self.warc_records = [rec for path in self.warcs for rec in read_warc(path)]

    def responses(self) -> list[dict]:
        return [r for r in self.warc_records if r["type"] == "response"]

    def fetches(self) -> list[dict]:
        """Response and revisit records: one per fetch."""
        return [r for r in self.warc_records if r["type"] in ("response", "revisit")]

    def payload(self, record: dict) -> bytes:
        """The body of a response, or of the original a revisit refers to."""
        if record["type"] == "revisit":
            return next(r["body"] for r in self.responses() if r["id"] == record["refers_to"])
        return record["body"]

    def record_for(self, path: str) -> dict:
        matches = [r for r in self.records if r["url"].endswith(path)]
        assert len(matches) == 1, [r["url"] for r in self.records]
        return matches[0]


def read_warc(path: Path) -> list[dict]:
    rows = []
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            rows.append({
                "type": record.rec_type,
                "uri": record.rec_headers.get_header("WARC-Target-URI"),
                "id": record.rec_headers.get_header("WARC-Record-ID"),
                "date": record.rec_headers.get_header("WARC-Date"),
                "concurrent_to": record.rec_headers.get_header("WARC-Concurrent-To"),
                "refers_to": record.rec_headers.get_header("WARC-Refers-To"),
                "payload_digest": record.rec_headers.get_header("WARC-Payload-Digest"),
                "ip": record.rec_headers.get_header("WARC-IP-Address"),
                "status": record.http_headers.get_statuscode() if record.http_headers
                and record.rec_type in ("response", "revisit") else None,
                "http_headers": record.http_headers.headers if record.http_headers else [],
                "http_line": record.http_headers.statusline if record.http_headers else None,
                "body": record.raw_stream.read(),
                "file": path.name,
            })
    return rows


@pytest.fixture(scope="module")
def crawl(module_site, tmp_path_factory) -> Crawl:
    out = tmp_path_factory.mktemp("crawl")
    run = run_cli(["crawl", f"{module_site.base_url}/", "--out", str(out)], out)
    assert run.returncode == 0, run.stderr[-3000:]
    return Crawl(run, out, list(module_site.exchanges))


def test_summary_names_the_files(crawl):
    assert "articles written" in crawl.run.stdout
    for warc in crawl.warcs:
        assert warc.name in crawl.run.stdout
    assert (crawl.out / "report.json").is_file()
    report = json.loads((crawl.out / "report.json").read_text())
    assert report["counts"]["articles_written"] == len(crawl.records)
    assert report["counts"]["skipped"]["robots_disallowed"] >= 1
    assert report["counts"]["errors"].get("http_404") == 1


def test_no_open_files_left_and_warcio_check_passes(crawl):
    assert crawl.warcs
    assert not list(crawl.out.rglob("*.open"))
    for path in crawl.warcs:
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert read_warc(path)[0]["type"] == "warcinfo"


def test_every_fetch_is_archived_byte_for_byte(crawl):
    responses = {}
    for record in crawl.fetches():  # a repeated payload is stored once, then revisited
        responses.setdefault(record["uri"], []).append(record)
    for exchange in crawl.exchanges:
        url = f"http://127.0.0.1:{crawl_port(crawl)}{exchange.path}"
        assert url in responses, f"{url} was fetched but not archived"
        stored = responses[url][0]
        assert crawl.payload(stored) == exchange.body
        assert int(stored["status"]) == exchange.status
    assert len(crawl.fetches()) == len(crawl.exchanges)


def crawl_port(crawl: Crawl) -> int:
    return int(crawl.responses()[0]["uri"].split(":")[2].split("/")[0])


def test_gzip_page_is_stored_still_encoded(crawl):
    gzipped = [e for e in crawl.exchanges if ("Content-Encoding", "gzip") in e.response_headers]
    assert gzipped
    for exchange in gzipped:
        stored = next(r for r in crawl.responses() if r["uri"].endswith(exchange.path))
        assert stored["body"] == exchange.body and stored["body"][:2] == b"\x1f\x8b"
        assert ("Content-Encoding", "gzip") in stored["http_headers"]
        assert ("Content-Length", str(len(exchange.body))) in stored["http_headers"]


def test_chunked_page_is_stored_unchunked_with_its_length(crawl):
    chunked = [e for e in crawl.exchanges
               if ("Transfer-Encoding", "chunked") in e.response_headers]
    assert chunked
    for exchange in chunked:
        stored = next(r for r in crawl.responses() if r["uri"].endswith(exchange.path))
        names = [name.lower() for name, _ in stored["http_headers"]]
        assert "transfer-encoding" not in names
        assert ("Content-Length", str(len(stored["body"]))) in stored["http_headers"]


def test_repeated_headers_keep_every_value(crawl):
    with_cookies = [e for e in crawl.exchanges
                    if sum(name == "Set-Cookie" for name, _ in e.response_headers) >= 2]
    assert with_cookies
    for exchange in with_cookies:
        stored = next(r for r in crawl.responses() if r["uri"].endswith(exchange.path))
        sent = [v for n, v in exchange.response_headers if n == "Set-Cookie"]
        assert [v for n, v in stored["http_headers"] if n == "Set-Cookie"] == sent


def test_every_redirect_hop_is_archived(crawl):
    hops = [e for e in crawl.exchanges if 300 <= e.status < 400]
    assert hops
    for exchange in hops:
        stored = [r for r in crawl.responses() if r["uri"].endswith(exchange.path)]
        assert stored and int(stored[0]["status"]) == exchange.status


def test_request_records_pair_with_responses(crawl):
    responses = {r["id"]: r for r in crawl.fetches()}
    requests = [r for r in crawl.warc_records if r["type"] == "request"]
    assert len(requests) == len(responses)
    for request in requests:
        response = responses[request["concurrent_to"]]
        assert request["uri"] == response["uri"]
        assert request["date"] == response["date"]
        assert request["ip"] == response["ip"] == "127.0.0.1"
        assert ("User-Agent", response and "archiver/") or True
        agent = dict(request["http_headers"]).get("User-Agent", "")
        assert agent.startswith("archiver/")
    query = [r for r in requests if "?" in r["uri"]]
    for request in query:
        assert request["uri"].split("/", 3)[3] in request["http_line"]


def test_robots_is_fetched_and_obeyed_and_scope_is_kept(crawl):
    paths = [e.path for e in crawl.exchanges]
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith("/private/")]
    assert all(e.host.startswith("127.0.0.1:") for e in crawl.exchanges)


def test_crawl_reaches_nothing_but_the_test_server(crawl):
    port = crawl_port(crawl)
    for event in crawl.run.network:
        assert "127.0.0.1" in event[1] and str(port) in "".join(event[1:]), event


def test_records_validate_and_point_at_their_response(crawl):
    validator = Draft202012Validator(json_schema())
    assert len(crawl.records) >= 8
    for record in crawl.records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert not errors, (record["url"], errors)
        pointer = record["archive"]
        data = (crawl.out / "warc" / pointer["warc_file"]).read_bytes()
        member = data[pointer["offset"]:pointer["offset"] + pointer["length"]]
        stored = next(iter(ArchiveIterator(io.BytesIO(member))))
        assert stored.rec_type == "response"
        assert stored.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
        if stored.rec_headers.get_header("WARC-Target-URI") != record["url"]:
            # Fetched as a revisit: the pointer names the original holding the payload.
            revisits = [r for r in crawl.fetches() if r["uri"] == record["url"]]
            assert [r["refers_to"] for r in revisits] == [pointer["record_id"]]
        assert stored.rec_headers.get_header("WARC-Payload-Digest") == pointer["payload_digest"]


# Section fronts (listings), and the about and staff pages: no article signals, and URL
# paths that name service pages of the site (issue #18).
NOT_ARTICLES = ["/", "/world/", "/business/", "/russia-ukraine-war/", "/about.html",
                "/staff.html"]


def test_non_articles_are_not_exported(crawl):
    paths = ["/" + r["url"].split("/", 3)[3] for r in crawl.records]
    assert not set(paths) & set(NOT_ARTICLES)
    assert {r["page_type"] for r in crawl.records} == {"article"}
    assert len(set(paths)) == len(paths)
    report = json.loads((crawl.out / "report.json").read_text())
    extraction_skips = sum(n for reason, n in report["counts"]["skipped"].items()
                           if reason not in ("robots_disallowed", "out_of_scope", "offsite"))
    assert extraction_skips >= len(NOT_ARTICLES)


def test_seed_article_record(crawl):
    record = crawl.record_for(SEED_PATH)
    assert record["title"] == SEED_TITLE
    assert record["subtitle"] == (
        "North Korean Leader Honors Martyrs' Families with Promises of a Better Future")
    assert [a["name"] for a in record["authors"]] == ["Naffah"]
    assert record["section"] == "Russia Ukraine War"
    text = record["text"]
    for paragraph in SEED_PARAGRAPHS:
        assert paragraph in text
    assert "SCROLL FOR NEXT" not in text
    assert "## Honoring the Fallen" in record["markdown"]
    assert "## Strengthening Alliances" in record["markdown"]
    [image] = record["images"]
    assert image["caption"] == ("North Korea people are welcoming Kim Jong-un and Vladimir Putin"
                                " at Kim Il-sung square, January 2024.")
    assert image["creator"] == "Office of the President of the Russian Federation / Kremlin.ru"
    assert image["source"] == "Wikimedia Commons"
    assert image["license"] == {"name": "CC BY 4.0",
                                "url": "https://creativecommons.org/licenses/by/4.0/deed.en"}


# Fetch facts, and how the crawl came to the URL (`archiver extract` cannot know that).
FETCH_TIME_FIELDS = {"fetched_at", "requested_url", "discovery"}


def test_extract_from_warc_gives_the_same_records(crawl, tmp_path):
    out = tmp_path / "again"
    run = run_cli(["extract", *map(str, crawl.warcs), "--out", str(out)], tmp_path)
    assert run.returncode == 0, run.stderr
    again = [json.loads(line) for path in (out / "records").glob("*.jsonl")
             for line in path.read_text("utf-8").splitlines()]
    strip = lambda r: {k: v for k, v in r.items() if k not in FETCH_TIME_FIELDS}  # noqa: E731
    assert sorted(map(json.dumps, map(strip, again))) == sorted(
        map(json.dumps, map(strip, crawl.records)))
    assert run.network == []
