"""A cluster crawling the same site run after run, and its two workers' folders merged.

Three runs of two workers, a and b, on one Redis server and one 100-article
site with a sitemap:

1. `archiver enqueue --config` pushes the seeds; the workers, started with the
   same `--config` (whose `redis_url` they use), fetch every page once.
2. One article is edited (and dated newer in the sitemap): the workers fetch
   the hubs, the sitemap and that article, which exactly one of them exports
   as version 2; no other article is fetched, nothing else is exported.
3. `archiver enqueue --refresh-after 0`, then workers given no seeds at all:
   every article is revalidated once (If-None-Match, 304), nothing exported,
   and the 304s are revisit records pointing at the response records of run
   1 or 2, among them responses the other worker archived.

Then the two folders together: `archiver validate` resolves every revisit,
`archiver pack` makes one WACZ that `wacz validate` accepts, with every WARC
and every article, and `archiver index --out` one CDXJ of both.
"""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from bench.cluster_site import article_path, build_site, edit_article
from tests.support.cli import run_cli
from tests.support.cluster_workers import (
    ClusterSite,
    enqueue,
    exported,
    finish,
    read_records,
    start_worker,
)
from tests.support.redis_server import redis_server
from tests.support.replay_tools import tool
from tests.support.warc_runs import read_rows

pytestmark = [pytest.mark.cluster, pytest.mark.crawl, pytest.mark.slow]

PAGES = 100
EDITED = 7
HUBS = {"/", *(f"/section-{n}/" for n in range(10))}


@attrs.frozen
class Run:
    fetches: list  # the server's exchanges, robots.txt left out
    records: dict[str, list[dict]]
    """Worker name -> the records it exported this run."""
    warcs: dict[str, list[Path]]
    """Worker name -> the WARC files it wrote this run."""
    reports: dict[str, dict]

    def paths(self, status: int | None = None) -> Counter:
        return Counter(e.path for e in self.fetches if status is None or e.status == status)

    def exported(self) -> list[dict]:
        return [record for records in self.records.values() for record in records]


class Cluster:
    def __init__(self, tmp: Path, server: ClusterSite, redis_url: str) -> None:
        self.server = server
        self.redis_url = redis_url
        self.outs = {name: tmp / name for name in ("a", "b")}
        self.config = tmp / "sources.toml"
        self.config.write_text(f'redis_url = "{redis_url}"\n\n[sources.harbour]\nseeds = '
                               f'["{server.url("/")}", "{server.url("/sitemap.xml")}"]\n')

    def run(self, *args: str) -> Run:
        self.server.clear_exchanges()
        before = {name: set(out.rglob("*")) for name, out in self.outs.items() if out.exists()}
        workers = [start_worker(out, *args, name=name) for name, out in self.outs.items()]
        assert finish(workers) == [0, 0]
        new = {name: sorted(set(out.rglob("*")) - before.get(name, set()))
               for name, out in self.outs.items()}
        return Run(
            fetches=[e for e in self.server.exchanges if e.path != "/robots.txt"],
            records={name: read_records(p for p in files if p.name.endswith(".jsonl")
                                        and p.parent.name == "records")
                     for name, files in new.items()},
            warcs={name: [p for p in files if p.name.endswith(".warc.gz")]
                   for name, files in new.items()},
            reports={name: json.loads((out / "report.json").read_text("utf-8"))
                     for name, out in self.outs.items()})


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cluster, list[Run]]]:
    root = tmp_path_factory.mktemp("incremental-site")
    build_site(root, PAGES, sitemap=True)
    with ClusterSite(root=root) as server, redis_server() as redis_url:
        server.delay = 0.02  # so that both workers have their share of every run
        cluster = Cluster(tmp_path_factory.mktemp("cluster"), server, redis_url)
        pushed = enqueue("--config", str(cluster.config))
        assert pushed.returncode == 0, pushed.stderr
        assert pushed.stdout.startswith("Enqueued 2 of 2 seed request(s)")
        first = cluster.run("--config", str(cluster.config))
        edit_article(root, EDITED, PAGES, "2025-09-02T10:00:00+00:00")
        second = cluster.run("--config", str(cluster.config))
        pushed = enqueue("--config", str(cluster.config), "--refresh-after", "0")
        assert pushed.returncode == 0, pushed.stderr
        third = cluster.run("--redis-url", redis_url, "--refresh-after", "0")
        yield cluster, [first, second, third]


