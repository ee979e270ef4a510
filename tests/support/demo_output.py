"""A session fixture: the demo site crawled once with `archiver demo`, stderr on a pipe.

Shared by the progress, report page and replay tests (a pytest plugin, loaded from
conftest.py). Progress lines come every half second so that even the short demo
crawl prints some.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from tests.support.cli import CliRun, run_cli


@attrs.frozen
class DemoOutput:
    out: Path
    run: CliRun


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory) -> DemoOutput:
    out = tmp_path_factory.mktemp("demo-output") / "out"
    run = run_cli(["demo", "--out", str(out), "-s", "ARCHIVER_PROGRESS_INTERVAL=0.5"],
                  out.parent)
    assert run.returncode == 0, run.stderr[-3000:]
    return DemoOutput(out, run)
