"""Output paths: nothing is written outside OUT, whatever a site sends.

One crawl of pages with hostile titles and URLs, under a hostile WARC prefix,
runs in a child process whose audit hook logs every file it opens for writing,
creates, renames or removes; every one of them must lie in OUT. The names
themselves are checked in tests/unit/run/test_output_names.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.demo.server import Reply
from tests.support.paths import REPO

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

# Runs archiver's CLI with an audit hook that logs each path written, created, renamed to
# or removed (file, folder, SQLite database) to ARCHIVER_TEST_WRITE_LOG.
_WATCHED_MAIN = """
import json, os, sys
_log = open(os.environ["ARCHIVER_TEST_WRITE_LOG"], "a")
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_PATH_ARG = {"os.rename": 1, "os.link": 1, "os.symlink": 1, "os.mkdir": 0, "os.remove": 0,
             "os.rmdir": 0, "os.truncate": 0, "os.chmod": 0, "sqlite3.connect": 0,
             "shutil.copyfile": 1, "shutil.move": 1, "shutil.rmtree": 0}
def _hook(event, args):
    if event == "open":
        path, mode, flags = args
        if not ((mode and any(c in str(mode) for c in "wax+")) or
                (isinstance(flags, int) and flags & _WRITE)):
            return
    elif event in _PATH_ARG:
        path = args[_PATH_ARG[event]]
    else:
        return
    if isinstance(path, (str, bytes, os.PathLike)) and os.fsdecode(path) != ":memory:":
        _log.write(json.dumps([event, os.path.abspath(os.fsdecode(path))]) + "\\n")
        _log.flush()
sys.addaudithook(_hook)
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
sys.exit(main())
"""


def run_watched(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, list]:
    """Run the CLI in `tmp_path`/cwd, with `tmp_path`/tmp as its temporary folder (where
    multiprocessing's forkserver keeps its socket while the run lasts)."""
    log = tmp_path / "writes.jsonl"
    log.touch()
    for folder in ("cwd", "tmp"):
        (tmp_path / folder).mkdir()
    env = os.environ | {"ARCHIVER_TEST_WRITE_LOG": str(log), "PYTHONDONTWRITEBYTECODE": "1",
                        "TMPDIR": str(tmp_path / "tmp"), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _WATCHED_MAIN, *args], cwd=tmp_path / "cwd",
                          env=env, capture_output=True, text=True, timeout=300)
    return done, [json.loads(line) for line in log.read_text().splitlines()]


# --- a crawl ---------------------------------------------------------------------------

EVIL_PATHS = ["/..%2f..%2f..%2ftmp%2fescaped.html", "/%2e%2e/%2e%2e/etc/passwd",
              "/" + "a" * 400 + ".html",
              "/%C3%BCn%C3%AFc%C3%B6d%C3%A9/%D1%82%D0%B5%D1%81%D1%82.html",
              "/nul%00byte.html", "/back%5C..%5C..%5Cslash.html"]


def page(title: str, links: str = "") -> Reply:
    body = "<p>" + "The harbour board met again to talk about ferries and fees. " * 12 + "</p>"
    return Reply(headers=[("Content-Type", "text/html; charset=utf-8")], body=(
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        '<meta property="og:type" content="article">'
        '<link rel="canonical" href="file:///etc/passwd"></head><body><article>'
        f'<h1>{title}</h1><p class="byline">By ../../root</p>{body}{links}'
        "</article></body></html>").encode())


def test_a_hostile_crawl_writes_only_inside_the_output_folder(site, tmp_path):
    links = "".join(f'<a href="{path}">x</a>' for path in EVIL_PATHS)
    site.add_route("/", lambda r: page("../../../../tmp/pwned", links))
    for path in EVIL_PATHS:
        site.add_route(path, lambda r: page("/etc/passwd\x00../" + "é" * 300))
    out = tmp_path / "out"
    done, writes = run_watched(
        ["crawl", site.url("/"), "--out", str(out), "--depth", "1", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ARCHIVER_WARC_PREFIX=../../../escaped"],
        tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {p.name for p in tmp_path.iterdir()} == {"out", "cwd", "tmp", "writes.jsonl"}
    assert not list((tmp_path / "cwd").iterdir()) and not list((tmp_path / "tmp").iterdir())
    assert writes, "the audit hook saw no write at all"
    allowed = [out.resolve(), (tmp_path / "tmp").resolve(), (tmp_path / "cwd").resolve()]
    outside = [(event, path) for event, path in writes if path != os.devnull
               and not any(Path(path).resolve().is_relative_to(root) for root in allowed)]
    assert not outside, outside
    fetched = {e.path for e in site.exchanges}
    assert len(fetched & set(EVIL_PATHS)) >= 4, fetched  # the hostile pages were crawled
    report = json.loads((out / "report.json").read_text())
    assert report["counts"]["new_articles"] >= 4, report["counts"]
    for name in report["output"]["warc_files"]:
        assert (out / "warc" / name).is_file() and name.startswith("_.._.._escaped-"), name
