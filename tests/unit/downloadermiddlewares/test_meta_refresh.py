"""Meta refreshes are found from the start of the page, as Scrapy finds them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from archiver.downloadermiddlewares.meta_refresh import (
    META_REFRESH_PREFIX_BYTES,
    PrefixMetaRefreshMiddleware,
)

URL = "https://news.example/a.html"
REFRESH = '<meta http-equiv="refresh" content="0; url=/next.html">'
FILLERS = ["a", " ", "é", "€", "日本", "\U0001f600", "<!-- x -->", "<p>", "&amp;", "\xa0", "ſ"]


def _outcome(middleware: MetaRefreshMiddleware, response: HtmlResponse) -> str | None:
    """The URL the middleware redirects to, or None when it passes the response on."""
    result = middleware.process_response(Request(URL), response)
    return None if result is response else result.url


def _response(body: bytes, encoding: str | None) -> HtmlResponse:
    content_type = f"text/html; charset={encoding}" if encoding else "text/html"
    return HtmlResponse(URL, body=body, headers={"Content-Type": content_type})


@settings(max_examples=150, deadline=None)
@given(
    fillers=st.lists(st.sampled_from(FILLERS), min_size=1, max_size=8),
    length=st.integers(min_value=17000, max_value=30000),
    refresh_at=st.none() | st.integers(3990, 4100) | st.integers(min_value=0, max_value=6000),
    encoding=st.sampled_from(["utf-8", "cp1252", "shift_jis", "utf-16", "gb18030", None]),
)
def test_same_decision_as_scrapy(fillers: list[str], length: int, refresh_at: int | None,
                                 encoding: str | None) -> None:
    # Long enough for the prefix to be used; the refresh before, across and beyond
    # the 4,096th character.
    text = ("".join(fillers) * length)[:length]
    if refresh_at is not None:
        text = text[:refresh_at] + REFRESH + text[refresh_at:]
    body = f"<html><head>{text}</head><body>x</body></html>".encode(
        encoding or "utf-8", errors="replace")
    crawler = get_crawler()
    ours = PrefixMetaRefreshMiddleware.from_crawler(crawler)
    scrapys = MetaRefreshMiddleware.from_crawler(crawler)
    assert _outcome(ours, _response(body, encoding)) == _outcome(
        scrapys, _response(body, encoding))


class CountingResponse(HtmlResponse):
    decoded = 0

    @property
    def text(self) -> str:
        CountingResponse.decoded += 1
        return super().text


def test_a_long_page_without_refresh_is_not_decoded_whole() -> None:
    body = ("<html><head><title>t</title></head><body>"
            + "<p>Harbour news.</p>" * 5000 + "</body></html>").encode()
    assert len(body) > 4 * META_REFRESH_PREFIX_BYTES
    response = CountingResponse(URL, body=body, headers={"Content-Type": "text/html"})
    assert _outcome(PrefixMetaRefreshMiddleware.from_crawler(get_crawler()), response) is None
    assert CountingResponse.decoded == 0
