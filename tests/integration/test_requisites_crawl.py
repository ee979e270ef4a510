"""Page requisites end to end: the demo site crawled over real HTTP, then crawled again.

What a browser needs to show the seed article (its photo, the logo's srcset picks, a lazy
thumbnail, the stylesheet and its font and background, the favicon, the script) is in the
WARC, fetched once however many pages use it, with hop type E and the page as Referer; the
record's images point at their captures; a second run asks again only conditionally.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import DEMO_SITE_DIR, Reply
from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


SEED = "/russia-ukraine-war/kim-jong-un-pledges-support-for-families-of-fallen-soldiers.html"
PHOTO = "/images/kim-il-sung-square-2024.png"
# The seed article's requisites, and the end of their hop paths (E from a page, EE from the
# stylesheet); the page needing them first is reached by links (L) from the home page.
REQUISITES = {
    "/css/site.css": "E", "/images/favicon.png": "E", "/images/logo.png": "E",
    "/images/logo-2x.png": "E", "/images/ferry-holm-thumb.png": "E", "/js/site.js": "E",
    PHOTO: "E", "/fonts/harbour-sans.woff2": "EE", "/images/masthead-wave.png": "EE",
}


def warc_rows(out: Path) -> list[dict]:
    rows = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with open(path, "rb") as stream:
            iterator = ArchiveIterator(stream)
            for record in iterator:
                headers = record.rec_headers
                rows.append({
                    "file": path.name,
                    "type": record.rec_type, "uri": headers.get_header("WARC-Target-URI"),
                    "id": headers.get_header("WARC-Record-ID"),
                    "concurrent": headers.get_header("WARC-Concurrent-To"),
                    "refers_to": headers.get_header("WARC-Refers-To"),
                    "digest": headers.get_header("WARC-Payload-Digest"),
                    "truncated": headers.get_header("WARC-Truncated"),
                    "status": record.http_headers.get_statuscode()
                    if record.http_headers and record.rec_type != "metadata" else None,
                    "referer": record.http_headers.get_header("Referer")
                    if record.rec_type == "request" else None,
                    "body": record.content_stream().read(),
                })
    return rows


def records(out: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


def hops(rows: list[dict], uri: str) -> list[str]:
    """The hopsFromSeed of each capture of `uri` (from the metadata records)."""
    ids = {row["id"] for row in rows if row["uri"] == uri and row["type"] in ("response",
                                                                              "revisit")}
    found = []
    for row in rows:
        if row["type"] == "metadata" and row["concurrent"] in ids:
            for line in row["body"].decode().splitlines():
                if line.startswith("hopsFromSeed:"):
                    found.append(line.split(":", 1)[1].strip())
    return found


@pytest.fixture(scope="module")
def demo(module_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("requisites")
    run = run_cli(["crawl", f"{module_site.base_url}/", "--out", str(out)], out)
    assert run.returncode == 0, run.stderr[-3000:]
    return module_site, out, warc_rows(out), records(out)


def test_the_seed_articles_requisites_are_archived_once_with_hop_e(demo):
    site, out, rows, _records = demo
    for path, hop in REQUISITES.items():
        url = site.url(path)
        responses = [r for r in rows if r["uri"] == url and r["type"] == "response"]
        assert [r["status"] for r in responses] == ["200"], path
        assert responses[0]["body"] == (DEMO_SITE_DIR / path.lstrip("/")).read_bytes()
        (found,) = hops(rows, url)
        assert re.fullmatch(f"L*{hop}", found), (path, found)  # from the first page needing it
        # Requested once, though every page of the site links the stylesheet and the logo.
        assert len(site.requests_for(path)) == 1, path
    assert not [e for e in site.exchanges if "data:" in e.path]


def test_requisites_are_requested_with_the_page_or_stylesheet_as_referer(demo):
    site, _out, rows, _records = demo
    referers = {r["uri"]: r["referer"] for r in rows if r["type"] == "request"}
    assert referers[site.url(PHOTO)] == site.url(SEED)  # the only article showing it
    assert referers[site.url("/fonts/harbour-sans.woff2")] == site.url("/css/site.css")
    assert referers[site.url("/images/ferry-holm-thumb.png")] == site.url(SEED)


def test_the_seed_photo_pointer_resolves_to_its_capture(demo):
    site, out, rows, recs = demo
    seed = next(r for r in recs if r["url"] == site.url(SEED))
    image = seed["images"][0]
    assert image["url"] == site.url(PHOTO)
    pointer = image["archive"]
    with open(out / "warc" / pointer["warc_file"], "rb") as stream:
        stream.seek(pointer["offset"])
        member = stream.read(pointer["length"])
    record = next(iter(ArchiveIterator(io.BytesIO(gzip.decompress(member)))))
    assert record.rec_type == "response"
    assert record.rec_headers.get_header("WARC-Target-URI") == site.url(PHOTO)
    assert record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
    assert record.rec_headers.get_header("WARC-Payload-Digest") == pointer["payload_digest"]
    assert record.content_stream().read() == (DEMO_SITE_DIR / PHOTO.lstrip("/")).read_bytes()


def test_every_record_image_points_at_a_capture_of_it(demo):
    _site, _out, rows, recs = demo
    by_id = {r["id"]: r for r in rows}
    for record in recs:
        for image in record["images"]:
            assert by_id[image["archive"]["record_id"]]["uri"] == image["url"]


def test_requisites_are_counted_by_type(demo):
    _site, out, _rows, _records = demo
    counts = json.loads((out / "report.json").read_text())["counts"]
    by_type = counts["requisites"]["by_type"]
    assert by_type["font"]["fetched"] == 1
    assert by_type["css"]["fetched"] == 1
    assert by_type["script"]["fetched"] == 1
    assert by_type["image"]["fetched"] >= 8
    assert all(kinds["failed"] == 0 for kinds in by_type.values())
    assert counts["pages"] == 18  # the requisites are fetches, not pages


def test_the_result_validates(demo):
    _site, out, _rows, _records = demo
    run = run_cli(["validate", str(out / "warc")], out)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_second_run_asks_for_requisites_only_conditionally(site, tmp_path):
    out = tmp_path / "out"
    seed = site.url(SEED)
    first = run_cli(["crawl", seed, "--depth", "0", "--out", str(out)], tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    original = next(r for r in warc_rows(out) if r["uri"] == site.url(PHOTO)
                    and r["type"] == "response")
    site.clear_exchanges()
    unchanged = run_cli(["crawl", seed, "--depth", "0", "--out", str(out)], tmp_path)
    assert unchanged.returncode == 0, unchanged.stderr[-3000:]
    # The same page again (a 304): no requisite asked for at all, no body sent again.
    assert [e.status for e in site.exchanges if e.path == SEED] == [304]
    assert not [e for e in site.exchanges if e.path in REQUISITES]
    site.clear_exchanges()
    # The article changed (a correction): a new version, whose requisites did not.
    page = (DEMO_SITE_DIR / SEED.lstrip("/")).read_text().replace(
        "{{BASE_URL}}", site.base_url).replace(
        "families of soldiers who died", "families of the soldiers who died")
    site.add_route(SEED, lambda request: Reply(
        headers=[("Content-Type", "text/html; charset=utf-8")], body=page.encode()))
    second = run_cli(["crawl", seed, "--depth", "0", "--out", str(out)], tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    asked = [e for e in site.exchanges if e.path in REQUISITES]
    # The page's own, asked with their validators; the stylesheet's (font, background) not
    # at all: a 304 stylesheet is the one archived, whose requisites were archived with it.
    assert sorted({e.path for e in asked}) == sorted(
        path for path, hop in REQUISITES.items() if hop == "E")
    for exchange in asked:
        conditional = any(name.lower() == "if-none-match" for name, _ in exchange.request_headers)
        assert conditional and exchange.status == 304, (exchange.path, exchange.status)
    (updated,) = [r for r in records(out) if r.get("version") == 2]
    assert updated["images"][0]["archive"]["record_id"] == original["id"]
    run = run_cli(["validate", str(out / "warc")], tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def bad_site(site):
    page = """<html><head><title>Odd requisites</title>
