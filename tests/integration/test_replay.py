"""Replay in pywb, from our own CDXJ indexes: articles and revisits give back their payload."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime

import pytest

from tests.support.replay_tools import fetch, pywb
from tests.support.warc_runs import rows_in

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


@pytest.fixture(scope="module")
def replay(runs, tmp_path_factory):
    with pywb(runs.out / "warc", tmp_path_factory.mktemp("pywb")) as base:
        yield base


def timestamp(warc_date: str) -> str:
    return "".join(ch for ch in warc_date if ch.isdigit())[:14]


def test_every_article_replays_its_payload(runs, replay):
    responses = {r.id: r for r in rows_in(runs.warcs) if r.type == "response"}
    records = [json.loads(line) for path in sorted((runs.out / "records").glob("*.jsonl"))
               for line in path.read_text("utf-8").splitlines()]
    assert len(records) >= 16  # both runs
    for record in records:
        status, _, body = fetch(f"{replay}/{timestamp(record['fetched_at'])}id_/{record['url']}")
        assert status == 200, record["url"]
        assert body == responses[record["archive"]["record_id"]].body, record["url"]


def test_a_revisit_replays_the_original_payload(runs, replay):
    rows = rows_in(runs.warcs)
    responses = {r.id: r for r in rows if r.type == "response"}
    revisits = [r for r in rows_in(runs.second.warcs) if r.type == "revisit"]
    assert revisits
    for revisit in revisits:
        stamp = timestamp(revisit.headers["WARC-Date"])
        status, headers, body = fetch(f"{replay}/{stamp}id_/{revisit.uri}")
        assert status == 200, revisit.uri
        served = parsedate_to_datetime(headers["Memento-Datetime"]).strftime("%Y%m%d%H%M%S")
        assert served == stamp  # the revisit itself was replayed, not the original capture
        assert body == responses[revisit.headers["WARC-Refers-To"]].body, revisit.uri
