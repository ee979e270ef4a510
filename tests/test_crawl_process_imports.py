"""The crawl process loads neither the extractor nor servers it does not run.

The extractor (trafilatura, extruct, htmldate, jusText, the language model) is
loaded once in the forkserver its workers fork from; Scrapy's remote control
would import aiohttp's web server at every start-up although it is off.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from archiver.demo.server import SiteServer
from archiver.runner import REMOTE_CONTROL_EXTENSION, project_settings

REPO = Path(__file__).resolve().parent.parent
NOT_IN_CRAWL_PROCESS = ["aiohttp", "trafilatura", "extruct", "htmldate", "justext", "py3langid"]

_CRAWL_THEN_LIST_MODULES = """
import atexit, json, sys
watched = json.loads(sys.argv.pop(1))
atexit.register(lambda: print("LOADED " + json.dumps([m for m in watched if m in sys.modules])))
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
sys.exit(main())
"""


def test_a_crawl_process_imports_no_extractor_and_no_remote_control(tmp_path: Path) -> None:
    with SiteServer() as server:
        done = subprocess.run(
            [sys.executable, "-c", _CRAWL_THEN_LIST_MODULES, json.dumps(NOT_IN_CRAWL_PROCESS),
             "crawl", f"{server.base_url}/", "--out", str(tmp_path / "out"), "--quiet",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list((tmp_path / "out" / "records").glob("*.jsonl"))  # it did extract articles
    loaded = json.loads(done.stdout.rpartition("LOADED ")[2])
    assert loaded == []


def test_remote_control_stays_listed_when_a_crawl_switches_it_on() -> None:
    assert REMOTE_CONTROL_EXTENSION not in project_settings({}).getdict("EXTENSIONS_BASE")
    switched_on = project_settings({"REMOTE_CONTROL_ENABLED": True})
    assert REMOTE_CONTROL_EXTENSION in switched_on.getdict("EXTENSIONS_BASE")
