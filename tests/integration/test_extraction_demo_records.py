"""The demo site's records, field by field, against what a reader sees on its pages.

The site is crawled once over real HTTP (as `archiver demo` does); every article
record is compared with tests/demo/records.expected.json, written by hand.
"""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_cli
from tests.support.paths import TESTS

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

EXPECTED = json.loads((TESTS / "demo/records.expected.json").read_text("utf-8"))
PATHS = sorted(path for path in EXPECTED if path.startswith("/"))
EXACT_FIELDS = ("title", "subtitle", "description", "authors", "date_published", "date_modified",
                "section", "tags", "language", "site_name", "canonical_url", "images")
# Page furniture around every demo article: none of it is body text.
NOT_BODY = ("We use cookies", "Accept all", "Share on X", "Copy link", "Read next",
            "Related stories", "The Morning Tide", "Advertisement", "Topics:", "Subscribe",
            "Creative Commons BY-NC-ND", "Our journalists")


@pytest.fixture(scope="module")
def demo_records(module_site, tmp_path_factory) -> dict[str, list[dict]]:
    """Records by URL path; a page reached under two URLs ("?ref=home") has two."""
    out = tmp_path_factory.mktemp("demo-records")
    run = run_cli(["crawl", f"{module_site.base_url}/", "--out", str(out)], out)
    assert run.returncode == 0, run.stderr[-3000:]
    records: dict[str, list[dict]] = {"base": [{"url": module_site.base_url}]}
    for path in sorted((out / "records").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            page = record["url"].removeprefix(module_site.base_url).split("?")[0]
            records.setdefault(page, []).append(record)
    return records


def expected(path: str, base: str) -> dict:
    text = json.dumps(EXPECTED[path], ensure_ascii=False).replace("{{BASE_URL}}", base)
    return json.loads(text)


def test_every_demo_article_has_a_record(demo_records: dict[str, list[dict]]) -> None:
    # Only the articles: the about and staff pages show no article signals and their URL
    # paths name service pages of the site, so they are skipped as no articles (issue #18).
    pages = sorted(path for path in demo_records if path != "base")
    assert pages == sorted(PATHS)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("field", EXACT_FIELDS)
def test_record_field(demo_records: dict[str, list[dict]], path: str, field: str) -> None:
    assert path in demo_records, f"no record for {path}"
    want = expected(path, demo_records["base"][0]["url"])[field]
    for record in demo_records[path]:
        assert without_archive(field, record[field]) == want


def without_archive(field: str, value: object) -> object:
    """Images without where the crawl archived them (a run's file and offset, checked in
    tests/test_requisites_crawl.py), as a reader sees them on the page."""
    if field != "images":
        return value
    return [{key: item for key, item in image.items() if key != "archive"} for image in value]


@pytest.mark.parametrize("path", PATHS)
def test_record_body(demo_records: dict[str, list[dict]], path: str) -> None:
    record = demo_records[path][0]
    want = EXPECTED[path]["text"]
    # The standfirst displayed under the headline opens the text (issue #18), then the body.
    standfirst = EXPECTED[path]["subtitle"]
    opening = f"{standfirst}\n\n{want['starts']}" if standfirst else want["starts"]
    assert record["text"].startswith(opening)
    assert record["text"].endswith(want["ends"])
    for heading in want["headings"]:
        assert f"## {heading}" in record["markdown"].splitlines()
        assert heading in record["text"].split("\n\n")
    for furniture in NOT_BODY:
        assert furniture not in record["text"], furniture
    caption = record["images"][0]["caption"]
    assert caption not in record["text"]
