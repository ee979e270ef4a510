"""The WARC side of browser capture, byte for byte: resource records linked to the page,
what a browser exchange's metadata and header changes say (no browser needed)."""

from __future__ import annotations

from archiver.warc.framing import header_changes, stored_response_headers
from archiver.warc.metadata import FetchFacts, metadata_fields
from tests.unit.warc.test_warc_records import STARTED, exchange, read_records, writer_in


def browser_exchange():
    return exchange(browser=True, body=b"<html><body>hello</body></html>",
                    response_headers=[(b"content-type", b"text/html"),
                                      (b"content-length", b"31")])


def test_dom_and_screenshot_resources_are_concurrent_to_the_page(tmp_path):
    writer = writer_in(tmp_path)
    page = writer.write_exchange(browser_exchange())
    written = writer.write_resources(
        [("urn:dom:http://127.0.0.1:8000/news/a.html?ref=home", "text/html; charset=utf-8",
          b"<html><body>rendered</body></html>"),
         ("urn:screenshot:http://127.0.0.1:8000/news/a.html?ref=home", "image/png", b"\x89PNG")],
        STARTED, page.record_id)
    writer.close()
    records = read_records(writer.closed_files[0])
    resources = [r for r in records if r[0] == "resource"]
    response = next(h for kind, h, _, _ in records if kind == "response")
    assert page.record_id == response.get_header("WARC-Record-ID")
    assert [w.record_id for w in written] == [
        h.get_header("WARC-Record-ID") for _, h, _, _ in resources]
    for (_, headers, _, body), (kind, content) in zip(
            resources, [("text/html; charset=utf-8", b"<html><body>rendered</body></html>"),
                        ("image/png", b"\x89PNG")], strict=True):
        assert headers.get_header("WARC-Concurrent-To") == page.record_id
        assert headers.get_header("Content-Type") == kind and body == content
        assert headers.get_header("WARC-Block-Digest").startswith("sha1:")
    dom = written[0]  # the pointer reads back exactly that record
    with open(writer.closed_files[0], "rb") as stream:
        stream.seek(dom.offset)
        assert len(stream.read(dom.length)) == dom.length


def test_a_browser_exchange_says_so_in_its_metadata():
    ex = browser_exchange()
    fields = dict(metadata_fields(ex, FetchFacts(hop_path="LE"), "sha1:X"))
    assert fields["capture"] == "browser" and fields["hopsFromSeed"] == "LE"
    assert "article-record-id" not in fields  # a record comes from the rendered DOM
    assert any("as the browser reported them" in c for c in header_changes(ex))
    assert stored_response_headers(ex)[-1] == (b"Content-Length", b"31")
