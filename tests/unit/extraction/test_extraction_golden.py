"""Golden files: each page in tests/pages/ against its NAME.expected.json.

After a deliberate change of the extractor, rewrite them with
`.venv/bin/python tests/support/regenerate_expected.py` and review the diff.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from archiver.extraction import ExtractedArticle, extract_article
from archiver.items import ArticleRecord, json_schema, record_id
from tests.support.regenerate_expected import PAGES, extract, golden_names, golden_path, page_body

NAMES = golden_names()


def load_golden(name: str) -> dict:
    return json.loads(golden_path(name).read_text("utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_page_matches_its_golden_file(name: str) -> None:
    golden = load_golden(name)
    page_input = golden["input"]
    assert extract(name, page_input["url"], page_input["content_type"]) == golden["output"]


@pytest.mark.parametrize("name", NAMES)
def test_article_makes_a_valid_record(name: str) -> None:
    page_input = load_golden(name)["input"]
    result = extract_article(page_body(PAGES / f"{name}.html"), page_input["url"])
    if not isinstance(result, ExtractedArticle):
        pytest.skip(f"{name} is no article: {result.reason}")
    fields = {field.name: getattr(result, field.name) for field in result.__attrs_attrs__}
    record = ArticleRecord(
        id=record_id(page_input["url"], "sha1:" + "A" * 32), url=page_input["url"],
        requested_url=page_input["url"], fetched_at="2025-01-01T00:00:00Z", status=200, **fields,
    )
    jsonschema.validate(record.to_dict(), json_schema())


def test_every_page_has_a_golden_file() -> None:
    pages = sorted(p.stem for p in PAGES.glob("*.html"))
    assert pages == NAMES


def test_golden_files_cover_the_kinds_of_page() -> None:
    outputs = {name: load_golden(name)["output"] for name in NAMES}
    skipped = {name for name, output in outputs.items() if "skipped" in output}
    assert skipped == {"section_page"}
    assert outputs["section_page"]["skipped"]["reason"] in (
        "no_article_signals", "too_short", "listing_page", "not_an_article")
    assert {"type": "organization", "name": "Reuters", "url": None} in outputs[
        "agency_reuters"]["authors"]
