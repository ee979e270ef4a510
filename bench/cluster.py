"""`make bench-cluster`: crawl throughput with 1, 2, ... workers sharing one Redis server.

Builds the generated site of the cluster tests (tests/cluster_site.py), serves
it from this process, starts a private redis-server on a free port and, for
each worker count, runs that many `archiver crawl --redis-url` processes to
the end. Pages/s is pages served over wall time from the first start to the
last exit: it includes each worker's start-up and its idle wait before closing
(ARCHIVER_CLUSTER_IDLE_TIMEOUT, 1 s here, rounded up to Scrapy's 5 s engine
heartbeat). Politeness is off: this measures the pipeline, not courtesy.
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

from archiver.demo.server import SiteServer  # noqa: E402
from tests.cluster_site import build_site  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402

SETTINGS = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=32",
            "CONCURRENT_REQUESTS_PER_DOMAIN=32", "ARCHIVER_CLUSTER_IDLE_TIMEOUT=1",
            "ARCHIVER_PROGRESS_ENABLED=False"]


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print(f"{args.pages} article pages, {os.cpu_count()} CPU(s)")
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        build_site(site, args.pages)
        with SiteServer(root=site) as server:
            for count in args.workers:
                server.clear_exchanges()
                with redis_server() as redis_url:
                    elapsed = run_workers(server, redis_url, count, Path(tmp) / f"run-{count}")
                served = sum(1 for e in server.exchanges if e.path != "/robots.txt")
                print(f"{count} worker(s): {served} pages in {elapsed:.1f} s "
                      f"= {served / elapsed:.1f} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
