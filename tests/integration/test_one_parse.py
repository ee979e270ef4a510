"""One parse per page: the crawl process parses no HTML page, the extraction workers do.

The demo site is crawled over real HTTP by a child process that counts every call of
the HTML parsers' entry points (tests.support.html_parses). The crawl gives what it
gave when the crawl process parsed each page again: the demo's pages and records, and
for every page the links Scrapy's LinkExtractor finds in it (computed here, from the
bytes the site served, as the reference).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import attrs
import lxml.html
import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from archiver.frontier.keys import url_key
from tests.support.cli import CliRun, run_cli
from tests.support.html_parses import PRELUDE, Parse, page_parses, read_parses

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

# The hop paths of pages with link hops left at the default depth (2): the seed, and the
# pages it links to (through redirects too).
LINKING_HOPS = re.compile(r"^L?R*$")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


@attrs.frozen
class CountedCrawl:
    run: CliRun
    out: Path
    parses: list[Parse]
    served: dict[str, HtmlResponse]
    """The HTML pages the site served, by URL, as Scrapy would have read them."""

    def log(self) -> list[dict]:
        (path,) = (self.out / "logs").glob("crawl-*.jsonl")
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def crawl(module_site, tmp_path_factory) -> CountedCrawl:
    work = tmp_path_factory.mktemp("one-parse")
    parse_log = work / "parses.jsonl"
    parse_log.touch()
    out = work / "out"
    run = run_cli(["crawl", f"{module_site.base_url}/", "--out", str(out)], work,
                  prelude=PRELUDE, env={"ARCHIVER_TEST_PARSE_LOG": str(parse_log)})
    assert run.returncode == 0, run.stderr[-3000:]
    served = {}
    for exchange in module_site.exchanges:
        headers = dict(exchange.response_headers)
        if exchange.status == 200 and headers.get("Content-Type", "").startswith("text/html"):
            body = exchange.body
            if headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            url = f"{module_site.base_url}{exchange.path}"
            served[url] = HtmlResponse(url, body=body, headers=headers)
    return CountedCrawl(run, out, read_parses(parse_log), served)


def test_the_crawl_process_parses_no_html_page(crawl):
    parses = page_parses(crawl.parses)
    assert not parses, "\n".join(f"{p.entry} at {' <- '.join(reversed(p.where[-4:]))}"
                                 for p in parses[:10])


def test_the_crawl_gives_the_demo_pages_and_records(crawl):
    counts = json.loads((crawl.out / "report.json").read_text())["counts"]
    # about.html and staff.html are service pages: fetched, parsed once, no record.
    assert (counts["fetches"], counts["pages"], counts["articles_written"]) == (38, 18, 9)
    assert len(crawl.served) == 15  # the pages served with 200, each parsed by a worker


def test_every_page_gives_the_links_scrapy_finds_in_it(crawl):
    log = crawl.log()
    logged_keys = {url_key(line["url"]) for line in log}
    linking = [line["url"] for line in log if line["url"] in crawl.served
               and LINKING_HOPS.match(line.get("hops", ""))]
    assert len(linking) >= 8
    expected: dict[str, set[str]] = {}
    for url in linking:
        expected[url] = reference_links(crawl.served[url])
        missing = {link for link in expected[url] if url_key(link) not in logged_keys}
        assert not missing, f"links of {url} the crawl never considered: {missing}"
    # Nothing beyond: each link the log names came from the page it names as its way in.
    found = [line for line in log if line.get("via") in expected
             and (line.get("reason") == "out_of_scope" or line.get("hops", "").endswith("L"))]
    assert len(found) >= 20
    for line in found:
        assert line["url"] in expected[line["via"]], line


def reference_links(page: HtmlResponse) -> set[str]:
    """What the crawl process found before: LinkExtractor(unique=True), fragments dropped,
    and the feeds the seed announces."""
    links = {link.url.split("#")[0] for link in LinkExtractor(unique=True).extract_links(page)}
    root = lxml.html.fromstring(page.body)
    feeds = {page.urljoin(link.get("href").strip()) for link in root.iterfind(".//link[@href]")
             if "alternate" in (link.get("rel") or "").split()
             and (link.get("type") or "") in FEED_TYPES}
    return links | feeds


def test_the_counter_counts_each_entry_point(tmp_path):
    """The counting itself: a child that parses HTML the ways the crawl process used to."""
    parse_log = tmp_path / "parses.jsonl"
    code = PRELUDE + (
        "from scrapy.http import HtmlResponse\n"
        "from scrapy.linkextractors import LinkExtractor\n"
        "page = HtmlResponse('http://example.com/', body=b'<a href=/a>a</a>')\n"
        "LinkExtractor().extract_links(page)\n"
        "lxml.html.fromstring(b'<p>x</p>')\n"
        "lxml.etree.fromstring(b'<p>x</p>', lxml.etree.HTMLParser())\n"
        "lxml.etree.fromstring(b'<p>x</p>')\n"  # XML: not counted
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"ARCHIVER_TEST_PARSE_LOG": str(parse_log)}, timeout=60)
    assert done.returncode == 0, done.stderr
    entries = [parse.entry for parse in page_parses(read_parses(parse_log))]
    assert entries == ["parsel.Selector()", "lxml.html.fromstring", "lxml.etree.HTMLParser()",
                       "lxml.etree.fromstring"]
