"""The crawl process: what it loads, and how the `archiver` command ends.

The extractor (trafilatura, extruct, htmldate, jusText, the language model) is
loaded once in the forkserver its workers fork from, cdxj-indexer in the
process that writes the CDXJ indexes meanwhile; Scrapy's remote control
would import aiohttp's web server at every start-up although it is off. The
command exits without the garbage collector's last passes (archiver.cli.run),
which must lose nothing it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.commands.crawl import REMOTE_CONTROL_EXTENSION, project_settings
from archiver.demo.server import SiteServer
from archiver.records.export import numbered_records
from tests.support.paths import REPO

NOT_IN_CRAWL_PROCESS = ["aiohttp", "trafilatura", "extruct", "htmldate", "justext", "py3langid",
                        "cdxj_indexer"]

_CRAWL_THEN_LIST_MODULES = """
import atexit, json, sys
watched = json.loads(sys.argv.pop(1))
atexit.register(lambda: print("LOADED " + json.dumps([m for m in watched if m in sys.modules])))
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
sys.exit(main())
"""


@pytest.mark.crawl
@pytest.mark.slow
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


_RUN_COMMAND_THEN_REPORT_FREEZE = """
import atexit, gc, sys
atexit.register(lambda: print(f"FROZEN {gc.get_freeze_count()}"))
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import run
run()
"""


@pytest.mark.crawl
@pytest.mark.slow
def test_the_command_exits_past_the_last_collections_with_its_files_whole(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    with SiteServer() as server:
        done = subprocess.run(
            [sys.executable, "-c", _RUN_COMMAND_THEN_REPORT_FREEZE, "crawl",
             f"{server.base_url}/", "--out", str(out), "--quiet",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.rpartition("FROZEN ")[2]) > 10_000
    records = [record for path in (out / "records").glob("*.jsonl")
               for _number, record in numbered_records(path)]
    # every line a whole record; the demo has 9 articles (fisheries-talks once, under one URL)
    assert len(records) >= 9 and None not in records
    warcs = list((out / "warc").glob("*.warc.gz"))
    assert warcs and all(warc.with_name(warc.name[:-8] + ".cdxj").is_file() for warc in warcs)
    assert not list(out.rglob("*.open")) and not list(out.rglob("*.tmp"))
    validated = subprocess.run([sys.executable, "-m", "archiver.cli", "validate", str(out)],
                               cwd=REPO, capture_output=True, text=True, timeout=300)
    assert validated.stdout.splitlines()[-1].startswith("OK"), validated.stdout[-2000:]
