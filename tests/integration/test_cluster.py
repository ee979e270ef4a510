"""Clustered crawls: several `archiver crawl --redis-url` workers against a real redis-server.

Over a generated 200-page site served by the real SiteServer: every page is
fetched exactly once whatever the number of workers (the seeds too, which
every worker is given), the workers' records together equal a single
worker's, no two workers' files share a name, and a worker killed or
stopped with Ctrl-C mid-crawl loses no page: a killed worker's in-flight
requests are requeued by the survivor, a stopped one requeues its own.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.cluster_site import build_site
from tests.support.cluster_workers import (
    ClusterSite,
    exported,
    finish,
    log_of,
    page_fetches,
    records,
    start_worker,
)
from tests.support.redis_server import redis_server

pytestmark = [pytest.mark.cluster, pytest.mark.crawl, pytest.mark.slow]

PAGES = 500  # the size: a 500-page site
# Every worker gets the same seeds; the first to start pushes them, once.
SEED_PATHS = ["/", "/section-1/", "/section-2/"]


@pytest.fixture(scope="module")
def cluster_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ClusterSite, list]]:
    root = tmp_path_factory.mktemp("cluster-site")
    articles = build_site(root, PAGES)
    with ClusterSite(root=root) as server:
        yield server, articles


def crawl(server: ClusterSite, out: Path, redis_url: str | None, **options):
    seeds = [server.url(path) for path in SEED_PATHS]
    cluster = ["--redis-url", redis_url] if redis_url else []
    return start_worker(out, *seeds, "--depth", "3", *cluster, **options)


@pytest.fixture(scope="module")
def single_run(cluster_site: tuple, tmp_path_factory: pytest.TempPathFactory
               ) -> dict[str, tuple]:
    server, _ = cluster_site
    out = tmp_path_factory.mktemp("single") / "out"
    server.clear_exchanges()
    assert finish([crawl(server, out, None)]) == [0]
    return records([out])


@pytest.mark.parametrize("count", [2, 3])
def test_workers_fetch_each_page_once(count: int, cluster_site: tuple, single_run: dict,
                                      tmp_path: Path) -> None:
    server, articles = cluster_site
    server.clear_exchanges()
    outs = [tmp_path / f"worker-{i}" for i in range(count)]
    with redis_server() as url:
        assert finish([crawl(server, out, url) for out in outs]) == [0] * count
    fetches = page_fetches(server)
    assert set(articles) | set(SEED_PATHS) <= set(fetches)
    assert [path for path, n in fetches.items() if n > 1] == []
    assert records(outs) == single_run
    assert len(single_run) == PAGES
    names = [p.name for out in outs for p in out.rglob("*") if p.is_file()
             and p.parent.name in ("warc", "records")]
    assert len(names) == len(set(names))
    assert all(any(p.name.endswith(".warc.gz") for p in (out / "warc").iterdir())
               for out in outs)


def wait_until_busy(client: redis.Redis, worker: str, process) -> None:
    """Until the worker has fetched pages and has requests in flight."""
    deadline = time.monotonic() + 120
    while client.hlen(f"archiver:inflight:{worker}") < 5 or not client.scard("archiver:urls"):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)


def test_killed_worker_loses_no_page(cluster_site: tuple, single_run: dict,
                                     tmp_path: Path) -> None:
    server, articles = cluster_site
    server.clear_exchanges()
    server.delay = 0.05
    outs = [tmp_path / "victim", tmp_path / "survivor"]
    try:
        with redis_server() as url:
            victim = crawl(server, outs[0], url, name="victim")
            survivor = crawl(server, outs[1], url, name="survivor")
            wait_until_busy(redis.Redis.from_url(url), "victim", victim)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait()
            assert finish([survivor]) == [0]
    finally:
        server.delay = 0.0
    assert set(articles) <= set(page_fetches(server))
    assert records(outs) == single_run
    requeued = [line for line in log_of(outs[1]).splitlines() if "stopped beating" in line]
    assert requeued and " 0 in-flight" not in requeued[0]


def test_ctrl_c_stops_a_worker_and_requeues_its_requests(cluster_site: tuple, single_run: dict,
                                                         tmp_path: Path) -> None:
    server, articles = cluster_site
    server.clear_exchanges()
    server.delay = 0.5  # downloads still running when the stop cuts them (0.2 s on)
    outs = [tmp_path / "stopped", tmp_path / "survivor"]
    try:
        with redis_server() as url:
            client = redis.Redis.from_url(url)
            stopped = crawl(server, outs[0], url, name="stopped", session=True,
                            settings=("ARCHIVER_SHUTDOWN_TIMEOUT=0.2",))
            survivor = crawl(server, outs[1], url, name="survivor")
            wait_until_busy(client, "stopped", stopped)
            os.killpg(stopped.pid, signal.SIGINT)  # what Ctrl-C in its terminal sends
            assert stopped.wait(timeout=60) == 1  # a run cut short: "failed"
            in_flight_after_stop = client.hlen("archiver:inflight:stopped")
            assert finish([survivor]) == [0]
            assert client.keys("archiver:inflight:*") == [] and not client.scard("archiver:workers")
    finally:
        server.delay = 0.0
    assert in_flight_after_stop == 0
    report = json.loads((outs[0] / "report.json").read_text("utf-8"))
    assert report["finish_reason"] == "shutdown"
    assert not list(outs[0].rglob("*.open"))  # its files were finished, not left open
    [line] = [line for line in log_of(outs[0]).splitlines() if "stopping (shutdown)" in line]
    assert " 0 in-flight" not in line  # the downloads it cut short went back on the queue
    assert "stopped beating" not in log_of(outs[1])  # it left; the survivor reaped nothing
    assert set(articles) <= set(page_fetches(server))
    urls = Counter(record["url"] for record in exported(outs))
    assert [url for url, n in urls.items() if n > 1] == []
    assert records(outs) == single_run
