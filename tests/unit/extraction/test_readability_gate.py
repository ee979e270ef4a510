"""Skipping trafilatura's readability fallback where it cannot win changes no result."""

from __future__ import annotations

from copy import copy
from pathlib import Path

import lxml.html
import pytest
import trafilatura
import trafilatura.core
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.external import try_readability
from trafilatura.settings import Extractor
from trafilatura.utils import trim

from archiver.extraction.text import readability_gate
from archiver.extraction.text.body import TRAFILATURA_OPTIONS
from archiver.extraction.text.readability_gate import (
    readability_cannot_win,
    readability_gated,
    readable_length_bound,
)
from tests.support.paths import TESTS

PAGES = sorted([*(TESTS / "pages").glob("*.html"), *(TESTS / "quality" / "pages").glob("*.html")])


def _tree(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(path.read_bytes())


def _readability_length(tree: lxml.html.HtmlElement) -> int:
    summary = try_readability(copy(tree))
    return len(trim(lxml.html.tostring(summary, method="text", encoding="unicode")))


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
def test_readability_text_is_never_longer_than_the_bound(path: Path) -> None:
    tree = _tree(path)
    assert _readability_length(tree) <= readable_length_bound(tree)


def test_the_bound_counts_what_readability_adds_and_leaves_out_what_it_drops() -> None:
    tree = lxml.html.document_fromstring(
        "<html><head><style>p { color: red }</style><script>var x = 1;</script></head>"
        "<body><p>Two  words</p><iframe src='https://www.youtube.com/embed/x'></iframe>"
        "</body></html>")
    assert readable_length_bound(tree) == len("Two words") + len("VIDEO")
    assert _readability_length(tree) <= readable_length_bound(tree)


def _extract(path: Path) -> bytes | None:
    document = bare_extraction(_tree(path), url="https://example.org/a", **TRAFILATURA_OPTIONS)
    return None if document is None else etree.tostring(document.body)


def test_gated_extraction_gives_trafilatura_own_results(monkeypatch: pytest.MonkeyPatch) -> None:
    fired = []
    cannot_win = readability_gate.readability_cannot_win

    def counted(*args: object) -> bool:
        fired.append(cannot_win(*args))  # type: ignore[arg-type]
        return fired[-1]

    monkeypatch.setattr(readability_gate, "readability_cannot_win", counted)
    plain = [_extract(path) for path in PAGES]
    with readability_gated():
        gated = [_extract(path) for path in PAGES]
    assert gated == plain
    # Both ways were taken: readability skipped on most pages, run on some.
    assert 0 < fired.count(False) < fired.count(True)


def test_readability_runs_where_it_could_win() -> None:
    options = Extractor()
    page = lxml.html.document_fromstring(
        "<html><body><div>" + "A sentence of the page. " * 40 + "</div></body></html>")
    short_body = lxml.html.fragment_fromstring("<div><p>A sentence of the page.</p></div>")
    assert not readability_cannot_win(page, short_body, "A sentence of the page.", options)
    long_text = "A sentence of the page. " * 40
    long_body = lxml.html.fragment_fromstring(f"<div><p>{long_text}</p></div>")
    assert readability_cannot_win(page, long_body, trim(long_text), options)
    # No paragraph text, more tables than paragraphs, nothing, or recall mode: it runs.
    no_paragraph = lxml.html.fragment_fromstring(f"<div><span>{long_text}</span></div>")
    assert not readability_cannot_win(page, no_paragraph, trim(long_text), options)
    tables = lxml.html.fragment_fromstring(
        f"<div><p>{long_text}</p><table><tr><td>1</td></tr></table>"
        "<table><tr><td>2</td></tr></table></div>")
    assert not readability_cannot_win(page, tables, trim(long_text), options)
    assert not readability_cannot_win(page, long_body, "", options)
    assert not readability_cannot_win(page, long_body, trim(long_text), Extractor(recall=True))


def test_other_trafilatura_versions_run_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    original = trafilatura.core._extract_and_compare
    monkeypatch.setattr(trafilatura, "__version__", "0.0-unchecked")
    with readability_gated():
        assert trafilatura.core._extract_and_compare is original
    monkeypatch.undo()
    with readability_gated():
        assert trafilatura.core._extract_and_compare is not original
    assert trafilatura.core._extract_and_compare is original
