"""CDXJ lines of server-not-modified revisits resolved to their original (no pywb here:
tests/test_replay_not_modified.py replays them)."""

from __future__ import annotations

import json

from archiver.warc.not_modified import resolved_lines
from archiver.warc.records import IDENTICAL_PAYLOAD, SERVER_NOT_MODIFIED

KEY = "org,example)/page.html"


def line(stamp: str, **fields) -> str:
    return f"{KEY} {stamp} {json.dumps(fields)}\n"


def test_a_304_line_points_at_its_original_in_another_index(tmp_path):
    earlier = tmp_path / "a.cdxj"
    earlier.write_text(line("20260101000000", url="http://example.org/page.html",
                            mime="text/html", status="200", digest="sha1:AAA", length="900",
                            offset="1200", filename="a.warc.gz"))
    raw = tmp_path / "b.raw"
    raw.write_text(
        line("20260102000000", url="http://example.org/page.html", mime="warc/revisit",
             status="304", digest="sha1:AAA", length="400", offset="700", filename="b.warc.gz",
             **{"warc-profile": SERVER_NOT_MODIFIED,
                "warc-refers-to-target-uri": "http://example.org/page.html",
                "warc-refers-to-date": "2026-01-01T00:00:00.123456Z"})
        + line("20260102000001", url="http://example.org/page.html", mime="warc/revisit",
               status="200", digest="sha1:AAA", length="300", offset="1100",
               filename="b.warc.gz", **{"warc-profile": IDENTICAL_PAYLOAD}))
    first, second = [json.loads(text.split(" ", 2)[2])
                     for text in resolved_lines(raw, [earlier])]
    assert first == {"url": "http://example.org/page.html", "mime": "text/html",
                     "status": "200", "digest": "sha1:AAA", "length": "900",
                     "offset": "1200", "filename": "a.warc.gz",
                     "revisit": {"status": "304", "length": "400", "offset": "700",
                                 "filename": "b.warc.gz"}}
    # Identical-payload revisits stay as they are (pywb resolves them), extra fields out.
    assert second == {"url": "http://example.org/page.html", "mime": "warc/revisit",
                      "status": "200", "digest": "sha1:AAA", "length": "300",
                      "offset": "1100", "filename": "b.warc.gz"}


def test_a_304_whose_original_is_missing_stays_as_it_was(tmp_path):
    raw = tmp_path / "b.raw"
    fields = {"url": "http://example.org/page.html", "mime": "warc/revisit", "status": "304",
              "digest": "sha1:BBB", "length": "400", "offset": "700", "filename": "b.warc.gz"}
    raw.write_text(line("20260102000000", **fields, **{
        "warc-profile": SERVER_NOT_MODIFIED,
        "warc-refers-to-target-uri": "http://example.org/page.html",
        "warc-refers-to-date": "2026-01-01T00:00:00Z"}))
    (only,) = resolved_lines(raw, [])
    assert json.loads(only.split(" ", 2)[2]) == fields
