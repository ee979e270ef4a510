"""Library chatter stays at debug level; the skip says what the library said."""

from __future__ import annotations

import logging

from archiver.extraction import Skipped, extract_article

URL = "https://quiet.example/empty.html"


def test_trafilatura_discarding_a_page_is_no_warning(caplog) -> None:
    page = b"<html><head><title>Nothing here</title></head><body><div></div></body></html>"
    with caplog.at_level(logging.INFO):
        result = extract_article(page, URL)
    assert isinstance(result, Skipped)
    assert result.reason == "no_body_text"
    assert "discarding data" in result.detail
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []


def test_the_libraries_warn_as_usual_outside_extraction(caplog) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("trafilatura.core").warning("discarding data: %s", URL)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
