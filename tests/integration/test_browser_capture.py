"""Browser capture with the real Chromium: the demo site's app edition (archiver/demo/site/app/).

Its story page is an empty shell (`<div id="root"></div>`) whose script fetches the story
from /api/articles/*.json and lazy-loads its images; its gallery page loads images only
when scrolled to them. `--browser auto` must load the shell again in the browser, archive
what the browser received and make the record from the rendered DOM; `--browser` loads
every page in it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from archiver.demo.server import DEMO_SITE_DIR, SiteServer
from tests.support.browser import FLAGS, chromium, colours
from tests.support.browser_crawls import chromium_processes, crawl, need_browser, records
from tests.support.paths import REPO
from tests.support.replay_tools import free_port
from tests.support.warc_runs import rows_in

pytestmark = [pytest.mark.browser, pytest.mark.crawl, pytest.mark.slow]

STORY = "/app/ferry-strike-called-off.html"
API = "/api/articles/ferry-strike-called-off.json"
GALLERY = "/app/harbour-in-pictures.html"


@pytest.fixture(scope="module")
def site():
    need_browser()
    with SiteServer() as server:
        yield server


@pytest.fixture(scope="module")
def auto(site, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("auto")
    run = crawl([f"{site.base_url}/app/", "--depth", "2", "--browser", "auto"], workdir)
    assert run["code"] == 0, run["stderr"][-3000:]
    return run | {"workdir": workdir, "rows": rows_in(sorted((run["out"] / "warc").glob(
        "*.warc.gz")))}


@pytest.fixture(scope="module")
def always(site, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("always")
    run = crawl([site.base_url + GALLERY, "--depth", "0", "--browser"], workdir)
    assert run["code"] == 0, run["stderr"][-3000:]
    return run | {"rows": rows_in(sorted((run["out"] / "warc").glob("*.warc.gz")))}


def story() -> dict:
    return json.loads((DEMO_SITE_DIR / API.lstrip("/")).read_text("utf-8"))


def payloads(rows, uri: str) -> list[bytes]:
    return [row.body for row in rows if row.type == "response" and row.uri == uri]


def test_script_built_article_recorded_from_the_rendered_dom(site, auto):
    record = records(auto["out"])[site.base_url + STORY]
    assert record["capture"] == "browser"
    assert record["title"] == story()["title"]
    assert [author["name"] for author in record["authors"]] == [story()["author"]]
    for paragraph in story()["paragraphs"]:
        assert paragraph in record["text"]
    assert auto["report"]["counts"]["skipped"].get("too_short")  # the shell, fetched plainly


def test_links_only_the_rendered_dom_has_are_followed(site, auto):
    related = site.base_url + story()["related"][0]["url"]
    assert "capture" not in records(auto["out"])[related]  # fetched, plainly: it needs no script
    assert len(site.requests_for(story()["related"][0]["url"])) == 1


def test_a_page_that_gives_a_record_is_not_loaded_in_the_browser(site, auto):
    gallery = records(auto["out"])[site.base_url + GALLERY]
    assert "capture" not in gallery
    # No rendered DOM of it; its lazy images are archived as its requisites, fetched plainly.
    assert not [row for row in auto["rows"]
                if row.type == "resource" and row.uri == "urn:dom:" + site.base_url + GALLERY]


def test_json_endpoint_and_real_images_archived(site, auto):
    rows = auto["rows"]
    served = {x.path: x.body for x in site.exchanges if x.status == 200}
    assert payloads(rows, site.base_url + API) == [served[API]]
    for image in story()["images"][:2]:  # the third is on another host name: refused
        assert payloads(rows, site.base_url + image["url"]) == [
            (DEMO_SITE_DIR / image["url"].lstrip("/")).read_bytes()]
    metadata = [row.body.decode() for row in rows if row.type == "metadata"
                and row.uri == site.base_url + API]
    assert "capture: browser" in metadata[0] and "hopsFromSeed: LE" in metadata[0]


def test_private_addresses_refused_in_the_browser(site, auto):
    # localhost resolves to 127.0.0.1 but is not a seed's host: refused before connecting.
    assert not [x for x in site.exchanges if x.host.startswith("localhost")]
    assert not [row for row in auto["rows"] if "localhost" in row.uri]
    assert f"Refused http://localhost:{site.port}/images/" in auto["stderr"]
    # Refused in the browser, and again as the record's image when requisites are fetched.
    assert auto["report"]["counts"]["skipped"]["private_address"] >= 1


def test_dom_and_screenshot_are_resources_linked_to_the_page(site, auto, tmp_path):
    rows = auto["rows"]
    by_id = {row.id: row for row in rows}
    dom = [r for r in rows if r.type == "resource" and r.uri == "urn:dom:" + site.base_url + STORY]
    shot = [r for r in rows if r.type == "resource"
            and r.uri == "urn:screenshot:" + site.base_url + STORY]
    assert len(dom) == 1 and len(shot) == 1
    for resource in dom + shot:
        page = by_id[resource.headers["WARC-Concurrent-To"]]
        assert page.type in ("response", "revisit") and page.uri == site.base_url + STORY
    assert story()["paragraphs"][0].encode() in dom[0].body
    assert records(auto["out"])[site.base_url + STORY]["archive"]["record_id"] == dom[0].id
    (tmp_path / "shot.png").write_bytes(shot[0].body)
    assert colours(tmp_path / "shot.png") > 1  # not a blank page


def test_warcinfo_says_which_captures_came_through_the_browser(auto):
    info = next(row for row in auto["rows"] if row.type == "warcinfo")
    assert b"archiver-browser: " in info.body and b"as the browser reported them" in info.body


def test_every_warc_validates(auto, always):
    for run in (auto, always):
        done = subprocess.run([sys.executable, "-m", "archiver.cli", "validate",
                               str(run["out"] / "warc")], cwd=REPO, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_browser_true_scrolls_lazy_images_in(site, always):
    record = records(always["out"])[site.base_url + GALLERY]
    assert record["capture"] == "browser"
    for image in ("/images/sea-wall-construction.png", "/images/skarv-point-cottage.png"):
        assert payloads(always["rows"], site.base_url + image) == [
            (DEMO_SITE_DIR / image.lstrip("/")).read_bytes()]


def test_the_same_user_agent_in_the_browser(site, auto):
    agents = {x.path: next(v for n, v in x.request_headers if n.lower() == "user-agent")
              for x in site.exchanges}
    assert agents[API] == agents["/robots.txt"] and agents[API].startswith("archiver/")


def test_no_browser_process_left(auto, always):
    assert not chromium_processes(auto["workdir"])
    assert auto["tmp_left"] == [] and always["tmp_left"] == []


def rendered(url: str, workdir) -> str:
    """The DOM once the page's scripts are done: --dump-dom alone may not wait for the
    script's fetch; a virtual time budget lets everything the page started finish."""
    done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={workdir / 'profile'}",
                           "--virtual-time-budget=20000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_replay_shows_the_script_built_text(site, auto, tmp_path):
    """pywb (archiver replay) in Chromium: the shell's script fetches the archived JSON."""
    record = records(auto["out"])[site.base_url + STORY]
    stamp = "".join(ch for ch in record["fetched_at"] if ch.isdigit())[:14]
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "replay", str(auto["out"]), "--port",
         str(free_port())], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = process.stdout.readline().split(" at ", 1)[1].strip()
        dom = rendered(f"{base}{stamp}mp_/{site.base_url}{STORY}", tmp_path)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert story()["title"] in dom
    assert story()["paragraphs"][-1] in dom


def test_feeds_and_robots_never_go_to_the_browser(site, tmp_path):
    run = crawl([site.base_url + "/feed.xml", "--browser"], tmp_path)
    assert run["code"] == 0, run["stderr"][-3000:]
    from_browser = [x.path for x in site.exchanges
                    if any(n.lower() == "sec-ch-ua" for n, _ in x.request_headers)]
    assert from_browser and not [p for p in from_browser
                                 if p.startswith(("/feed.xml", "/robots.txt"))]
    found = records(run["out"])
    assert found and all(record["capture"] == "browser" for record in found.values())
