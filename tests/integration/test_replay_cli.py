"""`archiver replay OUTDIR`: pywb on 127.0.0.1 serving the crawl; an article opens in Chromium."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.commands.replay import ReplayError, wayback_executable
from tests.support.browser import FLAGS, chromium, colours, dump_dom
from tests.support.paths import REPO
from tests.support.replay_tools import free_port


def test_missing_pywb_is_one_clear_error(tmp_path):
    with pytest.raises(ReplayError, match="pywb is missing .* run `make install`"):
        wayback_executable(str(tmp_path))


@pytest.mark.crawl
def test_an_output_without_warcs_is_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "archiver.cli", "replay", str(tmp_path)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("archiver: error: ") and done.stderr.count("\n") == 1


@pytest.mark.browser
@pytest.mark.crawl
@pytest.mark.slow
def test_an_article_replays_in_chromium(demo_output, tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "replay", str(demo_output.out), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = process.stdout.readline()
        assert banner.startswith("Replaying"), banner + process.stderr.read()
        base = banner.split(" at ", 1)[1].strip()
        assert base == f"http://127.0.0.1:{port}/archive/"
        line = next((demo_output.out / "records").glob("*.jsonl")).read_text().splitlines()[0]
        record = json.loads(line)
        stamp = "".join(ch for ch in record["fetched_at"] if ch.isdigit())
        dom = dump_dom(f"{base}{stamp}mp_/{record['url']}", tmp_path)
        assert record["title"].split()[0] in dom
        assert record["text"][:60] in dom.replace("&amp;", "&")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Stopped." in out


SEED_ARTICLE = "kim-jong-un-pledges-support-for-families-of-fallen-soldiers.html"
# In the page: the credited photo's pixel width, whether site.css applied (the body's
# max-width of 60rem; a browser's own is "none"), the masthead's web font and background.
PAGE_FACTS = """async () => {
  await document.fonts.ready;
  const photo = [...document.images].find(i => i.src.includes('kim-il-sung-square-2024'));
  const masthead = getComputedStyle(document.querySelector('.masthead'));
  return {photo: photo ? photo.naturalWidth : -1,
          bodyMaxWidth: getComputedStyle(document.body).maxWidth,
          mastheadFont: masthead.fontFamily, mastheadBackground: masthead.backgroundImage,
          fontLoaded: [...document.fonts].some(f => f.family.includes('Harbour Sans')
                                                    && f.status === 'loaded')};
}"""


def page_facts(url: str, screenshot: Path) -> dict:
    """What Chromium shows of the page at `url` (through Playwright), and a screenshot."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser extra")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="networkidle", timeout=60_000)
            facts = page.evaluate(PAGE_FACTS)
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return facts


@pytest.mark.browser
@pytest.mark.crawl
@pytest.mark.slow
def test_the_seed_article_replays_with_its_photo_and_stylesheet(demo_output, tmp_path):
    """The capture replays as the page looked: the photo whose credit the record carries
    loaded from the archive, the stylesheet applied, its web font loaded."""
    records = [json.loads(line) for path in (demo_output.out / "records").glob("*.jsonl")
               for line in path.read_text().splitlines()]
    record = next(r for r in records if r["url"].endswith(SEED_ARTICLE))
    assert record["images"][0]["archive"], "the photo is archived and pointed at"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "replay", str(demo_output.out), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = process.stdout.readline().split(" at ", 1)[1].strip()
        stamp = "".join(ch for ch in record["fetched_at"] if ch.isdigit())
        facts = page_facts(f"{base}{stamp}mp_/{record['url']}", tmp_path / "replay.png")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert facts["photo"] > 0, facts
    assert facts["bodyMaxWidth"] == "960px", facts
    assert "Harbour Sans" in facts["mastheadFont"] and facts["fontLoaded"], facts
    assert "masthead-wave" in facts["mastheadBackground"], facts
    assert colours(tmp_path / "replay.png") > 50
