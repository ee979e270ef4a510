"""`archiver enqueue`, `redis_url` in the sources file, and workers started without seeds.

Against a real redis-server; nothing here fetches a page (the crawls that
follow an enqueue are in test_cluster_incremental): what enqueue leaves in
Redis is read back, the queued requests decoded as scrapy-redis stores them.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from archiver.frontier.sources_file import ConfigError, load_config
from tests.support.cli import run_cli
from tests.support.cluster_workers import enqueue
from tests.support.redis_server import free_port, redis_server

SEEDS = ["https://news.example.com/", "https://news.example.com/feed.xml"]


@pytest.fixture
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def queued(url: str) -> list[dict]:
    """The requests on the queue, as scrapy-redis stores them (pickled dicts)."""
    client = redis.Redis.from_url(url)
    return [pickle.loads(data) for data in client.zrange("archiver:requests", 0, -1)]


@pytest.mark.cluster
@pytest.mark.crawl
@pytest.mark.slow
def test_enqueue_pushes_the_spiders_seed_requests_once(redis_url):
    first = enqueue("--redis-url", redis_url, *SEEDS, "--depth", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (f"Enqueued 2 of 2 seed request(s) at {redis_url} "
                                    "(0 already scheduled this run); 2 request(s) queued")
    again = enqueue("--redis-url", redis_url, *SEEDS, "--depth", "1")
    assert "Enqueued 0 of 2 seed request(s)" in again.stdout and again.stderr == ""
    assert "(2 already scheduled this run); 2 request(s) queued" in again.stdout
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    requests = queued(redis_url)
    assert sorted(r["url"] for r in requests) == SEEDS
    assert all((r["callback"], r["errback"]) == ("parse", "errback") for r in requests)
    assert {(r["meta"]["archiver_hops_left"], r["meta"]["archiver_source"],
             r["meta"]["archiver_discovery"]["method"]) for r in requests} == {(1, "", "seed")}
    assert client.get("archiver:seeded")  # workers started afterwards push no seeds
    [(name, source)] = client.hgetall("archiver:sources").items()
    assert name == "" and json.loads(source)["seeds"] == SEEDS


@pytest.mark.cluster
@pytest.mark.crawl
@pytest.mark.slow
def test_enqueue_takes_sources_and_redis_url_from_the_config(redis_url, tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(f'redis_url = "{redis_url}"\n\n[sources.harbour]\nseeds = ["{SEEDS[0]}"]\n'
                      f'include = ["/news/"]\nmax_pages = 20\n\n'
                      f'[sources.wire]\nseeds = ["https://wire.example.org/sitemap.xml"]\n')
    done = enqueue("--config", str(config), "--source", "wire")
    assert done.returncode == 0, done.stderr
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert [r["url"] for r in queued(redis_url)] == ["https://wire.example.org/sitemap.xml"]
    assert list(client.hgetall("archiver:sources")) == ["wire"]
    assert client.hget("archiver:budget:counts", "wire") is None  # no limit: not counted
    done = enqueue("--config", str(config))
    assert "Enqueued 1 of 2 seed request(s)" in done.stdout
    harbour = json.loads(client.hget("archiver:sources", "harbour"))
    assert (harbour["include"], harbour["max_pages"]) == (["/news/"], 20)
    assert client.hget("archiver:budget:counts", "harbour") == "1"  # the seed counts


@pytest.mark.cluster
@pytest.mark.crawl
@pytest.mark.slow
def test_the_redis_url_flag_wins_over_the_config(redis_url, tmp_path):
    nobody = f"redis://127.0.0.1:{free_port()}/0"
    config = tmp_path / "sources.toml"
    config.write_text(f'redis_url = "{nobody}"\n[sources.a]\nseeds = ["{SEEDS[0]}"]\n')
    done = enqueue("--config", str(config), "--redis-url", redis_url)
    assert done.returncode == 0 and redis_url in done.stdout, done.stderr
    assert redis.Redis.from_url(redis_url).zcard("archiver:requests") == 1
    failed = enqueue("--config", str(config))
    assert failed.returncode == 1
    assert failed.stderr.startswith(f"archiver: error: cannot reach Redis at {nobody}")


@pytest.mark.cluster
@pytest.mark.crawl
@pytest.mark.slow
def test_a_seedless_worker_needs_enqueued_seeds(redis_url, tmp_path):
    run = run_cli(["crawl", "--redis-url", redis_url, "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2
    assert "archiver enqueue" in run.stderr and "Traceback" not in run.stderr
    run = run_cli(["crawl", "--out", str(tmp_path / "out")], tmp_path)  # not clustered
    assert run.returncode == 2 and "no seeds" in run.stderr


@pytest.mark.crawl
def test_enqueue_needs_a_redis_url(tmp_path):
    run = run_cli(["enqueue", SEEDS[0]], tmp_path)
    assert run.returncode == 2 and "enqueue needs --redis-url" in run.stderr


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, "utf-8")
    return path


def test_config_redis_url(tmp_path):
    source = '[sources.a]\nseeds = ["https://x.test/"]\n'
    assert load_config(write(tmp_path, source)).redis_url is None
    config = load_config(write(tmp_path, f'redis_url = "redis://r:6379/2"\n{source}'))
    assert config.redis_url == "redis://r:6379/2" and config.sources[0].name == "a"


@pytest.mark.parametrize(("text", "line", "words"), [
    ('# cluster\nredis_url = "http://r:6379/0"\n[sources.a]\nseeds = ["https://x.test/"]\n',
     2, ["redis_url: not a redis:// URL", "http://r:6379/0"]),
    ('redis_url = 6379\n[sources.a]\nseeds = ["https://x.test/"]\n', 1, ["not a redis:// URL"]),
    ('[sources.a]\nseeds = ["https://x.test/"]\nredis_url = "redis://r/0"\n', 3,
     ["redis_url in [sources.a]", "top of the file"]),
])
def test_config_redis_url_problems(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value).startswith(f"{path}:{line}: ")
    for word in words:
        assert word in str(raised.value)
