"""Collection metadata: name and description from the sources file or flags, into the
warcinfo records; `archiver pack --title --description`, checked with the real wacz."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from warcio.archiveiterator import ArchiveIterator

from archiver.extensions.warc_capture import seeds_field
from archiver.frontier.sources_file import ConfigError, load_config
from tests.support.cli import run_cli
from tests.support.replay_tools import tool

pytestmark = [pytest.mark.crawl, pytest.mark.slow]


def warcinfo(out) -> dict[str, str]:
    (warc,) = (out / "warc").glob("*.warc.gz")
    with open(warc, "rb") as stream:
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_type == "warcinfo"
        body = record.content_stream().read().decode("utf-8")
    return dict(line.split(": ", 1) for line in body.splitlines() if line)


def sources_file(tmp_path, seed: str, top: str) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(f'{top}\ncontact = "mailto:ops@example.org"\n\n'
                    f'[sources.demo]\nseeds = ["{seed}"]\ndepth = 0\n')
    return str(path)


def test_warcinfo_names_the_collection_its_seeds_and_policies(site, tmp_path):
    out = tmp_path / "out"
    seed = site.url("/")
    config = sources_file(tmp_path, seed, 'collection = "harbour-news"\n'
                          'description = """Local news of the\n harbour towns."""')
    run = run_cli(["crawl", "--config", config, "--out", str(out), "--quiet"], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    fields = warcinfo(out)
    assert fields["isPartOf"] == "harbour-news"
    assert fields["description"] == "Local news of the harbour towns."
    assert fields["operator"] == "mailto:ops@example.org"
    assert fields["seeds"] == seed
    assert fields["robots"] == "obey" and fields["software"].startswith("archiver/")

    # Flags win over the file; a seed's password is never written.
    again = tmp_path / "again"
    run = run_cli(["crawl", "--config", config, "--out", str(again), "--quiet",
                   "--collection", "harbour-2027", "--description", "Another year."], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert warcinfo(again)["isPartOf"] == "harbour-2027"
    assert warcinfo(again)["description"] == "Another year."


def test_the_seeds_field_hides_passwords_and_is_bounded():
    seeds = ["http://reader:s3cret@a.example/", "http://b.example/", "http://c.example/"]
    assert seeds_field(seeds, 2) == "http://reader:***@a.example/ http://b.example/ (and 1 more)"


@pytest.mark.parametrize("top, words", [
    ("collection = 3", "collection: must be text on one line"),
    ('collection = "two\\nlines"', "collection: must be text on one line"),
    ('description = ""', "description: must be text"),
])
def test_bad_collection_keys_are_one_line_errors(tmp_path, top, words):
    with pytest.raises(ConfigError, match=words):
        load_config(_file(tmp_path, top))


def _file(tmp_path, top):
    path = tmp_path / "sources.toml"
    path.write_text(f'{top}\n[sources.a]\nseeds = ["https://a.example/"]\n')
    return path


def test_pack_titles_and_describes_the_package(runs, tmp_path):
    target = tmp_path / "harbour.wacz"
    run = run_cli(["pack", str(runs.out), "--out", str(target), "--title", "Harbour news",
                   "--description", "Three runs over the demo site."], tmp_path)
    assert run.returncode == 0, run.stderr
    check = subprocess.run([tool("wacz"), "validate", "-f", str(target)],
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(target) as package:
        datapackage = json.loads(package.read("datapackage.json"))
    assert datapackage["title"] == "Harbour news"
    assert datapackage["description"] == "Three runs over the demo site."
