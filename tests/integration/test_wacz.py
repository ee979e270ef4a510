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
    records = {json.loads(line)["id"] for path in (runs.out / "records").glob("*.jsonl")
               for line in path.read_text("utf-8").splitlines()}
    assert {page["id"] for page in pages[1:]} == records
    assert all(page["title"] and page["ts"].endswith("Z") for page in pages[1:])
    assert index == sorted(index) and len(index) > len(records)
