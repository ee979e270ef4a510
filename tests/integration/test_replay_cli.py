"""`archiver replay OUTDIR`: pywb on 127.0.0.1 serving the crawl; an article opens in Chromium."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from archiver.commands.replay import ReplayError, wayback_executable
from tests.support.browser import dump_dom
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
