"""Scheduled runs end to end: a site that changes between runs, crawled again and again.

Four runs over one output folder: what each fetched is read from the servers'
own logs, what it exported from the records files. One server honours
If-None-Match / If-Modified-Since, the other sends validators but ignores them.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import pytest

from archiver.demo.server import SiteServer
from tests.support.cli import CliRun, run_cli
from tests.support.incremental_site import LISTINGS, Article, ChangingSite

pytestmark = [pytest.mark.crawl, pytest.mark.slow]

T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
# Listings are admitted two entries at a time, so every run goes through several chunks.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "ARCHIVER_LISTING_CHUNK=2"]
SINCE = ["--since", "2025-01-01"]  # as a cron line would give it: every run


def article(name: str, hours: int = 0, **fields) -> Article:
    return Article(path=f"/news/{name}.html", title=f"Harbour board story {name}",
                   published=T0 + timedelta(hours=hours), modified=T0 + timedelta(hours=hours),
                   **fields)


def records_in(out: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((out / "records").glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


@attrs.frozen
class Run:
    cli: CliRun
    report: dict
    records: list[dict]
    """Records this run exported."""
    honouring: list  # the server's exchanges during this run
    ignoring: list

    def fetched(self, exchanges: list, status: int | None = None) -> set[str]:
        return {e.path for e in exchanges if status is None or e.status == status}

    def pages(self, exchanges: list, status: int | None = None) -> set[str]:
        """Fetched paths other than robots.txt, feeds and sitemaps."""
        return self.fetched(exchanges, status) - set(LISTINGS)

    def by_name(self) -> dict[str, dict]:
        return {r["url"].rsplit("/", 1)[1].removesuffix(".html"): r for r in self.records}


class Scenario:
    def __init__(self, tmp_path: Path, honouring: ChangingSite, ignoring: ChangingSite) -> None:
        self.out = tmp_path / "out"
        self.tmp = tmp_path
        self.honouring = honouring
        self.ignoring = ignoring
        self.config = tmp_path / "sources.toml"
        self.config.write_text(f"""
[sources.harbour]
seeds = ["{honouring.url('/robots.txt')}", "{honouring.url('/feed.xml')}"]
include = ['/news/']
delay = 0

