"""Decompression gives what Scrapy's gives, without analysing the compressed bytes."""

from __future__ import annotations

import gzip
import zlib

import pytest
import scrapy.http.response.text as scrapy_text
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from archiver.downloadermiddlewares.decompression import DecompressionMiddleware

URL = "https://news.example/a.html"
PARAGRAPH = "<p>Die Bürgerschaft tagt am Montag; über den Haushalt wird später entschieden.</p>"
PAGES = {
    "utf-8, no charset anywhere": ("text/html", PARAGRAPH.encode() * 200),
    "charset in the header": ("text/html; charset=cp1252", PARAGRAPH.encode("cp1252") * 200),
    "charset in the page": ("text/html", b'<meta charset="shift_jis">'
                            + "<p>東京の天気は晴れ。</p>".encode("shift_jis") * 300),
    "latin-1, undeclared": ("text/html", PARAGRAPH.encode("latin-1") * 200),
    "plain text": ("text/plain", b"Just text, " * 500),
}


def _response(content_type: str, body: bytes, coding: str) -> HtmlResponse:
    packed = gzip.compress(body) if coding == "gzip" else zlib.compress(body)
    return HtmlResponse(URL, body=packed, headers={"Content-Type": content_type,
                                                   "Content-Encoding": coding})


def _middlewares() -> tuple[HttpCompressionMiddleware, HttpCompressionMiddleware]:
    crawler = get_crawler()
    return (DecompressionMiddleware.from_crawler(crawler),
            HttpCompressionMiddleware.from_crawler(crawler))


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
@pytest.mark.parametrize("case", PAGES)
def test_the_decoded_response_is_scrapys(case: str, coding: str) -> None:
    ours, scrapys = _middlewares()
    content_type, body = PAGES[case]
    mine = ours.process_response(Request(URL), _response(content_type, body, coding))
    theirs = scrapys.process_response(Request(URL), _response(content_type, body, coding))
    assert type(mine) is type(theirs) and issubclass(type(mine), TextResponse)
    assert (mine.url, mine.status, mine.body) == (theirs.url, theirs.status, body)
    assert mine.headers.to_unicode_dict() == theirs.headers.to_unicode_dict()
    assert "Content-Encoding" not in mine.headers
    assert (mine.encoding, mine.text) == (theirs.encoding, theirs.text)


def test_the_compressed_bytes_are_never_analysed(monkeypatch: pytest.MonkeyPatch) -> None:
    analysed: list[int] = []
    detect = scrapy_text.from_bytes

    def counting(data: bytes, *args: object, **kwargs: object) -> object:
        analysed.append(len(data))
        return detect(data, *args, **kwargs)

    monkeypatch.setattr(scrapy_text, "from_bytes", counting)
    ours, scrapys = _middlewares()
    content_type, body = PAGES["utf-8, no charset anywhere"]
    scrapys.process_response(Request(URL), _response(content_type, body, "gzip"))
    assert analysed, "Scrapy's own middleware no longer analyses the compressed bytes"
    analysed.clear()
    decoded = ours.process_response(Request(URL), _response(content_type, body, "gzip"))
    assert analysed == []
    assert decoded.encoding == "utf-8"  # found from the decoded body, when asked


def test_what_is_not_decompressed_passes_as_it_came() -> None:
    ours, _ = _middlewares()
    plain = HtmlResponse(URL, body=b"<p>x</p>", headers={"Content-Type": "text/html"})
    assert ours.process_response(Request(URL), plain) is plain
    packed = _response("text/html", b"<p>x</p>", "gzip")
    assert ours.process_response(Request(URL, method="HEAD"), packed) is packed
    binary = Response(URL, body=gzip.compress(b"\x00\x01"),
                      headers={"Content-Encoding": "gzip"})
    assert ours.process_response(Request(URL), binary).body == b"\x00\x01"
