"""Shared fixtures: the real demo-site server on 127.0.0.1.

Running the CLI in a child process (tests.support.cli.run_cli) and the other
servers and sites live in tests/support/. Every process the session starts is
marked, and the session fails if one of them outlives it
(tests.support.leftover_processes).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.demo.server import SiteServer
from tests.support.leftover_processes import describe_and_kill, orphans, session_mark

SESSION = session_mark()  # inherited by every process the tests start
# The forkserver's store of compiled patterns (archiver.extraction.dates.pattern_store)
# beside pytest's own cache, not in the home folder of whoever runs the tests.
os.environ.setdefault("ARCHIVER_CACHE_DIR",
                      str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "archiver"))
# Session fixtures of the WARC tests (crawls shared by several test modules).
# tests.support.demo_output: one `archiver demo` crawl for the progress, report and replay tests.
pytest_plugins = ["tests.support.warc_runs", "tests.support.demo_output"]


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
