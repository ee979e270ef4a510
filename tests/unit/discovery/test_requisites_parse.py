"""Page requisites found in HTML and CSS (archiver.discovery.requisites), and admitted by the
frontier under a source's `embeds` scope, without Scrapy."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path

import lxml.html
import pytest

from archiver.discovery.requisites import (
    chosen,
    page_requisites,
    parse_srcset,
    stylesheet_requisites,
)
from archiver.frontier.admission import Candidate, Frontier, conditional_headers
from archiver.frontier.candidates import requisites
from archiver.frontier.sources import Source, embed_in_scope, same_site
from archiver.frontier.sources_file import ConfigError, load_sources
from archiver.records.captures import CaptureBoard
from archiver.state.sqlite import CrawlState, Fetch

PAGE = """<html><head><base href="https://news.example/a/">
<link rel="stylesheet" href="site.css"><link rel="shortcut icon" href="/favicon.ico">
<link rel="preload" as="font" href="/f.woff2" crossorigin>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<meta property="og:image" content="https://img.example/og.jpg">
<style>@import url("print.css") print; .hero { background: url('hero.jpg') }</style>
</head><body>
<img src="photo.jpg" srcset="p-480.jpg 480w, p-1600.jpg 1600w, p-3200.jpg 3200w" alt="">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="
  data-src="lazy.jpg" data-srcset="l1.jpg 1x, l2.jpg 2x">
