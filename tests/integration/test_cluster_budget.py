"""`--max-pages` in a cluster: one budget for the whole run, counted in Redis.

"Crawl at most N pages" means N for the cluster, not N per worker: two
workers with `--max-pages 30` fetch 30 pages between them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archiver.cluster.budget import RedisPageBudget
from archiver.cluster.keys import ClusterKeys, connect
from bench.cluster_site import build_site
from tests.support.cluster_workers import ClusterSite, finish, page_fetches, start_worker
from tests.support.redis_server import redis_server

pytestmark = pytest.mark.cluster

LIMIT = 30


def test_the_budget_counts_each_key_once_per_source():
    with redis_server() as url:
        budget = RedisPageBudget(connect(url), ClusterKeys("archiver"))
        assert [budget.take("a", key, 2) for key in ("k1", "k1", "k2", "k3")] == [
            True, True, True, False]
        assert budget.take("a", "k2", 2)  # already counted: let through, not counted again
        assert budget.take("b", "k4", 1) and not budget.take("b", "k5", 1)


@pytest.mark.crawl
@pytest.mark.slow
def test_two_workers_share_one_page_limit(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    build_site(root, 100)
    outs = [tmp_path / "a", tmp_path / "b"]
    with ClusterSite(root=root) as server, redis_server() as url:
        server.delay = 0.02  # so that both workers have a share
        workers = [start_worker(out, server.url("/"), "--depth", "3", "--redis-url", url,
                                "--max-pages", str(LIMIT)) for out in outs]
        assert finish(workers) == [0, 0]
    fetches = page_fetches(server)
    assert len(fetches) == LIMIT and set(fetches.values()) == {1}
