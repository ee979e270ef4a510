"""Running `archiver crawl --redis-url` workers (and `archiver enqueue`) for the cluster tests.

Workers are child processes started at once; each writes its log beside its
output folder (OUT.log). What they fetched is read from the server's own
exchanges, what they exported from their records files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from archiver.demo.server import RequestInfo, SiteServer
from tests.support.paths import REPO

# No politeness and short cluster timers: the tests measure correctness, not courtesy.
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=32",
        "CONCURRENT_REQUESTS_PER_DOMAIN=32", "ARCHIVER_EXTRACTION_WORKERS=1",
        "ARCHIVER_CLUSTER_IDLE_TIMEOUT=1", "ARCHIVER_CLUSTER_HEARTBEAT_INTERVAL=0.5",
        "ARCHIVER_CLUSTER_HEARTBEAT_TTL=2", "ARCHIVER_PROGRESS_ENABLED=False"]


class ClusterSite(SiteServer):
    """The SiteServer, answering each request `delay` seconds late when a test sets it
    (so that a worker surely has requests in flight when the test stops it)."""

    delay = 0.0

    def handle(self, request: RequestInfo) -> Any:
        if self.delay:
            time.sleep(self.delay)
        return super().handle(request)


def _settings(extra: list[str]) -> list[str]:
    return [arg for setting in FAST + extra for arg in ("-s", setting)]


def start_worker(out: Path, *args: str, name: str | None = None, settings: tuple[str, ...] = (),
                 session: bool = False) -> subprocess.Popen:
    """`archiver crawl ARGS --out OUT` with the FAST settings (and a worker id if named)."""
    extra = [*settings, *([f"ARCHIVER_CLUSTER_WORKER_ID={name}"] if name else [])]
    command = [sys.executable, "-m", "archiver.cli", "crawl", *args, "--out", str(out),
               "--log-level", "INFO", *_settings(extra)]
    log = open(out.with_suffix(".log"), "w")  # noqa: SIM115 - closed with the process
    # session: a process group of its own, so a test can send it Ctrl-C as a terminal does.
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO,
                            start_new_session=session)


def enqueue(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "archiver.cli", "enqueue", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)


def finish(workers: list[subprocess.Popen], timeout: float = 180) -> list[int]:
    return [worker.wait(timeout=timeout) for worker in workers]


def read_records(paths: Iterable[Path]) -> list[dict]:
    return [json.loads(line) for path in paths for line in path.read_text("utf-8").splitlines()]


def exported(outs: list[Path]) -> list[dict]:
    """Every record the outputs hold (.open files of killed workers too), in file order."""
    return read_records(path for out in outs for path in sorted((out / "records").glob("*.jsonl*")))


def records(outs: list[Path]) -> dict[str, tuple]:
    """url -> (title, text) of every record in the outputs."""
    return {record["url"]: (record["title"], record["text"]) for record in exported(outs)}


def page_fetches(server: SiteServer) -> Counter:
    return Counter(e.path for e in server.exchanges if e.path != "/robots.txt")


def log_of(out: Path) -> str:
    return out.with_suffix(".log").read_text("utf-8")