<noscript><img src="fallback.jpg"></noscript>
<picture><source type="image/webp" srcset="pic.webp"><img src="pic.jpg"></picture>
<video poster="poster.jpg"><source src="clip.mp4" type="video/mp4"></video>
<audio src="sound.mp3"></audio>
<script src="/app.js"></script><script>var inline = 1;</script>
<div style="background-image: url(div.png)"></div>
<a href="/next.html"><img src="javascript:void(0)"></a>
<iframe src="/embed.html"></iframe>
</body></html>"""


def test_a_pages_requisites_in_document_order_with_their_types():
    found = page_requisites(lxml.html.fromstring(PAGE), "https://news.example/a/page.html")
    got = [(r.url.removeprefix("https://news.example"), r.type) for r in found.requisites]
    assert got == [
        ("/a/site.css", "css"), ("/favicon.ico", "image"), ("/f.woff2", "font"),
        ("/a/photo.jpg", "image"), ("/a/p-1600.jpg", "image"), ("/a/p-3200.jpg", "image"),
        ("/a/lazy.jpg", "image"), ("/a/l1.jpg", "image"), ("/a/l2.jpg", "image"),
        ("/a/fallback.jpg", "image"), ("/a/pic.webp", "image"), ("/a/pic.jpg", "image"),
        ("/a/poster.jpg", "image"), ("/a/clip.mp4", "media"), ("/a/sound.mp3", "media"),
        ("/app.js", "script"), ("https://img.example/og.jpg", "image"),
        ("/a/print.css", "css"), ("/a/hero.jpg", "image"), ("/a/div.png", "image"),
    ]
    assert found.skipped == []


def test_inline_css_is_read_for_urls_in_any_case_and_only_where_one_may_be():
    page = ("<style>.a { color: red } garbage {</style>"  # no URL: not tokenized, no skip
            "<style>@IMPORT 'i.css'; .b { background: URL(b.png) }</style>"
            "<style>.c { background: -webkit-image-set('c1.png' 1x, 'c2.png' 2x) }</style>"
            '<p style="color: blue">x</p><p style="background: Url(p.png)">y</p>')
    found = page_requisites(lxml.html.fromstring(page), "http://s.example/")
    assert [(r.url.removeprefix("http://s.example/"), r.type) for r in found.requisites] == [
        ("i.css", "css"), ("b.png", "image"), ("c1.png", "image"), ("c2.png", "image"),
        ("p.png", "image")]
    assert found.skipped == []


@pytest.mark.parametrize(("srcset", "urls", "bad"), [
    ("a.jpg 480w, b.jpg 1600w", ["a.jpg", "b.jpg"], []),
    ("a.jpg, b.jpg 2x", ["a.jpg", "b.jpg"], []),
    ("a.jpg 12q, b.jpg 2x", ["b.jpg"], ["a.jpg 12q"]),
    ("a.jpg 1x 2x, b.jpg 100w 2x, c.jpg 0w", [], ["a.jpg 1x 2x", "b.jpg 100w 2x", "c.jpg 0w"]),
    (" , ,, ", [], []),
    ("a,b.jpg 1x,c.jpg 2x", ["a,b.jpg", "c.jpg"], []),
])
def test_srcset_candidates_and_the_malformed_ones(srcset, urls, bad):
    candidates, malformed = parse_srcset(srcset)
    assert [c.url for c in candidates] == urls
    assert malformed == bad


def test_the_browsers_pick_at_the_default_width_and_the_largest():
    widths, _ = parse_srcset("s.jpg 320w, m.jpg 1280w, l.jpg 1920w, xl.jpg 3840w")
    assert chosen(widths) == ["m.jpg", "xl.jpg"]
    small, _ = parse_srcset("s.jpg 320w, m.jpg 640w")
    assert chosen(small) == ["m.jpg"]  # none covers the width: the largest, once
    densities, _ = parse_srcset("a.jpg, b.jpg 2x, c.jpg 3x")
    assert chosen(densities) == ["a.jpg", "c.jpg"]


def test_a_bad_srcset_is_skipped_with_its_reason():
    page = '<img srcset="x.jpg 1q, y.jpg 2x">'
    found = page_requisites(lxml.html.fromstring(page), "http://s.example/")
    assert [r.url for r in found.requisites] == ["http://s.example/y.jpg"]
    assert found.skipped == [("bad_srcset", "x.jpg 1q")]


CSS = b"""@charset "utf-8";
/* url(commented.png) @import "commented.css"; */
@import "base.css";
@import url(theme.css) screen;
@font-face { font-family: X; src: url(../fonts/x.woff2) format("woff2"), url("../fonts/x.ttf"); }
@media (min-width: 40em) { .a { background: url(wide.png) } }
.b { background-image: image-set("b1.png" 1x, "b2.png" 2x); }
.c { background: url(data:image/png;base64,AAAA) }
.d { content: "url(not-a-url.png)"; cursor: url(/cursor.cur), auto; }
"""


def test_a_stylesheets_imports_fonts_and_images():
    found = stylesheet_requisites(CSS, "https://news.example/css/site.css")
    got = [(r.url.removeprefix("https://news.example"), r.type) for r in found.requisites]
    assert got == [("/css/base.css", "css"), ("/css/theme.css", "css"),
                   ("/fonts/x.woff2", "font"), ("/fonts/x.ttf", "font"),
                   ("/css/wide.png", "image"), ("/css/b1.png", "image"),
                   ("/css/b2.png", "image"), ("/cursor.cur", "image")]


def test_a_stylesheets_encoding_is_honoured():
    css = '@charset "iso-8859-1"; .x { background: url(caf\xe9.png) }'.encode("latin-1")
    found = stylesheet_requisites(css, "http://s.example/a.css")
    assert [r.url for r in found.requisites] == ["http://s.example/café.png"]


def test_broken_css_keeps_what_parses_and_names_the_rest():
    found = stylesheet_requisites(b".a { background: url(a.png) } garbage here",
                                  "http://s.example/a.css")
    assert [r.url for r in found.requisites] == ["http://s.example/a.png"]
    assert found.skipped and found.skipped[0][0] == "bad_css"


def test_undecodable_bytes_do_not_raise():
    found = stylesheet_requisites(b"\xff\xfe\x00\xd8 url(x)", "http://s.example/a.css")
    assert isinstance(found.requisites, list)


def test_embed_scopes():
    domains = ["www.news.example.co.uk"]
    assert same_site("https://cdn.news.example.co.uk/a.png", domains)
    assert not same_site("https://other.co.uk/a.png", domains)
    assert embed_in_scope("https://images.cdn.example/a.png", "any", domains)
    assert not embed_in_scope("https://user@images.cdn.example/a.png", "any", domains)
    assert not embed_in_scope("https://images.cdn.example/a.png", "same-site", domains)
    assert not embed_in_scope("https://www.news.example.co.uk/a.png", "none", domains)


def test_the_sources_file_checks_embeds(tmp_path: Path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.a]\nseeds = ["https://a.example/"]\nembeds = "same-site"\n')
    assert load_sources(path)[0].embeds == "same-site"
    path.write_text('[sources.a]\nseeds = ["https://a.example/"]\nembeds = "everywhere"\n')
    with pytest.raises(ConfigError, match=r"sources.toml:3: sources.a.embeds: must be one of"):
        load_sources(path)


def frontier(state: CrawlState, max_pages: int = 0) -> Frontier:
    return Frontier(state, since=None, refresh_after=-1, default_max_pages=max_pages,
                    now=datetime.now(timezone.utc))


def test_embeds_are_admitted_by_scope_once_and_never_count_as_pages():
    source = Source.from_seeds(["https://news.example/"])
    state = CrawlState.open(":memory:")
    front = frontier(state, max_pages=1)
    page = Candidate(url="https://news.example/a.html", source=source, hops_left=0,
                     discovery={})
    assert front.admit(page).admitted
    embeds = requisites(source, "https://news.example/a.html", page_requisites(
        lxml.html.fromstring('<img src="https://cdn.example/x.png"><img src="/y.png">'
                             '<img src="/y.png#frag">'), "https://news.example/").requisites)
    decisions = [front.admit(candidate) for candidate in embeds]
    assert [d.admitted for d in decisions] == [True, True]  # over max_pages, off the site
    assert not front.admit(embeds[0]).admitted  # once a run
    assert front.discovered == {"https://news.example/a.html"}
    none = Source(name="n", seeds=source.seeds, allowed_domains=source.allowed_domains,
                  embeds="none")
    assert requisites(none, "https://news.example/a.html", [embeds[0]]) == []
    off = Candidate(url="https://cdn.example/z.png", hops_left=0, discovery={}, embed="image",
                    source=Source(name="s", seeds=source.seeds,
                                  allowed_domains=source.allowed_domains, embeds="same-site"))
    assert front.admit(off).skip == "embed_out_of_scope"


def test_a_known_embed_is_asked_for_conditionally():
    state = CrawlState.open(":memory:")
    state.fetched(Fetch(key="https://news.example/y.png", url="https://news.example/y.png",
                        source="", kind="embed", status=200, etag='"abc"',
                        last_modified="Tue, 01 Dec 2026 10:00:00 GMT"))
    known = state.get("https://news.example/y.png")
    assert conditional_headers(known) == {"If-None-Match": '"abc"',
                                          "If-Modified-Since": "Tue, 01 Dec 2026 10:00:00 GMT"}
    assert conditional_headers(known, listings=False)


def test_the_capture_board_waits_only_for_what_is_expected():
    async def scenario() -> None:
        board = CaptureBoard()
        board.expect("a")
        board.expect("b")
        asyncio.get_event_loop().call_later(0.05, board.resolve, "a", {"record_id": "<a>"})
        got = await board.pointers(["a", "c"], timeout=5)
        assert got == {"a": {"record_id": "<a>"}, "c": None}
        assert await board.pointers(["b"], timeout=0.1, poll=0.02) == {"b": None}
        assert await board.pointers(["b"], timeout=5, running=lambda: False) == {"b": None}
        board.resolve("a", None)  # a later failure does not undo a capture
        assert board.done["a"] == {"record_id": "<a>"}

    asyncio.run(scenario())
