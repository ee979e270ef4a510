"""trafilatura's page text for its recall escalation, built only where a bound cannot decide
(archiver.extraction.text.escalation_gate): the same extraction, page for page."""

from __future__ import annotations

import gzip

import lxml.html
import pytest
import trafilatura
import trafilatura.core
from lxml import etree
from trafilatura import bare_extraction, html2txt

from archiver.extraction.text.body import TRAFILATURA_OPTIONS
from archiver.extraction.text.escalation_gate import escalation_gated, text_length_bound
from archiver.extraction.text.readability_gate import readability_gated
from bench.real_site import CORPUS
from tests.support.paths import TESTS

PAGES = sorted([*(TESTS / "pages").glob("*.html"), *(TESTS / "quality" / "pages").glob("*.html")])


def _real_pages(count: int) -> list[bytes]:
    return [gzip.decompress(path.read_bytes())
            for path in sorted(CORPUS.glob("*/*.html.gz"))[:count]]


def _pages() -> list[bytes]:
    return [path.read_bytes() for path in PAGES] + _real_pages(300)


@pytest.mark.parametrize("markup", [
    "<html><body><p>One</p><p>two</p></body></html>",
    "<html><body><div>a<script>var x = 'b c';</script>d</div><style>p {}</style></body></html>",
    "<html><body><ul><li>x</li><li>y</li></ul><br>z<aside>left out</aside></body></html>",
    "<html><body><footer>f</footer><div class='cookie-banner'>c</div>"
    "<svg><text>s</text></svg>t</body></html>",
    "<html><head><title>No body</title></head></html>",
    "<div><p>An element</p><p>without a body</p></div>",
])
def test_the_bound_is_never_below_html2txt(markup: str) -> None:
    tree = lxml.html.fromstring(markup)
    assert len(html2txt(tree)) <= text_length_bound(tree)


def test_the_bound_is_never_below_html2txt_on_pages() -> None:
    for markup in _pages():
        tree = lxml.html.document_fromstring(markup)
        assert len(html2txt(tree)) <= text_length_bound(tree)


def _extract(markup: bytes) -> bytes | None:
    tree = lxml.html.document_fromstring(markup)
    document = bare_extraction(tree, url="https://example.org/a", **TRAFILATURA_OPTIONS)
    return None if document is None else etree.tostring(document.body)


@pytest.mark.slow
def test_gated_extraction_gives_trafilatura_own_results(monkeypatch: pytest.MonkeyPatch) -> None:
    if not _real_pages(1):
        pytest.skip(f"no real pages in {CORPUS}")
    built = []
    html2txt_of_core = trafilatura.core.html2txt
    monkeypatch.setattr(trafilatura.core, "html2txt",
                        lambda tree: built.append(tree) or html2txt_of_core(tree))
    pages = _pages()
    with readability_gated():
        plain = [_extract(markup) for markup in pages]
        asked = len(built)
        with escalation_gated():
            gated = [_extract(markup) for markup in pages]
    assert gated == plain
    # The page's text was built for some pages, and spared on more.
    assert 0 < len(built) - asked < asked / 2


def test_other_trafilatura_versions_run_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    original = trafilatura.core.html2txt
    monkeypatch.setattr(trafilatura, "__version__", "0.0-unchecked")
    with escalation_gated():
        assert trafilatura.core.html2txt is original
    monkeypatch.undo()
    with escalation_gated():
        assert trafilatura.core.html2txt is not original
    assert trafilatura.core.html2txt is original
