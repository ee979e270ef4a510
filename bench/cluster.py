"""`make bench-cluster`: crawl throughput with 1, 2, ... workers sharing one Redis server.

Builds the generated site of the cluster tests (bench/cluster_site.py), serves
it from this process, starts a private redis-server on a free port and, for
each worker count, runs that many `archiver crawl --redis-url` processes to
the end. Two rates per count:

- wall: pages served over the time from the first start to the last exit; it
  includes each worker's start-up (a few seconds of imports) and its idle
  wait before closing (ARCHIVER_CLUSTER_IDLE_TIMEOUT, 1 s here);
- crawl: pages served over the time from the first page served to the last.

Politeness is off: this measures the pipeline, not courtesy. Workers on one
machine share its cores; extraction is CPU-bound, so N workers can only be
about N times faster than one where there are cores (or machines) for them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from archiver.demo.server import Exchange, SiteServer  # noqa: E402
from bench.cluster_site import build_site  # noqa: E402
from bench.redis_server import RedisServerMissing, redis_server  # noqa: E402

SETTINGS = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=32",
            "CONCURRENT_REQUESTS_PER_DOMAIN=32", "ARCHIVER_CLUSTER_IDLE_TIMEOUT=1",
            "ARCHIVER_PROGRESS_ENABLED=False"]


class TimedServer(SiteServer):
    """Notes when each page (not robots.txt) was served."""

    def __init__(self, root: Path) -> None:
        super().__init__(root=root)
        self.served: list[float] = []

    def record(self, exchange: Exchange) -> None:
        if exchange.path != "/robots.txt":
            self.served.append(time.monotonic())
        super().record(exchange)


def run_workers(server: SiteServer, redis_url: str, count: int, work: Path) -> float:
    started = time.monotonic()
    workers = []
    for number in range(count):
        args = [sys.executable, "-m", "archiver.cli", "crawl", f"{server.base_url}/", "--out",
                str(work / f"worker-{number}"), "--depth", "3", "--quiet",
                "--redis-url", redis_url]
        for setting in SETTINGS:
            args += ["-s", setting]
        workers.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=HERE.parent))
    codes = [worker.wait() for worker in workers]
    if any(code not in (0, 3) for code in codes):
        raise SystemExit(f"a worker failed: exit codes {codes}")
    return time.monotonic() - started


def measure(server: TimedServer, count: int, work: Path) -> str:
    server.clear_exchanges()
    server.served.clear()
    with redis_server() as redis_url:
        elapsed = run_workers(server, redis_url, count, work)
    pages = len(server.served)
    crawl = server.served[-1] - server.served[0] if pages > 1 else 0.0
    return (f"{count} worker(s): {pages} pages in {elapsed:.1f} s = {pages / elapsed:.1f} "
            f"pages/s wall; crawl {crawl:.1f} s = {pages / crawl if crawl else 0:.1f} pages/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    print(f"{args.pages} article pages, {cpus} CPU(s)")
    if max(args.workers) > 1 and cpus < 2 * max(args.workers):
        print(f"note: the workers share {cpus} CPU(s) with each other, their extraction "
              "processes, the site and Redis, so more workers cannot be much faster here; "
              "the gain shows with a machine (or cores) per worker")
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        build_site(site, args.pages)
        with TimedServer(site) as server:
            for count in args.workers:
                try:
                    print(measure(server, count, Path(tmp) / f"run-{count}"), flush=True)
                except RedisServerMissing as missing:
                    print(f"bench-cluster: {missing}", file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
