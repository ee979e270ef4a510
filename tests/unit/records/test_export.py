"""`archiver export`: one record per article, the latest fetch wins; errors in one line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from archiver.cli import main
from archiver.records.export import record_fields


def record(url: str, fetched_at: str, **fields) -> dict:
    return {"id": "0" * 32, "url": url, "canonical_url": url, "fetched_at": fetched_at,
            "title": f"title of {url}", "authors": [], "tags": [], "version": 1,
            "previous_id": None} | fields


@pytest.fixture
def outdir(tmp_path):
    records = tmp_path / "out" / "records"
    records.mkdir(parents=True)
    first = [record("http://a.test/1", "2026-11-01T10:00:00Z", title="Old headline"),
             record("http://a.test/2", "2026-11-01T10:00:01Z",
                    authors=[{"name": "Ann, Jr.", "url": None, "type": "person"}],
                    tags=["ports", "ferries"], title='Quote "this", and\nthat')]
    second = [record("http://a.test/1", "2026-11-02T10:00:00Z", title="New headline", version=2,
                     previous_id="1" * 32),
              record("http://a.test/1?amp", "2026-11-02T10:00:02Z",
                     canonical_url="http://a.test/3")]
    (records / "run-1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in first))
    (records / "run-2.jsonl").write_text("".join(json.dumps(r) + "\n" for r in second))
    (records / "run-3.jsonl.open").write_text(json.dumps(record("http://a.test/9", "x")) + "\n")
    return tmp_path / "out"


def test_jsonl_keeps_the_latest_version_of_each_article(outdir, capsys):
    assert main(["export", str(outdir)]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [(r["url"], r["title"]) for r in rows] == [
        ("http://a.test/1", "New headline"), ("http://a.test/2", 'Quote "this", and\nthat'),
        ("http://a.test/1?amp", "title of http://a.test/1?amp")]
    assert "Exported 3 article(s) from 4 record(s)" in captured.err  # .open files are skipped


def test_csv_quotes_and_joins_lists(outdir, tmp_path, capsys):
    target = tmp_path / "articles.csv"
    fields = "url,title,authors,tags,version"
    assert main(["export", str(outdir), "--format", "csv", "--fields", fields,
                 "--out", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert rows[0] == fields.split(",")
    assert rows[2][1] == 'Quote "this", and\nthat'
    assert json.loads(rows[2][2]) == [{"name": "Ann, Jr.", "url": None, "type": "person"}]
    assert rows[2][3] == "ports; ferries"
    assert rows[1][4] == "2"
    assert not list(tmp_path.glob("*.open"))


def test_since_keeps_articles_fetched_since(outdir, capsys):
    assert main(["export", str(outdir), "--since", "2026-11-02T10:00:01Z", "--fields", "url"]) == 0
    assert capsys.readouterr().out.splitlines() == ['{"url":"http://a.test/1?amp"}']


@pytest.mark.parametrize(("args", "message"), [
    (["--fields", "url,nope"], "unknown field 'nope'"),
    (["--since", "yesterday"], "--since: not a date"),
])
def test_bad_input_is_one_line(outdir, capsys, args, message):
    assert main(["export", str(outdir), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_folder_without_records_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path)]) == 2
    assert "no records folder" in capsys.readouterr().err


HOSTILE_TITLES = ["=HYPERLINK(\"http://evil.test/\",\"click\")", "+cmd|' /C calc'!A0",
                  "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile_outdir(tmp_path):
    records = tmp_path / "out" / "records"
    records.mkdir(parents=True)
    rows = [record(f"http://a.test/{n}", "2026-11-01T10:00:00Z", title=title,
                   tags=[title, "ferries"], version=-3 if n == 0 else n)
            for n, title in enumerate(HOSTILE_TITLES)]
    rows.append(record("http://a.test/esc", "2026-11-01T10:00:00Z",
                       title="\x1b]0;pwned\x07Ferry \x9b31mfees\x00 rise\r\nagain\tnow",
                       authors=[{"name": "Ann \x1b[2J Writer", "url": None, "type": "person"}]))
    (records / "run-1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return tmp_path / "out"


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(hostile_outdir, capsys):
    """OWASP's rule: a cell starting with = + - @ tab or CR gets a leading single quote."""
    assert main(["export", str(hostile_outdir), "--format", "csv",
                 "--fields", "url,title,tags,version"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))[1:]
    titles = {row[0]: row[1] for row in rows}
    for n, title in enumerate(HOSTILE_TITLES):
        shown = titles[f"http://a.test/{n}"]
        assert shown.startswith("'") and not shown.startswith(("'\r",)), shown
        assert shown.lstrip("'").lstrip("\t") in title
    tags = {row[0]: row[2] for row in rows}
    assert tags["http://a.test/0"].startswith("'=HYPERLINK")
    numbers = {row[0]: row[3] for row in rows}
    assert numbers["http://a.test/0"] == "-3"  # a number is a number, not a formula


def test_csv_carries_no_terminal_control_characters(hostile_outdir, capsys):
    assert main(["export", str(hostile_outdir), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    body = out.replace("\r\n", "")  # the CSV line terminator
    assert not [c for c in body if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f]
    fields = record_fields()
    rows = {row[fields.index("url")]: row for row in csv.reader(io.StringIO(out, newline=""))}
    title = rows["http://a.test/esc"][fields.index("title")]
    assert title == "]0;pwnedFerry 31mfees rise\nagain\tnow"


def test_jsonl_export_escapes_every_control_character(hostile_outdir, capsys):
    assert main(["export", str(hostile_outdir), "--fields", "title"]) == 0
    out = capsys.readouterr().out
    assert "\\u001b]0;pwned\\u0007Ferry \\u009b31mfees" in out  # json.dumps leaves C1 raw
    assert not [c for c in out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert "\x1b]0;pwned\x07Ferry \x9b31mfees\x00 rise\r\nagain\tnow" in titles
