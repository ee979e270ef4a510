"""Structured data: JSON-LD (with @graph and @id references), microdata and RDFa, one view."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

import pytest
from extruct import MicrodataExtractor

from archiver.extraction.page import structured
from archiver.extraction.page.document import Page, load_page
from archiver.extraction.page.structured import first_text, read_structured
from bench.real_site import CORPUS

URL = "https://news.example/world/story.html"


def page(head: str = "", body: str = "") -> Page:
    loaded = load_page(f"<html><head>{head}</head><body>{body}</body></html>".encode(), URL)
    assert isinstance(loaded, Page)
    return loaded


def test_json_ld_graph_references_are_resolved() -> None:
    script = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "@id": "p", "mainEntity": {"@id": "a"}},'
        '{"@type": "Person", "@id": "#/schema/person/1", "name": "Ann Lee"},'
        '{"@type": ["NewsArticle"], "@id": "a", "headline": "H",'
        ' "author": {"@id": "#/schema/person/1"}}]}</script>'
    )
    data = read_structured(page(head=script))
    assert data.article["headline"] == "H"
    assert first_text(data.article["author"]) == "Ann Lee"


def test_main_entity_of_a_web_page() -> None:
    script = (
        '<script type="application/ld+json">{"@type": "WebPage", "mainEntity":'
        ' {"@type": "ReportageNewsArticle", "headline": "Inside"}}</script>'
    )
    assert read_structured(page(head=script)).article["headline"] == "Inside"


def test_one_broken_script_does_not_hide_the_others() -> None:
    scripts = (
        '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "OK"}</script>'
    )
    assert read_structured(page(head=scripts)).article["headline"] == "OK"


def test_microdata_becomes_the_same_shape() -> None:
    body = (
        '<article itemscope itemtype="http://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Micro</h1>'
        '<span itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<span itemprop="name">Bo Ek</span></span></article>'
    )
    data = read_structured(page(body=body))
    assert data.article["@type"] == "http://schema.org/NewsArticle"
    assert data.article["headline"] == "Micro"
    assert first_text(data.article["author"]) == "Bo Ek"


def test_microdata_written_in_capitals_is_read() -> None:
    body = ('<DIV ItemScope ITEMTYPE="https://schema.org/NewsArticle">'
            '<h1 ITEMPROP="headline">Loud</h1></DIV>')
    assert read_structured(page(body=body)).article["headline"] == "Loud"


def test_pages_without_microdata_are_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    walked = []
    monkeypatch.setattr(structured, "MicrodataExtractor",
                        lambda: walked.append(1) or MicrodataExtractor())
    read_structured(page(body="<p itemprop=name>No item here</p>"))
    assert walked == []
    read_structured(page(body="<p itemscope itemprop=name>An item</p>"))
    assert walked == [1]


def test_microdata_of_real_pages_is_extructs() -> None:
    """Every page of the real-page corpus (read where it is, never copied) gives the items
    extruct finds in it, those without an itemscope attribute none."""
    pages = sorted(CORPUS.glob("*/*.html.gz"))[::3]
    if not pages:
        pytest.skip(f"no real pages in {CORPUS}")
    with_items = 0
    for path in pages:
        loaded = load_page(gzip.decompress(path.read_bytes()), URL, "text/html")
        if not isinstance(loaded, Page):
            continue
        expected = [structured._from_microdata(item) for item in
                    MicrodataExtractor().extract_items(loaded.tree, base_url=loaded.base_url)]
        assert structured._microdata(loaded) == expected, path.name
        with_items += bool(expected)
    assert with_items > 50


def test_schema_org_rdfa() -> None:
    body = (
        '<div vocab="http://schema.org/" typeof="NewsArticle">'
        '<h1 property="headline">Graph</h1>'
        '<span property="author" typeof="Person"><span property="name">Cy Orr</span></span></div>'
    )
    data = read_structured(page(body=body))
    assert data.article["headline"] == "Graph"
    assert first_text(data.article["author"]) == "Cy Orr"


def test_meta_values_in_page_order_wherever_they_stand() -> None:
    data = read_structured(page(
        head='<meta property="article:tag" content="a"><meta name="Keywords" content="k">',
        body='<meta property="article:tag" content="b">',
    ))
    assert data.meta["article:tag"] == ["a", "b"]
    assert data.first_meta("keywords") == "k"


def test_a_meta_property_list_gives_every_property_its_content() -> None:
    data = read_structured(page(head='<meta property="og:title twitter:title" content="Both">'))
    assert data.first_meta("og:title") == data.first_meta("twitter:title") == "Both"


def test_dublin_core_title_names_the_headline() -> None:
    from archiver.extraction import ExtractedArticle, extract_article

    prose = "".join(f"<p>Paragraph {n} of a report on the harbour works, long enough to"
                    " count as the body of an article on its own.</p>" for n in range(6))
    html = ('<html><head><title>Harbour Weekly</title>'
            '<meta property="dc:title" content="Quay wall repairs finish early"></head><body>'
            f'<main><h2>Contents</h2>{prose}</main></body></html>')
    result = extract_article(html.encode(), URL)
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Quay wall repairs finish early"


_RDFA_DATES_IN_A_PROCESS = """
from archiver.extraction.page.document import load_page
from archiver.extraction.page.structured import read_structured
body = ('<div vocab="http://schema.org/" typeof="BlogPosting"><h1 property="headline">Two</h1>'
        '<time property="datePublished" datetime="2023-10-06">6 Oct</time>'
        '<span property="datePublished" content="2023-10-06T03:46:34+00:00"></span>'
        '<span property="keywords">a</span><span property="keywords">b</span>'
        '<span property="keywords">c</span></div>'
        '<div vocab="http://schema.org/" typeof="Person"><span property="name">Di</span></div>')
page = load_page(f"<html><body>{body}</body></html>".encode(), "https://news.example/a")
data = read_structured(page)
print(data.article.get("datePublished"), data.article.get("keywords"), len(data.nodes))
"""


def test_rdfa_values_come_in_the_same_order_in_every_process() -> None:
    """rdflib keeps no page order and extruct serializes its graph in string-hash order,
    which each process seeds anew: the record of an unchanged page must not change."""
    seen = set()
    for seed in range(8):
        run = subprocess.run([sys.executable, "-c", _RDFA_DATES_IN_A_PROCESS],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONHASHSEED": str(seed)})
        assert run.returncode == 0, run.stderr[-2000:]
        seen.add(run.stdout)
    assert len(seen) == 1, seen
