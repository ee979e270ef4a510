"""Shared fixtures: the real demo-site server on 127.0.0.1.

Running the CLI in a child process (tests.support.cli.run_cli) and the other
servers and sites live in tests/support/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archiver.demo.server import SiteServer

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
