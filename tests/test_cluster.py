"""Clustered crawls: several `archiver crawl --redis-url` workers against a real redis-server.

Over a generated 500-page site served by the real SiteServer: every page is
fetched exactly once whatever the number of workers, the workers' records
together equal a single worker's, no two workers' files share a name, and a
worker killed mid-crawl loses no page (its in-flight requests are requeued).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from archiver.demo.server import SiteServer
from tests.cluster_site import build_site
from tests.redis_server import redis_server

PAGES = 500
# No politeness and short cluster timers: the tests measure correctness, not courtesy.
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=32",
        "CONCURRENT_REQUESTS_PER_DOMAIN=32", "ARCHIVER_EXTRACTION_WORKERS=1",
        "ARCHIVER_CLUSTER_IDLE_TIMEOUT=1", "ARCHIVER_CLUSTER_HEARTBEAT_INTERVAL=0.5",
        "ARCHIVER_CLUSTER_HEARTBEAT_TTL=2", "ARCHIVER_PROGRESS_ENABLED=False"]


@pytest.fixture(scope="module")
def cluster_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, list]]:
    root = tmp_path_factory.mktemp("cluster-site")
    articles = build_site(root, PAGES)
    with SiteServer(root=root) as server:
        yield server, articles


def start_worker(server: SiteServer, out: Path, redis_url: str | None) -> subprocess.Popen:
    args = [sys.executable, "-m", "archiver.cli", "crawl", f"{server.base_url}/", "--out",
            str(out), "--depth", "3", "--log-level", "WARNING"]
    args += ["--redis-url", redis_url] if redis_url else []
    for setting in FAST:
        args += ["-s", setting]
    log = open(out.with_suffix(".log"), "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=Path.cwd())


def finish(workers: list[subprocess.Popen], timeout: float = 180) -> list[int]:
    return [worker.wait(timeout=timeout) for worker in workers]


def records(outs: list[Path]) -> dict[str, tuple]:
    """url -> (title, text) of every record in the outputs (.open files of killed ones too)."""
    found = {}
    for out in outs:
        for path in sorted((out / "records").glob("*.jsonl*")):
            for line in path.read_text("utf-8").splitlines():
                record = json.loads(line)
                found[record["url"]] = (record["title"], record["text"])
    return found


def page_fetches(server: SiteServer) -> Counter:
    return Counter(e.path for e in server.exchanges if e.path != "/robots.txt")


@pytest.fixture(scope="module")
def single_run(cluster_site: tuple, tmp_path_factory: pytest.TempPathFactory
               ) -> dict[str, tuple]:
    server, _ = cluster_site
    out = tmp_path_factory.mktemp("single") / "out"
    server.clear_exchanges()
    assert finish([start_worker(server, out, None)]) == [0]
    return records([out])


@pytest.mark.parametrize("count", [2, 3])
def test_workers_fetch_each_page_once(count: int, cluster_site: tuple, single_run: dict,
                                      tmp_path: Path) -> None:
    server, articles = cluster_site
    server.clear_exchanges()
    outs = [tmp_path / f"worker-{i}" for i in range(count)]
    with redis_server() as url:
        assert finish([start_worker(server, out, url) for out in outs]) == [0] * count
    fetches = page_fetches(server)
    assert set(articles) <= set(fetches)
    assert [path for path, n in fetches.items() if n > 1] == []
    assert records(outs) == single_run
    assert len(single_run) == PAGES
    names = [p.name for out in outs for p in out.rglob("*") if p.is_file()
             and p.parent.name in ("warc", "records")]
    assert len(names) == len(set(names))
    assert all(any(p.name.endswith(".warc.gz") for p in (out / "warc").iterdir())
               for out in outs)


def test_killed_worker_loses_no_page(cluster_site: tuple, single_run: dict,
                                     tmp_path: Path) -> None:
    server, articles = cluster_site
    server.clear_exchanges()
    outs = [tmp_path / "victim", tmp_path / "survivor"]
    with redis_server() as url:
        victim, survivor = (start_worker(server, out, url) for out in outs)
        deadline = time.monotonic() + 120
        while sum(page_fetches(server).values()) < PAGES // 3:
            assert time.monotonic() < deadline and victim.poll() is None
            time.sleep(0.05)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        assert finish([survivor]) == [0]
    fetches = page_fetches(server)
    assert set(articles) <= set(fetches)
    assert records(outs) == single_run
    log = outs[1].with_suffix(".log").read_text("utf-8")
    requeued = [line for line in log.splitlines() if "stopped beating" in line]
    assert requeued and " 0 in-flight" not in requeued[0]
