"""Shared fixtures: the real demo-site server on 127.0.0.1 and a way to run the CLI.

Crawls run in a child process (Twisted's reactor cannot be restarted in one
process). The child records every socket connection and name lookup it makes
through an audit hook, so tests can prove that a crawl talks to nobody but the
test server. Every process the session starts is marked, and the session fails
if one of them outlives it (tests.leftover_processes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from archiver.demo.server import SiteServer
from tests.leftover_processes import describe_and_kill, orphans, session_mark

REPO = Path(__file__).resolve().parent.parent
SESSION = session_mark()  # inherited by every process the tests start
# Session fixtures of the WARC tests (crawls shared by several test modules).
# tests.demo_output: one `archiver demo` crawl for the progress, report and replay tests.
pytest_plugins = ["tests.warc_runs", "tests.demo_output"]

# Runs archiver's CLI with an audit hook that appends each connect/getaddrinfo
# target to the file named by ARCHIVER_TEST_NET_LOG.
_AUDITED_MAIN = """
import json, os, sys
_log = open(os.environ["ARCHIVER_TEST_NET_LOG"], "a")
def _hook(event, args):
    if event == "socket.connect" and not isinstance(args[1], (str, bytes)):  # not AF_UNIX
        _log.write(json.dumps(["connect", repr(args[1])]) + "\\n"); _log.flush()
    elif event == "socket.getaddrinfo":
        _log.write(json.dumps(["getaddrinfo", repr(args[0]), repr(args[1])]) + "\\n"); _log.flush()
sys.addaudithook(_hook)
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
sys.exit(main())
"""


@attrs.frozen
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    network: list[list[str]]


def run_cli(args: list[str], tmp_path: Path, cwd: Path = REPO) -> CliRun:
    net_log = tmp_path / f"net-{os.getpid()}-{len(list(tmp_path.glob('net-*')))}.jsonl"
    net_log.touch()
    # An empty tldextract cache: a cached public suffix list would hide a download attempt.
    cache = tmp_path / f"tldextract-cache-{net_log.stem}"
    env = os.environ | {"ARCHIVER_TEST_NET_LOG": str(net_log), "PYTHONUNBUFFERED": "1",
                        "TLDEXTRACT_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", _AUDITED_MAIN, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    network = [json.loads(line) for line in net_log.read_text().splitlines()]
    return CliRun(done.returncode, done.stdout, done.stderr, network)


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        yield server


@pytest.fixture(scope="module")
def module_site() -> Iterator[SiteServer]:
    with SiteServer() as server:
        yield server


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    left = describe_and_kill(orphans(SESSION, within=10))
    if left:
        print(f"\nProcesses the tests left behind (now killed): {left}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
