"""trafilatura works on the page's own tree (no copy of it) and leaves it as it was parsed."""

from __future__ import annotations

import gzip
from copy import copy
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import trafilatura.core
from lxml.etree import XPath

from archiver.extraction import extract_article
from archiver.extraction.article import build_article
from archiver.extraction.page.document import load_page
from archiver.extraction.text import tree_loan
from archiver.extraction.text.body import extract_body
from archiver.settings import ARCHIVER_MIN_ARTICLE_CHARS, ARCHIVER_MIN_ARTICLE_SIGNALS
from tests.support.paths import TESTS

CORPUS = TESTS.parent.parent / "shared" / "corpus"
PARAGRAPH = ("The council met on Monday and agreed, after a long debate about the river, to "
             "keep the ferry running until the end of the year and to lower the fares. ")
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Ferry stays</title></head><body>
<!-- a comment before the article -->
<article><h1>Ferry stays</h1>
<p>{PARAGRAPH * 3}</p><figure><img src="a.jpg"><figcaption>The ferry at dawn</figcaption>
</figure>tail after the figure<p>{PARAGRAPH * 2}</p>
<div class="share">Share this</div>tail after the share box<p>{PARAGRAPH}</p></article>
<div id="comments"><h3>Comments</h3><ul><li>First!</li><li>Nice.</li></ul></div>
<ul class="related"><li><a href="/x">Another story</a></li></ul>after the list</body></html>"""


def _serialized(tree: lxml.html.HtmlElement) -> bytes:
    return lxml.etree.tostring(tree.getroottree(), encoding="utf-8")


def test_the_body_comes_from_the_page_tree_which_is_left_as_parsed() -> None:
    page = load_page(PAGE.encode(), "https://news.example/ferry.html", "text/html")
    before, elements = _serialized(page.tree), list(page.tree.iter())
    h1, caption = page.tree.find(".//h1"), page.tree.find(".//figcaption")
    body = extract_body(page, [h1, caption], known=["Ferry stays"])
    assert "lower the fares" in body.text
    assert "The ferry at dawn" not in body.text and "First!" not in body.text
    assert _serialized(page.tree) == before
    assert list(page.tree.iter()) == elements  # the same elements, in the same places


def test_removals_nested_and_joined_tails_are_put_back_when_the_block_raises() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><div>lead<p id=a>one</p>tail-a<p id=b><b>two</b>tail-inner</p>tail-b"
        "</div><p id=c>three</p>tail-c</body></html>")
    before = _serialized(tree)
    with pytest.raises(RuntimeError), tree_loan.lent(tree):
        # trafilatura's own name for it, as bare_extraction calls it
        pruned = trafilatura.core.prune_unwanted_nodes(
            tree, [XPath("//p[@id='a']"), XPath("//p[@id='b']"), XPath("//b"),
                   XPath("//div")])
        assert pruned is tree
        assert lxml.etree.tostring(tree) == b'<html><body><p id="c">three</p>tail-c</body></html>'
        raise RuntimeError("trafilatura failed halfway")
    assert _serialized(tree) == before
    assert trafilatura.core.prune_unwanted_nodes is tree_loan._prune_unwanted_nodes
    assert trafilatura.core.load_html is tree_loan._load_html


def test_a_guarded_prune_removes_what_trafilaturas_removes_and_is_put_back() -> None:
    tree = lxml.html.document_fromstring(PAGE)
    nodelist = [XPath("//ul"), XPath("//li"), XPath("//figure")]
    theirs = tree_loan._prune_unwanted_nodes(copy(tree), nodelist, with_backup=True)
    before = _serialized(tree)
    with tree_loan.lent(tree):
        ours = trafilatura.core.prune_unwanted_nodes(tree, nodelist, with_backup=True)
        assert lxml.etree.tostring(ours) == lxml.etree.tostring(theirs)
        assert ours.find(".//figure") is None
    assert _serialized(tree) == before


def test_only_the_lent_tree_is_recorded_other_trees_are_pruned_as_trafilatura_does() -> None:
    tree, other = lxml.html.document_fromstring(PAGE), lxml.html.document_fromstring(PAGE)
    with tree_loan.lent(tree) as handle:
        assert trafilatura.core.load_html(handle) is tree
        assert trafilatura.core.load_html(other) is other
        trafilatura.core.prune_unwanted_nodes(other, [XPath("//ul")])
    assert other.find(".//ul") is None
    assert _serialized(tree) == _serialized(lxml.html.document_fromstring(PAGE))


def _corpus_sample() -> list[Path]:
    paths = sorted([*CORPUS.glob("real-pages/*/*.html.gz"),
                    *CORPUS.glob("readability-pages/*/source.html")])
    return paths[::5]


@pytest.mark.slow
@pytest.mark.skipif(not _corpus_sample(), reason="../shared/corpus is absent")
def test_every_fifth_corpus_page_is_left_as_parsed_by_the_whole_extraction() -> None:
    """A fifth of the real-page corpus (about 420 pages): after the article is built (its
    body by trafilatura on the page's own tree), the tree serializes as parsed."""
    for path in _corpus_sample():
        raw = path.read_bytes()
        raw = gzip.decompress(raw) if path.suffix == ".gz" else raw
        page = load_page(raw, f"https://example.org/{path.name}", "text/html")
        if not hasattr(page, "tree"):
            continue
        before = _serialized(page.tree)
        build_article(page, min_chars=ARCHIVER_MIN_ARTICLE_CHARS,
                      min_signals=ARCHIVER_MIN_ARTICLE_SIGNALS)
        assert _serialized(page.tree) == before, path.name


def test_extraction_gives_the_same_article_twice_from_one_page() -> None:
    """The same page extracted twice in a process gives the same article (nothing of the
    first extraction's pruning is left in the module's state)."""
    html = PAGE.encode()
    first = extract_article(html, "https://news.example/ferry.html")
    second = extract_article(html, "https://news.example/ferry.html")
    assert first == second and "lower the fares" in first.text
