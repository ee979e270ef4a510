"""The real-page yardstick of `make quality` on small sets written here, in its own layout."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from archiver.quality.__main__ import main
from archiver.quality.real.measure import Measured, measure_all
from archiver.quality.real.report import real_rows
from archiver.quality.real.scoring import body_snippets
from archiver.quality.real.sets import TRAFILATURA, RealPage, load_set

ARTICLE = """<html lang="en"><head>
<title>Harbour ferry returns after repairs | Coast Courier</title>
<meta property="og:type" content="article"></head><body>
<article><h1>Harbour ferry returns after repairs</h1>
<p class="byline">By Mara Lindqvist</p><time datetime="2024-03-05">5 March 2024</time>
<p>The harbour ferry resumed its crossings on Tuesday after six weeks in the dry dock,
where engineers replaced both propeller shafts and the worn rudder bearings.</p>
<p>Commuters who had taken the long road around the bay welcomed the return, and the
operator said the timetable would stay as it was before the repairs began last winter.</p>
<p>The council has set aside money for a second vessel, to be ordered next year once the
tender for the new landing stage has been decided by the harbour committee.</p>
</article><footer>Subscribe to the Coast Courier newsletter</footer></body></html>"""


def write_trafilatura_set(root: Path) -> None:
    folder = root / "real-pages" / "trafilatura"
    folder.mkdir(parents=True)
    (folder / "ferry.html.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (folder / "evaldata.json").write_text(json.dumps({
        "https://coast.example/ferry": {
            "file": "ferry.html.gz",
            "with": ["replaced both propeller shafts", "a second vessel"],
            "without": ["Subscribe to the Coast Courier newsletter"],
            "title": "Harbour ferry returns after repairs", "author": "Mara Lindqvist",
            "date": "2024-03-05",
        }
    }))


def test_an_absent_folder_gives_one_skip_line(tmp_path: Path, capsys) -> None:
    assert main(["--only-real-pages", "--real-pages", str(tmp_path), "--processes", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert all("skipped" in line and "is absent" in line for line in lines)


def test_snippets_are_scored_the_maintainers_way() -> None:
    page = RealPage(TRAFILATURA, "u", Path("x"), {"with": ["a b", "c"], "without": ["d"]})
    measured = [Measured(page, {"record": True, "text": "a\n b d"}, {"record": False}, 0, 0)]
    ours, plain = body_snippets(measured, "ours"), body_snippets(measured, "plain")
    assert (ours.tp, ours.fp, ours.fn) == (1, 1, 1)
    assert (plain.tp, plain.fp, plain.fn) == (0, 0, 2)


def test_a_set_is_scored_beside_the_plain_library(tmp_path: Path) -> None:
    write_trafilatura_set(tmp_path)
    pages = load_set(tmp_path, TRAFILATURA)
    assert isinstance(pages, list) and len(pages) == 1
    rows = {row.field: row for row in real_rows(measure_all(pages, processes=1))}
    assert rows["title exact"].ours.value == 1.0
    assert rows["author set exact"].ours.value == 1.0
    assert rows["date"].ours.value == 1.0
    body = rows["body F1 (with/without snippets)"]
    assert (body.ours.tp, body.ours.fp) == (2, 0)
    assert not any(row.failed for row in rows.values())


def test_a_field_below_its_floor_fails_the_run(tmp_path: Path, capsys) -> None:
    write_trafilatura_set(tmp_path)
    evaldata = tmp_path / "real-pages" / "trafilatura" / "evaldata.json"
    entries = json.loads(evaldata.read_text())
    entries["https://coast.example/ferry"]["title"] = "Another headline altogether"
    evaldata.write_text(json.dumps(entries))
    assert main(["--only-real-pages", "--real-pages", str(tmp_path), "--processes", "1"]) == 1
    assert "below floor (real pages): trafilatura: title exact" in capsys.readouterr().out
