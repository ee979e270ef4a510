from __future__ import annotations

import json

from archiver.records.jsonl import JsonlWriter


def test_lines_go_to_open_file_and_appear_whole_on_close(tmp_path):
    path = tmp_path / "records" / "run.jsonl"
    writer = JsonlWriter(path)
    writer.write({"title": "Grüße", "n": 1})
    open_file = tmp_path / "records" / "run.jsonl.open"
    assert not path.exists()
    assert open_file.read_text("utf-8") == '{"title":"Grüße","n":1}\n'  # flushed per line
    writer.write({"n": 2})
    assert writer.close() == path
    assert not open_file.exists()
    assert [json.loads(line) for line in path.read_text("utf-8").splitlines()] == [
        {"title": "Grüße", "n": 1}, {"n": 2}]


def test_empty_run_leaves_no_file(tmp_path):
    writer = JsonlWriter(tmp_path / "run.jsonl")
    assert writer.close() is None
    assert list(tmp_path.iterdir()) == []