def test_first_run_fetches_every_page_once_and_both_workers_share_it(cluster):
    _, (first, _, _) = cluster
    paths = first.paths()
    assert set(paths) == HUBS | {"/sitemap.xml"} | {article_path(n) for n in range(PAGES)}
    assert [path for path, n in paths.items() if n > 1] == []  # seeds enqueued and given
    urls = [record["url"] for record in first.exported()]
    assert len(urls) == len(set(urls)) == PAGES
    assert all(first.records[name] for name in ("a", "b"))
    assert all(record["version"] == 1 for record in first.exported())


def test_second_run_refetches_the_edited_article_only_and_one_worker_exports_it(cluster):
    _, (first, second, _) = cluster
    edited = article_path(EDITED)
    assert second.paths() == Counter(HUBS | {"/sitemap.xml", edited})
    [request] = [e for e in second.fetches if e.path == edited]
    assert request.status == 200 and dict(request.request_headers).get("If-None-Match")
    [record] = second.exported()
    [earlier] = [r for r in first.exported() if r["url"] == record["url"]]
    assert record["url"].endswith(edited) and "edition 2" in record["text"]
    assert (record["version"], record["previous_id"]) == (2, earlier["id"])
    assert sum(r["counts"]["skipped"].get("known_not_due", 0)
               for r in second.reports.values()) >= PAGES - 1


def test_third_run_revalidates_every_article_once_and_exports_nothing(cluster):
    _, (_, _, third) = cluster
    articles = {article_path(n) for n in range(PAGES)}
    assert {path: n for path, n in third.paths().items() if path in articles} == \
        dict.fromkeys(articles, 1)
    assert set(third.paths(304)) == articles
    assert all(dict(e.request_headers).get("If-None-Match") for e in third.fetches
               if e.path in articles)
    assert third.exported() == []
    assert sum(r["counts"]["not_modified"] for r in third.reports.values()) == PAGES
    assert all(r["counts"]["new_articles"] == r["counts"]["updated_articles"] == 0
               for r in third.reports.values())


def test_revisits_point_at_the_other_workers_records(cluster):
    _, runs = cluster
    originals = {}  # response record id -> the worker that wrote it
    for run in runs[:2]:
        for name, warcs in run.warcs.items():
            originals |= {row.id: name for warc in warcs for row in read_rows(warc)
                          if row.type == "response"}
    revisits = [(name, row) for name, warcs in runs[2].warcs.items() for warc in warcs
                for row in read_rows(warc) if row.type == "revisit"]
    not_modified = [(name, row) for name, row in revisits
                    if row.headers["WARC-Profile"].endswith("/server-not-modified")]
    assert len(not_modified) == PAGES
    written_by = [(name, originals[row.headers["WARC-Refers-To"]]) for name, row in revisits]
    assert {pair for pair in written_by if pair[0] != pair[1]}  # cross-worker revisits


def test_validate_resolves_every_revisit_across_the_two_folders(cluster, tmp_path):
    outs = [str(out) for out in cluster[0].outs.values()]
    run = run_cli(["validate", *outs], tmp_path)
    assert run.returncode == 0, run.stdout[-2000:]
    assert run.stdout.splitlines()[-1].startswith("OK: ")


def test_pack_and_index_cover_both_workers(cluster, tmp_path):
    outs = list(cluster[0].outs.values())
    warcs = {p.name for out in outs for p in (out / "warc").glob("*.warc.gz")}
    records = exported(outs)
    target = tmp_path / "cluster.wacz"
    run = run_cli(["pack", *map(str, outs), "--out", str(target)], tmp_path)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([tool("wacz"), "validate", "-f", str(target)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0 and "Validation succeeded" in check.stdout, check.stdout
    with zipfile.ZipFile(target) as package:
        assert {n.removeprefix("archive/") for n in package.namelist()
                if n.startswith("archive/")} == warcs
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").splitlines()]
        wacz_index = package.read("indexes/index.cdx").decode().splitlines()
    # Every article once, marked (the edited one under its first record), beside the other
    # HTML pages.
    articles = {page["url"] for page in pages[1:] if page.get("article")}
    assert articles == {record["url"] for record in records}
    assert {page["id"] for page in pages[1:] if page.get("article")} <= {
        record["id"] for record in records}
    assert len(records) == PAGES + 1  # and the edited article's version 2
    merged = tmp_path / "cluster.cdxj"
    run = run_cli(["index", *map(str, outs), "--out", str(merged)], tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == f"{merged}: {len(warcs)} WARC file(s)"
    lines = merged.read_text("utf-8").splitlines()
    assert lines == sorted(lines) == wacz_index
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    assert {entry["filename"] for entry in entries} == warcs
    assert {record["url"] for record in records} <= {entry["url"] for entry in entries}