<link rel="stylesheet" href="/a.css"><link rel="stylesheet" href="/c1.css">
<link rel="stylesheet" href="/broken.css"></head><body>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
<img srcset="/s1.png 12q, /s2.png 2x, , /s3.png 1x 2x" alt="odd srcset">
<img src="/huge.png" alt="huge"><img src="/moved.png" alt="moved">
</body></html>"""
    css = {"/a.css": '@import "b.css"; body { background: url(data:image/png;base64,AA) }',
           "/b.css": '@import url("/a.css");',
           "/broken.css": "h1 { color: red } }}} @media { .x { background: url(/bg.png) ",
           **{f"/c{n}.css": f'@import "c{n + 1}.css";' for n in range(1, 6)}}
    huge = b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024)
    routes = {"/page.html": ("text/html; charset=utf-8", page.encode()),
              "/huge.png": ("image/png", huge),
              "/bg.png": ("image/png", b"png"), "/s2.png": ("image/png", b"png2")}
    routes |= {path: ("text/css", text.encode()) for path, text in css.items()}
    for path, (kind, body) in routes.items():
        site.add_route(path, lambda request, kind=kind, body=body: Reply(
            headers=[("Content-Type", kind)], body=body))
    site.add_route("/moved.png", lambda request: Reply(
        status=302, headers=[("Location", "http://elsewhere.invalid/moved.png")]))
    return site


def test_bad_input_is_skipped_with_reasons_and_bounded(bad_site, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(f'[sources.odd]\nseeds = ["{bad_site.url("/page.html")}"]\n'
                      'embeds = "same-site"\n')
    out = tmp_path / "out"
    run = run_cli(["crawl", "--config", str(config), "--depth", "0", "--out", str(out),
                   "--log-level", "INFO", "-s", "ARCHIVER_REQUISITES=all",
                   "-s", "ARCHIVER_REQUISITES_MAXSIZE=65536"],
                  tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    asked = [e.path for e in bad_site.exchanges]
    assert not [path for path in asked if "data:" in path]
    # @import loop: each stylesheet once; a chain stops at ARCHIVER_REQUISITES_CSS_DEPTH (3).
    assert asked.count("/a.css") == asked.count("/b.css") == 1
    assert "/c4.css" in asked and "/c5.css" not in asked
    # Malformed srcset candidates skipped, the good one (2x, the largest) fetched.
    assert "/s2.png" in asked and "/s1.png" not in asked and "/s3.png" not in asked
    # The stylesheet parses as far as it can (CSS error recovery): its background is kept.
    assert "/bg.png" in asked
    # The redirect off the source's site is not followed (and nothing was resolved).
    assert not [entry for entry in run.network if "elsewhere" in json.dumps(entry)]
    report = json.loads((out / "report.json").read_text())
    skipped = report["counts"]["requisites"]["skipped"]
    assert skipped["bad_srcset"] == 2 and skipped["css_too_deep"] == 1
    assert report["outcome"] == "ok"
    # The image over the cap: archived cut at 64 KiB and marked, pointed at by nothing.
    (huge,) = [r for r in warc_rows(out) if r["uri"] == bad_site.url("/huge.png")
               and r["type"] == "response"]
    assert huge["truncated"] == "length" and len(huge["body"]) == 65536
    assert report["counts"]["requisites"]["by_type"]["image"]["failed"] >= 1
    assert "Requisite skipped (bad_srcset)" in run.stderr


def test_a_requisite_host_of_its_own_has_its_robots_txt_obeyed(site, tmp_path):
    """localhost is another host than 127.0.0.1 (an image CDN, as far as the crawl knows)."""
    other = site.base_url.replace("127.0.0.1", "localhost")
    page = (f'<html><head><title>t</title></head><body><img src="{other}/images/logo.png">'
            f'<img src="{other}/private/secret.png"></body></html>')
    site.add_route("/cdn-page.html", lambda request: Reply(
        headers=[("Content-Type", "text/html; charset=utf-8")], body=page.encode()))
    out = tmp_path / "out"
    run = run_cli(["crawl", site.url("/cdn-page.html"), "--depth", "0", "--out", str(out),
                   "-s", "ARCHIVER_REQUISITES=all",
                   "-s", "ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES=True"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    on_other = [(e.path, e.status) for e in site.exchanges if e.host.startswith("localhost")]
    assert ("/robots.txt", 200) in on_other and ("/images/logo.png", 200) in on_other
    assert not [path for path, _ in on_other if path.startswith("/private/")]
    rows = warc_rows(out)
    assert [r["status"] for r in rows if r["type"] == "response"
            and r["uri"] == f"{other}/images/logo.png"] == ["200"]


def test_a_bad_requisites_setting_is_a_usage_error(tmp_path):
    run = run_cli(["crawl", "http://127.0.0.1:9/", "--out", str(tmp_path / "out"),
                   "-s", "ARCHIVER_REQUISITES=some"], tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines()[-1].endswith(
        "--set ARCHIVER_REQUISITES: must be one of articles, all, none, got 'some'")
    assert "Traceback" not in run.stderr and run.network == []
