"""trafilatura's pruning expressions with their re:test calls guarded select the same
nodes (archiver.extraction.text.xpath_guards)."""

from __future__ import annotations

import gzip

import lxml.html
import pytest
import trafilatura
import trafilatura.xpaths
from lxml.etree import XPath

from archiver.extraction.text.xpath_guards import PRUNING_LISTS, guarded_path, xpaths_guarded
from bench.real_site import CORPUS
from tests.support.paths import TESTS

NAMESPACES = {"re": trafilatura.xpaths.REGEXP_NS}


@pytest.mark.parametrize(("path", "expected"), [
    (".//*[re:test(@id, 'ad-')]", ".//*[((@id) and re:test(@id, 'ad-'))]"),
    (".//*[re:test(@id|@class, 'x', 'i')]",
     ".//*[((@id or @class) and re:test(@id|@class, 'x', 'i'))]"),
    # A pattern that matches an empty string is true without the attribute: kept.
    (".//*[re:test(@class, '^$|x')]", ".//*[re:test(@class, '^$|x')]"),
    (".//*[re:test(@class, 'a*')]", ".//*[re:test(@class, 'a*')]"),
    # Not attributes: kept.
    (".//*[re:test(text(), 'x')]", ".//*[re:test(text(), 'x')]"),
    (".//*[re:test(concat(@a, @b), 'x')]", ".//*[re:test(concat(@a, @b), 'x')]"),
    # Quotes and brackets inside the pattern.
    (""".//*[re:test(@class, "a(b|c)\\)'")]""",
     """.//*[((@class) and re:test(@class, "a(b|c)\\)'"))]"""),
])
def test_guards(path: str, expected: str) -> None:
    assert guarded_path(path) == expected


def _trees() -> list[lxml.html.HtmlElement]:
    pages = [path.read_bytes() for path in sorted((TESTS / "pages").glob("*.html"))]
    pages += [gzip.decompress(path.read_bytes())
              for path in sorted(CORPUS.glob("*/*.html.gz"))[:400]]
    trees = [lxml.html.document_fromstring(page) for page in pages]
    for element in trees[0].iter("div"):  # empty ids, no classes
        element.attrib.pop("class", None)
        element.set("id", "")
    return trees


@pytest.mark.slow
def test_the_same_nodes_on_pages() -> None:
    if not any(CORPUS.glob("*/*.html.gz")):
        pytest.skip(f"no real pages in {CORPUS}")
    trees = _trees()
    selected = 0
    for name in PRUNING_LISTS:
        for expression in getattr(trafilatura.xpaths, name):
            guarded = XPath(guarded_path(expression.path), namespaces=NAMESPACES)
            for tree in trees:
                found = expression(tree)
                assert guarded(tree) == found, (name, expression.path[:80])
                selected += len(found)
    assert selected > 1_000


def test_swapped_in_and_back() -> None:
    originals = {name: list(getattr(trafilatura.xpaths, name)) for name in PRUNING_LISTS}
    with xpaths_guarded():
        inside = {name: list(getattr(trafilatura.xpaths, name)) for name in PRUNING_LISTS}
    for name in PRUNING_LISTS:
        assert getattr(trafilatura.xpaths, name) == originals[name]
        assert [x.path for x in inside[name]] == [guarded_path(x.path) for x in originals[name]]
    assert any("and re:test" in x.path for name in PRUNING_LISTS for x in inside[name])


def test_other_trafilatura_versions_keep_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "__version__", "0.0-unchecked")
    original = list(trafilatura.xpaths.OVERALL_DISCARD_XPATH)
    with xpaths_guarded():
        assert trafilatura.xpaths.OVERALL_DISCARD_XPATH == original
