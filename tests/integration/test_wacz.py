"""`archiver pack`: a WACZ package that `wacz validate` accepts, with pages and hashes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile

import pytest

from tests.support.cli import run_cli
from tests.support.replay_tools import tool

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def test_pack_writes_a_valid_wacz(runs, tmp_path):
    target = tmp_path / "crawl.wacz"
    run = run_cli(["pack", str(runs.out), "--out", str(target)], tmp_path)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([tool("wacz"), "validate", "-f", str(target)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Validation succeeded" in check.stdout
    with zipfile.ZipFile(target) as package:
        names = package.namelist()
        assert {f"archive/{w.name}" for w in runs.warcs} <= set(names)
        for warc in runs.warcs:
            assert package.getinfo(f"archive/{warc.name}").compress_type == zipfile.ZIP_STORED
        datapackage = json.loads(package.read("datapackage.json"))
        for resource in datapackage["resources"]:
            digest = hashlib.sha256(package.read(resource["path"])).hexdigest()
            assert resource["hash"] == f"sha256:{digest}"
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").splitlines()]
        index = package.read("indexes/index.cdx").decode().splitlines()
    assert pages[0]["format"] == "json-pages-1.0"
    records = [json.loads(line) for path in sorted((runs.out / "records").glob("*.jsonl"))
               for line in path.read_text("utf-8").splitlines()]
    assert index == sorted(index) and len(index) > len(records)
    # Every article once (its first record), marked; the other HTML pages with their <title>;
    # the seed marked.
    by_url = {page["url"]: page for page in pages[1:]}
    assert len(by_url) == len(pages) - 1
    first_ids = {}
    for record in records:
        first_ids.setdefault(record["url"], record["id"])
    for url, record_id in first_ids.items():
        assert by_url[url]["article"] is True and by_url[url]["id"] == record_id
    others = [page for page in pages[1:] if not page.get("article")]
    assert {page["url"].split("/", 3)[3] for page in others} >= {"", "world/"}
    assert by_url[runs.server.url("/world/")]["title"] == "World | The Harbour Courier"
    assert [page["url"] for page in pages[1:] if page.get("seed")] == [runs.server.url("/")]
    assert all(page["title"] and page["ts"].endswith("Z") and page["id"] for page in pages[1:])
