"""Replay of server-not-modified revisits: the latest capture of an unchanged page.

After a run that revalidates with conditional requests (the `runs` fixture's third
run), the latest capture of an unchanged article is a 304 written as a
server-not-modified revisit. pywb replays a revisit whose HTTP status is 3xx as it
is (an empty 304: pywb.warcserver.resource.resolvingloader skips the payload
look-up for 3xx), so our CDXJ resolves it to its original.
"""

from __future__ import annotations

import json

import pytest

from archiver.warc.records import SERVER_NOT_MODIFIED
from tests.integration import test_replay
from tests.integration.test_replay import timestamp
from tests.support.replay_tools import fetch
from tests.support.warc_runs import rows_in

# pywb over the `runs` output, as tests/integration/test_replay.py serves it.
replay = test_replay.replay


pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def test_a_not_modified_revisit_replays_its_original(runs, replay):
    rows = rows_in(runs.warcs)
    responses = {r.id: r for r in rows if r.type == "response"}
    not_modified = [r for r in rows_in(runs.third.warcs)
                    if r.type == "revisit" and r.headers["WARC-Profile"] == SERVER_NOT_MODIFIED]
    assert len(not_modified) >= 8
    for revisit in not_modified:
        stamp = timestamp(revisit.headers["WARC-Date"])
        status, headers, body = fetch(f"{replay}/{stamp}id_/{revisit.uri}")
        assert status == 200, revisit.uri
        assert headers["Memento-Datetime"], revisit.uri
        assert body == responses[revisit.headers["WARC-Refers-To"]].body, revisit.uri


def test_the_latest_capture_of_every_article_replays_its_payload(runs, replay):
    rows = rows_in(runs.warcs)
    responses = {r.id: r for r in rows if r.type == "response"}
    records = [json.loads(line) for path in sorted((runs.out / "records").glob("*.jsonl"))
               for line in path.read_text("utf-8").splitlines()]
    for url in {record["url"] for record in records}:
        latest = max((r for r in rows if r.uri == url and r.type in ("response", "revisit")),
                     key=lambda r: r.headers["WARC-Date"])
        original = responses.get(latest.headers.get("WARC-Refers-To"), latest)
        status, headers, body = fetch(f"{replay}/29991231235959id_/{url}")
        assert status == 200, url
        assert body == original.body, url
