"""A cluster archives each fetch with the same hop path and Referer as a lone crawl.

Regression test: the cluster pushed a page's requests to the shared queue
before the spider middlewares saw them, so every link was archived as if it
were a seed (`hopsFromSeed` "-", no Referer). The demo site is crawled at
`--depth 1` once alone and once by two workers on a real redis-server; the
WARC files' request and metadata records must agree URL by URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.demo.server import SiteServer
from archiver.frontier.keys import url_key
from tests.support.cluster_workers import finish, start_worker
from tests.support.redis_server import redis_server

pytestmark = [pytest.mark.cluster, pytest.mark.crawl, pytest.mark.slow]


def hops_and_referers(outs: Iterable[Path]) -> dict[str, tuple[str | None, str | None]]:
    """URL -> (hopsFromSeed of its metadata record, Referer of its request record)."""
    hops: dict[str, str | None] = {}
    referers: dict[str, str | None] = {}
    for out in outs:
        for path in sorted((out / "warc").glob("*.warc.gz")):
            with open(path, "rb") as stream:
                for record in ArchiveIterator(stream):
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    if record.rec_type == "request":
                        referers[uri] = record.http_headers.get_header("Referer")
                    elif record.rec_type == "metadata":
                        fields = dict(line.split(": ", 1) for line in
                                      record.content_stream().read().decode().splitlines()
                                      if ": " in line)
                        hops[uri] = fields.get("hopsFromSeed")
    return {uri: (hops.get(uri), referers.get(uri)) for uri in referers}


def test_cluster_keeps_hop_paths_and_referers(tmp_path: Path) -> None:
    with SiteServer() as site:
        seed = site.url("/")
        alone = tmp_path / "alone"
        assert finish([start_worker(alone, seed, "--depth", "1")]) == [0]
        workers = [tmp_path / "worker-1", tmp_path / "worker-2"]
        with redis_server() as url:
            processes = [start_worker(out, seed, "--depth", "1", "--redis-url", url)
                         for out in workers]
            assert finish(processes) == [0, 0]
    single, cluster = hops_and_referers([alone]), hops_and_referers(workers)
    # A page linked under tracking variants (the home page's `?ref=home`, the feed's plain
    # URL) is one key, fetched once under whichever variant is admitted first: timing.
    tracked = {url_key(uri) for uri in [*single, *cluster] if url_key(uri) != uri}
    single = {uri.replace(seed, "/"): value for uri, value in single.items()
              if url_key(uri) not in tracked}
    cluster = {uri.replace(seed, "/"): value for uri, value in cluster.items()
               if url_key(uri) not in tracked}
    assert len(single) > 10
    links = [uri for uri, (hops, _referer) in single.items() if hops and hops.startswith("L")]
    assert len(links) > 5  # the lone crawl itself: links are archived as links
    # A requisite shared by pages is fetched once, from whichever page needs it first: its
    # hop path and Referer are those of that page, which may differ between two crawls.
    embeds = {uri for uri, (hops, _referer) in {**single, **cluster}.items()
              if hops and "E" in hops}
    assert embeds and set(embeds) <= set(single) & set(cluster)
    for uri in embeds:
        for hops, referer in (single[uri], cluster[uri]):
            assert re.fullmatch(r"L*EE?", hops) and referer, (uri, hops, referer)
    assert {uri: (hops, referer and referer.replace(seed, "/"))
            for uri, (hops, referer) in cluster.items() if uri not in embeds} == \
        {uri: (hops, referer and referer.replace(seed, "/"))
         for uri, (hops, referer) in single.items() if uri not in embeds}
