"""Output file names: none comes from what a site sent, nothing leaves its folder.

File names are built from settings and the machine only (prefix, host name or
worker id, time stamps, serial numbers); those parts are sanitized all the
same. A crawl under hostile names is in tests/integration/test_output_paths.py.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from archiver.frontier.sources_file import ConfigError, load_config
from archiver.pipelines.jsonl_export import records_file_name
from archiver.warc.exchange import HttpExchange
from archiver.warc.writer import RollingWarcWriter, warc_file_name

HOSTILE = ["../../etc/passwd", "/etc/cron.d/x", "..", ".", "", "a\x00b", "a\\..\\b",
           "ünïcödé-тест-新闻", "x" * 300, "é" * 200, "~root", "$HOME", "con", " ", "\n"]
STAMP = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)


def assert_one_safe_component(name: str) -> None:
    assert "/" not in name and "\\" not in name and "\x00" not in name, name
    assert not name.startswith("."), name
    assert len(name.encode()) <= 255, name


@pytest.mark.parametrize("part", HOSTILE, ids=repr)
def test_file_names_stay_one_component_whatever_the_prefix_or_host(part):
    assert_one_safe_component(warc_file_name(part, STAMP, 1, part))
    assert_one_safe_component(records_file_name(part, STAMP, part))


def test_ordinary_names_are_unchanged():
    assert warc_file_name("news", STAMP, 7, "box") == "news-20260102030405678-00007-box.warc.gz"
    assert records_file_name("news", STAMP, "vm-1.lan") == "news-20260102030405678-vm-1.lan.jsonl"


def test_the_writer_keeps_a_hostile_prefix_and_host_in_its_folder(tmp_path):
    folder = tmp_path / "out" / "warc"
    writer = RollingWarcWriter(folder, prefix="../../escaped", max_size=10**9,
                               warcinfo_fields={}, host="../../" + "h" * 300)
    writer.write_exchange(HttpExchange(
        url="http://news.example/", method="GET", request_headers=[], status=200,
        response_headers=[], body=b"x", started_at=STAMP))
    writer.close()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(p.parent == folder for p in written), written


@pytest.mark.parametrize("name", ["../../x", "a/b", "a.b", "", "ünï", "a b"])
def test_hostile_source_names_are_refused(tmp_path, name):
    path = tmp_path / "sources.toml"
    path.write_text(f'[sources.{json.dumps(name)}]\nseeds = ["https://news.example/"]\n')
    with pytest.raises(ConfigError, match="use letters, digits"):
        load_config(path)
