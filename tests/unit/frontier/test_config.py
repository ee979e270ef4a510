"""The sources file: what it accepts, and one-line errors that name the key and the line."""

from __future__ import annotations

import re

import pytest

from archiver.frontier.sources import download_slots
from archiver.frontier.sources_file import ConfigError, KeyLines, load_sources, select_sources
from tests.support.cli import run_cli
from tests.support.paths import REPO

GOOD = """\
# comment
[sources.harbour]
seeds = ["https://news.example.com/", "https://news.example.com/feed.xml"]
include = ['/20\\d\\d/']
exclude = ["/tag/"]
max_pages = 50
depth = 1
delay = 1.5
concurrency = 2

[sources."wire"]
seeds = [
  "http://wire.example.org/sitemap.xml",
]
allowed_domains = ["wire.example.org", "cdn.example.org"]
"""


def write(tmp_path, text):
    path = tmp_path / "sources.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_good_file(tmp_path):
    harbour, wire = load_sources(write(tmp_path, GOOD))
    assert harbour.name == "harbour" and harbour.max_pages == 50 and harbour.depth == 1
    assert harbour.allowed_domains == ("news.example.com",)  # from the seeds
    assert harbour.pattern_skip("https://news.example.com/2026/11/a.html") is None
    assert harbour.pattern_skip("https://news.example.com/tag/2026/") == "excluded_by_pattern"
    assert harbour.pattern_skip("https://news.example.com/about") == "not_included_by_pattern"
    assert wire.allowed_domains == ("wire.example.org", "cdn.example.org")
    assert wire.include == () and wire.delay is None
    assert download_slots([harbour, wire]) == {"source:harbour": {"delay": 1.5,
                                                                  "concurrency": 2}}


def test_the_example_file_loads():
    sources = load_sources(REPO / "examples" / "sources.toml")
    assert [source.name for source in sources] == ["harbour-courier", "example-wire"]


BAD = [
    # (text, line, words the message must contain)
    ('[sources.a]\nseeds = ["https://x.test/"]\ndept = 2\n', 3, ["dept", "[sources.a]"]),
    ('[sources.a]\nseeds = [\n  "https://x.test/",\n  "ftp://x.test/",\n]\n', 4,
     ["sources.a.seeds", "not an http(s) URL", "ftp://x.test/"]),
    ("[sources.a]\nseeds = ['https://x.test/']\n\ninclude = ['(unclosed']\n", 4,
     ["sources.a.include", "bad regular expression", "(unclosed"]),
    ('[sources.a]\nseeds = ["https://x.test/"]\nmax_pages = "ten"\n', 3,
     ["sources.a.max_pages", "whole number"]),
    ('[sources.a]\nseeds = ["https://x.test/"]\nconcurrency = 0\n', 3, ["concurrency"]),
    ('[sources.a]\nseeds = ["https://x.test/"]\ndelay = -1\n', 3, ["delay"]),
    ('[sources.a]\nseeds = ["https://x.test/"]\nallowed_domains = ["https://x.test"]\n', 3,
     ["allowed_domains", "not a host name"]),
    ('[sources.a]\nseeds = []\n', 2, ["sources.a.seeds", "at least one"]),
    ('[sources.a]\ndepth = 1\n', 1, ["[sources.a] has no seeds"]),
    ('[sources."b c"]\nseeds = ["https://x.test/"]\n', 1, ["source name 'b c'"]),
    ('title = "x"\n[sources.a]\nseeds = ["https://x.test/"]\n', 1, ["unknown key 'title'"]),
    ('[sources.a]\nseeds = ["https://x.test/"\n', 2, ["not valid TOML"]),
    ("# nothing\n", None, ["no sources"]),
    # A dotted key at the top level is found too.
    ('sources.a.seeds = ["https://x.test/"]\nsources.a.depht = 1\n', 2, ["depht"]),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD)
def test_problems_name_the_key_and_the_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_sources(path)
    message = str(raised.value)
    assert "\n" not in message
    if line is None:
        assert message.startswith(f"{path}: ")
    else:
        assert message.startswith(f"{path}:{line}: "), message
    for word in words:
        assert word in message


def test_unreadable_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read sources file"):
        load_sources(tmp_path / "missing.toml")


def test_select_sources_by_name(tmp_path):
    sources = load_sources(write(tmp_path, GOOD))
    assert [s.name for s in select_sources(sources, ["wire"])] == ["wire"]
    assert select_sources(sources, []) == sources
    message = "no source named 'nope' (known: harbour, wire)"
    with pytest.raises(ConfigError, match=re.escape(message)):
        select_sources(sources, ["nope"])


def test_key_lines_follow_tables_and_dotted_keys():
    lines = KeyLines('[a]\nx = 1\n[a.b]\nx = 2\n[c]\n"a".b.x = 3\n')
    assert lines.find(["a", "x"]) == 2
    assert lines.find(["a", "b", "x"]) == 4
    assert lines.find(["c", "a", "b", "x"]) == 6
    assert lines.find(["a", "missing"]) == 1  # falls back to the table


@pytest.mark.crawl
@pytest.mark.parametrize(("args", "message"), [
    (["crawl", "--config", "{bad}"], "unknown key 'dept'"),
    (["crawl", "--config", "{good}", "--source", "nope"], "no source named 'nope'"),
    (["crawl", "--config", "{good}", "https://x.test/"], "seeds or --config, not both"),
    (["crawl", "--source", "a", "https://x.test/"], "--source needs --config"),
    (["crawl", "https://x.test/", "--since", "yesterday"], "--since: not a date"),
    (["crawl", "https://x.test/", "--refresh-after", "soon"], "--refresh-after: not a duration"),
])
def test_cli_usage_errors_are_one_line(tmp_path, args, message):
    bad = tmp_path / "bad.toml"
    bad.write_text('[sources.a]\nseeds = ["https://x.test/"]\ndept = 2\n')
    good = write(tmp_path, GOOD)
    args = [arg.format(bad=bad, good=good) for arg in args]
    run = run_cli([*args, "--out", str(tmp_path / "out")], tmp_path)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    if "dept" in message:
        assert f"{bad}:3:" in run.stderr
