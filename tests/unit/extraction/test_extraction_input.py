"""Bad and odd input: decoding, non-HTML, broken markup. Nothing raises; skips are named."""

from __future__ import annotations

import random

import pytest

from archiver.extraction import ExtractedArticle, Skipped, extract_article
from archiver.extraction.page.document import MAX_BYTES, load_page

URL = "https://news.example/world/a-story.html"
PARAGRAPH = (
    "Der Stadtrat beschloss am Montag nach langer Debatte, die Fähre über den Fluss bis zum "
    "Jahresende weiter zu betreiben und die Fahrpreise für Schüler zu senken. "
)


def article_html(charset_meta: str = "", paragraph: str = PARAGRAPH) -> str:
    return (
        f"<!DOCTYPE html><html lang='de'><head>{charset_meta}<title>Fähre fährt weiter</title>"
        "<meta property='og:type' content='article'></head><body><article>"
        f"<h1>Fähre fährt weiter</h1><p>{paragraph * 3}</p><p>{paragraph * 2}</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"", None, "empty_body"),
        (b"  \r\n\t ", "text/html", "empty_body"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "not_html"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", None, "not_html"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", None, "not_html"),
        (b"<html><body><p>hello</p></body></html>", "image/jpeg", "not_html"),
        (b'{"headline": "not a page"}', "application/json; charset=utf-8", "not_html"),
        (random.Random(7).randbytes(4096), None, "not_html"),
        (b"<!-- nothing but a comment -->", None, "unparseable"),
        (b"<html><body><p>Too short.</p></body></html>", "text/html", "too_short"),
    ],
)
def test_bad_input_is_skipped_with_a_reason(
    body: bytes, content_type: str | None, reason: str
) -> None:
    result = extract_article(body, URL, content_type=content_type)
    assert isinstance(result, Skipped)
    assert result.reason == reason
    assert result.detail


def test_too_large_body_is_skipped() -> None:
    result = extract_article(b"<p>" + b"a" * MAX_BYTES, URL)
    assert isinstance(result, Skipped) and result.reason == "too_large"


def test_nesting_deeper_than_lxml_allows_does_not_raise() -> None:
    depth = 5000
    body = ("<html><body>" + "<div>" * depth + f"<p>{PARAGRAPH * 5}</p>" + "</div>" * depth)
    result = extract_article(body.encode(), URL)
    assert isinstance(result, (Skipped, ExtractedArticle))


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    body = article_html().encode("utf-8").replace(b"Montag", b"Mon\xff\xfetag")
    result = extract_article(body, URL, content_type="text/html; charset=utf-8")
    assert isinstance(result, ExtractedArticle)
    assert "Mon\ufffd\ufffdtag" in result.text


def test_charset_from_the_header_wins() -> None:
    body = article_html('<meta charset="utf-8">').encode("iso-8859-1")
    result = extract_article(body, URL, content_type="text/html; charset=ISO-8859-1")
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Fähre fährt weiter"


def test_charset_from_meta() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    body = article_html(meta)
    result = extract_article(body.encode("cp1252"), URL, content_type="text/html")
    assert isinstance(result, ExtractedArticle)
    assert "Schüler" in result.text


def test_undeclared_legacy_bytes_read_as_windows_1252() -> None:
    result = extract_article(article_html().encode("cp1252"), URL)
    assert isinstance(result, ExtractedArticle)
    assert "Schüler" in result.text


def test_utf8_body_under_a_stale_meta_charset() -> None:
    body = article_html('<meta charset="iso-8859-1">').encode("utf-8")
    result = extract_article(body, URL)
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Fähre fährt weiter"


def test_xhtml_with_an_xml_encoding_declaration() -> None:
    body = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + article_html().encode("latin-1")
    result = extract_article(body, URL, content_type="application/xhtml+xml")
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Fähre fährt weiter"


def test_base_href_resolves_relative_urls() -> None:
    page = load_page(b'<html><head><base href="/de/"></head><body><p>x</p></body></html>', URL)
    assert not isinstance(page, Skipped)
    assert page.base_url == "https://news.example/de/"


def test_broken_json_ld_and_odd_urls_do_not_raise() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<script type="application/ld+json">[[[[[[[[[[</script>'
        '<link rel="canonical" href="http://[broken">'
    )
    html = article_html(head).replace("<h1>", '<img src="http://[x/y.jpg"><h1>')
    result = extract_article(html.encode(), URL)
    assert isinstance(result, ExtractedArticle)
    assert result.canonical_url is None


def test_content_after_a_closing_html_tag_is_kept() -> None:
    # libxml2 parses what follows </html> into a second root element.
    body = article_html().replace("</head>", "</head></html>").encode()
    result = extract_article(body, URL)
    assert isinstance(result, ExtractedArticle)
    assert result.title == "Fähre fährt weiter"
    assert "Schüler" in result.text


def test_control_characters_in_text_do_not_raise() -> None:
    html = article_html().replace("Montag", "Mon\x0btag\x00").replace("<h1>", "<h1>\x0c")
    result = extract_article(html.encode(), URL)
    assert isinstance(result, ExtractedArticle)
    assert "Montag" in result.text


@pytest.mark.parametrize("noncharacters", [("\ufffe",), ("\uffff",), ("\ufffe", "\uffff")])
def test_xml_noncharacters_are_left_out_and_their_neighbours_kept(noncharacters) -> None:
    """U+FFFE and U+FFFF (which lxml refuses) go; U+FFFD and U+FFEF, which share their
    first two bytes in UTF-8, stay."""
    marked = "Mon" + "".join(noncharacters) + "tag \ufffd \uffef"
    page = load_page(article_html().replace("Montag", marked).encode(), URL, "text/html")
    text = page.tree.text_content()
    assert "Montag \ufffd \uffef" in text
    assert "\ufffe" not in text and "\uffff" not in text


def test_a_utf8_page_is_parsed_from_its_bytes_less_the_byte_order_mark() -> None:
    """The markup of a UTF-8 page is its own bytes (no decoding and encoding again):
    the same bytes, without the byte order mark, with what XML forbids taken out."""
    html = article_html('<meta charset="iso-8859-1">').replace("Montag", "Mon\x0btag")
    page = load_page(b"\xef\xbb\xbf" + html.encode("utf-8"), URL)
    assert page.markup == html.replace("\x0b", "").encode("utf-8")
    assert page.tree.findtext(".//h1") == "Fähre fährt weiter"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_binary_looking_pages_are_told_by_their_first_2048_characters(encoding: str) -> None:
    """Control characters count within the first 2,048 characters, not bytes: of a UTF-8
    page of two-byte letters, those after 2,100 letters (4,200 bytes) do not."""
    letters = "ü" * 2100
    late = ("<html><body><p>" + letters + "\x01" * 9 + "</p>" + article_html()).encode(encoding)
    early = ("<html><body><p>" + "\x01" * 9 + letters + "</p>").encode(encoding)
    assert isinstance(load_page(early, URL), Skipped)
    assert not isinstance(load_page(late, URL), Skipped)