[sources.wire]
seeds = ["{ignoring.url('/feed.json')}"]
""", "utf-8")

    def run(self, *extra: str, code: int = 0) -> Run:
        for site in (self.honouring, self.ignoring):
            site.server.clear_exchanges()
        before = {r["id"] for r in records_in(self.out)} if self.out.exists() else set()
        cli = run_cli(["crawl", "--config", str(self.config), "--out", str(self.out),
                       *FAST, *SINCE, *extra], self.tmp)
        assert cli.returncode == code, cli.stderr[-3000:]
        report = json.loads((self.out / "report.json").read_text("utf-8"))
        new = [r for r in records_in(self.out) if r["id"] not in before]
        return Run(cli, report, new, list(self.honouring.server.exchanges),
                   list(self.ignoring.server.exchanges))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> list[Run]:
    with SiteServer() as honouring_server, SiteServer() as ignoring_server:
        honouring = ChangingSite(honouring_server, honours_validators=True)
        ignoring = ChangingSite(ignoring_server, honours_validators=False)
        scenario = Scenario(tmp_path_factory.mktemp("incremental"), honouring, ignoring)
        honouring.publish(article("unchanged", 1, keywords="tides, ferries"), sitemap=True)
        honouring.publish(article("edited", 2), feed=True, sitemap=True)
        honouring.publish(article("removed", 3, author="Cy Reporter"), feed=True)
        honouring.publish(attrs.evolve(article("ancient"), published=datetime(
            2020, 5, 1, tzinfo=timezone.utc)), feed=True)
        ignoring.publish(article("wire", 4, author="Jo Wire"), json_feed=True)
        first = scenario.run()

        honouring.publish(article("new", 5), feed=True, sitemap=True)
        honouring.edit("/news/edited.html", T0 + timedelta(days=1))
        honouring.remove("/news/removed.html")
        second = scenario.run()

        honouring.publish(article("later", 6), feed=True)
        honouring.edit("/news/edited.html", T0 + timedelta(days=2))
        third = scenario.run()

        fourth = scenario.run("--refresh-after", "0", "--quiet")
        yield [first, second, third, fourth]


def test_first_run_exports_everything_listed_and_dated_after_since(runs):
    first = runs[0]
    assert set(first.by_name()) == {"unchanged", "edited", "removed", "wire"}
    assert "/news/ancient.html" not in first.fetched(first.honouring)
    assert first.report["counts"]["skipped"]["older_than_since"] == 1
    assert first.report["counts"]["new_articles"] == 4
    assert all(r["version"] == 1 and r["previous_id"] is None for r in first.records)


def test_discovery_data_of_each_way_in(runs):
    records = runs[0].by_name()
    honouring = records["unchanged"]["url"].split("/news/")[0]
    assert records["unchanged"]["discovery"] == {
        "method": "sitemap", "via": f"{honouring}/news-sitemap.xml.gz", "source": "harbour",
        "guid": None, "published": None, "updated": None, "authors": [],
        "lastmod": "2025-09-01T09:00:00+00:00",
        "news_publication_date": "2025-09-01T09:00:00+00:00",
        "news_title": "Harbour board story unchanged", "news_keywords": ["tides", "ferries"]}
    assert records["removed"]["discovery"] == {
        "method": "feed", "via": f"{honouring}/feed.xml", "source": "harbour",
        "guid": "guid-news/removed.html", "published": "2025-09-01T11:00:00+00:00",
        "updated": None, "authors": ["Cy Reporter"], "lastmod": None,
        "news_publication_date": None, "news_title": None, "news_keywords": []}
    wire = records["wire"]["discovery"]
    assert (wire["method"], wire["source"], wire["guid"], wire["authors"]) == (
        "feed", "wire", "json-news/wire.html", ["Jo Wire"])
    assert wire["via"].endswith("/feed.json")
    assert records["edited"]["discovery"]["method"] in ("feed", "sitemap")


def test_second_run_fetches_only_the_new_and_the_changed(runs):
    second = runs[1]
    assert second.pages(second.honouring) == {"/news/new.html", "/news/edited.html"}
    assert second.pages(second.ignoring) == set()  # the wire story is known
    edited = second.by_name()["edited"]
    first_edited = runs[0].by_name()["edited"]
    assert set(second.by_name()) == {"new", "edited"}
    assert (edited["version"], edited["previous_id"]) == (2, first_edited["id"])
    assert second.by_name()["new"]["version"] == 1
    # The edited story was asked for with the validators of its first fetch.
    [request] = [e for e in second.honouring if e.path == "/news/edited.html"]
    assert ("If-None-Match" in dict(request.request_headers)
            and "If-Modified-Since" in dict(request.request_headers))
    counts = second.report["counts"]
    assert (counts["new_articles"], counts["updated_articles"]) == (1, 1)
    assert counts["skipped"]["known_not_due"] >= 2


def test_third_run_exports_the_newer_edit_as_version_3(runs):
    third = runs[2]
    assert third.pages(third.honouring) == {"/news/later.html", "/news/edited.html"}
    assert set(third.by_name()) == {"later", "edited"}
    edited = third.by_name()["edited"]
    assert (edited["version"], edited["previous_id"]) == (3, runs[1].by_name()["edited"]["id"])
    assert third.by_name()["later"]["discovery"]["method"] == "feed"


def test_removed_article_is_never_asked_for_again(runs):
    for run in runs[1:]:
        assert "/news/removed.html" not in run.fetched(run.honouring)


def test_refresh_run_revalidates_and_exports_nothing_unchanged(runs):
    fourth = runs[3]
    assert fourth.records == []
    articles = {"/news/unchanged.html", "/news/edited.html", "/news/new.html", "/news/later.html"}
    assert fourth.fetched(fourth.honouring, 304) == articles
    assert fourth.pages(fourth.honouring) == articles
    # The server that ignores validators answers in full: an identical body, no record.
    [wire] = [e for e in fourth.ignoring if e.path == "/news/wire.html"]
    assert wire.status == 200 and "If-None-Match" in dict(wire.request_headers)
    counts = fourth.report["counts"]
    assert counts["not_modified"] == 4 and counts["unchanged"] >= 1
    assert counts["new_articles"] == counts["updated_articles"] == 0


def test_quiet_run_prints_one_line(runs):
    fourth = runs[3].cli
    assert fourth.stderr == ""
    [line] = fourth.stdout.splitlines()
    assert line.startswith("archiver: ok (finished) in ") and "0 new, 0 updated" in line


def test_every_run_leaves_its_own_report(runs, tmp_path):
    out = Path(runs[0].report["output"]["folder"])
    reports = sorted((out / "reports").glob("run-*.json"))
    assert len(reports) == 4
    assert json.loads(reports[-1].read_text()) == runs[3].report
    assert runs[3].report["output"]["run_report_file"] == str(reports[-1])
    for run in runs:
        counts = run.report["counts"]
        assert {"discovered", "fetched", "not_modified", "new_articles", "updated_articles",
                "skipped", "errors", "bytes"} <= set(counts)
        assert run.report["duration_seconds"] > 0 and run.report["outcome"] == "ok"
    assert runs[0].report["state"]["pending"] == 0


def test_records_validate_against_the_schema(runs):
    from jsonschema import Draft202012Validator

    from archiver.items import json_schema

    validator = Draft202012Validator(json_schema())
    for run in runs:
        for record in run.records:
            assert not list(validator.iter_errors(record)), record["url"]
