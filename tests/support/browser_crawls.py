"""Crawls that load pages in the real Chromium, run as `archiver crawl` processes.

Each crawl gets a TMPDIR of its own: Playwright puts the browser's profile there
(playwright_chromiumdev_profile-*), so the Chromium processes of one crawl are found by
their command line, and whatever a crawl leaves behind is found in its TMPDIR. It is a
short path under /tmp: Chromium's singleton socket path must stay under 108 bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from tests.support.paths import REPO

# Runs the CLI and writes which Playwright modules the process imported.
_MAIN = """
import json, sys
modules_file = sys.argv.pop(1)
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
code = main()
with open(modules_file, "w") as out:
    json.dump(sorted(m for m in sys.modules if "playwright" in m), out)
sys.exit(code)
"""


def need_browser() -> None:
    pytest.importorskip("scrapy_playwright", reason="scrapy-playwright is not installed "
                        "(make install installs the browser extra)")
    if not any(os.access(p, os.X_OK) for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")):
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does it)")


def crawl_tmp(workdir: Path) -> Path:
    """The crawl's TMPDIR (made by start_crawl, removed by finish)."""
    return Path((workdir / "tmpdir").read_text())


def start_crawl(args: list[str], workdir: Path, tmp: Path | None = None) -> subprocess.Popen:
    """The crawl as a process, with a TMPDIR of its own (or `tmp`, an earlier crawl's)."""
    tmp = tmp or Path(tempfile.mkdtemp(prefix="ab-"))
    (workdir / "tmpdir").write_text(str(tmp))
    env = os.environ | {"TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", _MAIN, str(workdir / "modules.json"), *args], cwd=REPO, env=env,
        stdout=open(workdir / "stdout.txt", "w"), stderr=open(workdir / "stderr.txt", "w"))


def finish(process: subprocess.Popen, workdir: Path, timeout: float = 240) -> dict:
    """The run's exit code, report, imported Playwright modules and output."""
    try:
        code = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    modules = workdir / "modules.json"
    out = workdir / "out"
    tmp = crawl_tmp(workdir)
    left = sorted(path.name for path in tmp.iterdir())
    shutil.rmtree(tmp, ignore_errors=True)
    return {"code": code, "tmp_left": left, "stderr": (workdir / "stderr.txt").read_text(),
            "report": json.loads((out / "report.json").read_text()),
            "modules": json.loads(modules.read_text()) if modules.exists() else None,
            "out": out}


def crawl(args: list[str], workdir: Path) -> dict:
    return finish(start_crawl(["crawl", *args, "--out", str(workdir / "out")], workdir), workdir)


def chromium_processes(workdir: Path) -> list[psutil.Process]:
    """Chromium processes started by the crawl in `workdir` (its TMPDIR in their profile)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or ())
        if "chrom" in cmdline and str(crawl_tmp(workdir)) in cmdline:
            found.append(process)
    return found


def records(out: Path) -> dict[str, dict]:
    return {record["url"]: record for path in sorted((out / "records").glob("*.jsonl"))
            for record in map(json.loads, path.read_text("utf-8").splitlines())}
