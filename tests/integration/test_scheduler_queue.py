"""The scheduler's queue waits on disk for one run (archiver.core.scheduler), not in memory."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.support.cli import run_cli

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]


def scrapy_stat(stderr: str, name: str) -> int:
    """A counter from the stats Scrapy logs when the spider closes (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(found.group(1)) if found else 0


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_requests_wait_on_disk_and_the_folder_goes_with_the_run(site, tmp_path):
    out = tmp_path / "out"
    stale = out / f".scheduler-queue-{dead_pid()}" / "requests.queue"
    stale.mkdir(parents=True)  # left by a killed run: must not be resumed, and is removed
    (stale / "active.json").write_text("[0]")
    run = run_cli(["crawl", f"{site.base_url}/", "--out", str(out), *FAST, "--log-level", "INFO"],
                  tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    enqueued = scrapy_stat(run.stderr, "scheduler/enqueued")
    assert enqueued > 10
    assert scrapy_stat(run.stderr, "scheduler/enqueued/disk") == enqueued
    assert scrapy_stat(run.stderr, "scheduler/dequeued/disk") == enqueued
    assert "Resuming crawl" not in run.stderr
    assert list(out.glob(".scheduler-queue-*")) == []


def test_the_disk_queue_can_be_switched_off(site, tmp_path):
    out = tmp_path / "out"
    run = run_cli(["crawl", f"{site.base_url}/", "--out", str(out), *FAST,
                   "--log-level", "INFO", "-s", "ARCHIVER_SCHEDULER_DISK_QUEUE=False"], tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    enqueued = scrapy_stat(run.stderr, "scheduler/enqueued")
    assert enqueued > 10
    assert scrapy_stat(run.stderr, "scheduler/enqueued/memory") == enqueued
    assert list(out.glob(".scheduler-queue-*")) == []
