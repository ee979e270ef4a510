"""Recovery of a `.open` WARC damaged in the middle, and of files the tool did not write.

A crawl of the demo site leaves a WARC file; it is renamed `.open` (as a killed
run leaves it) and 64 bytes at a quarter of it are zeroed. `archiver recover`
must keep the original bytes, keep every whole gzip member after the damage at
its offset, and `archiver validate` must report the damage and exactly the
JSON records whose `archive` pointer no longer resolves. A file in the WARC
folder that is not gzip-compressed WARC data is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.cli import run_cli
from tests.support.paths import REPO

DAMAGE = 64


def archiver(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "archiver.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def members(data_path: Path) -> list[tuple[int, int, str]]:
    """(offset, length, record id) of every record of a whole WARC file."""
    found = []
    with open(data_path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            record.content_stream().read()
            found.append((iterator.get_record_offset(), iterator.get_record_length(), record_id))
    return found


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("damage") / "out"
    run = run_cli(["demo", "--out", str(out), "--quiet"], out.parent)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def test_damage_in_the_middle_keeps_every_whole_record_and_validate_names_the_loss(
        crawled, tmp_path):
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(crawled), str(out)], check=True)
    [warc] = out.glob("warc/*.warc.gz")
    intact = members(warc)
    original = bytearray(warc.read_bytes())
    start = len(original) // 4
    original[start:start + DAMAGE] = bytes(DAMAGE)
    damaged = [m for m in intact if m[0] < start + DAMAGE and start < m[0] + m[1]]
    assert damaged and len(intact) > 4 * len(damaged)
    warc.with_name(warc.name[:-len(".gz")] + ".cdxj").unlink(missing_ok=True)
    opened = warc.with_name(warc.name + ".open")
    warc.rename(opened)
    opened.write_bytes(original)

    recovered = archiver("recover", str(out))
    assert recovered.returncode == 0, recovered.stderr
    kept = warc.with_name(warc.name + ".damaged")
    assert kept.read_bytes() == original  # every byte of the original is kept
    salvaged = warc.read_bytes()
    assert len(salvaged) == len(original)  # whole members stay at their offsets
    for offset, length, _ in intact:
        if (offset, length, _) not in damaged:
            assert salvaged[offset:offset + length] == original[offset:offset + length]
    after = [m for m in intact if m[0] > damaged[-1][0]]
    readable = {(offset, record_id) for offset, _length, record_id in members(warc)}
    assert {(offset, record_id) for offset, _length, record_id in after} <= readable

    pointers = [(path.name, n, json.loads(line)["archive"])
                for path in out.glob("records/*.jsonl")
                for n, line in enumerate(path.read_text().splitlines(), 1)]
    lost = {(name, n) for name, n, archive in pointers
            if any(archive["offset"] == offset for offset, _, _ in damaged)}
    checked = archiver("validate", str(out))
    assert checked.returncode == 1, checked.stdout
    lines = checked.stdout.splitlines()
    assert any(f"{warc.name}:{damaged[0][0]}: damaged" in line for line in lines), lines
    unresolved = {tuple(line.split(":", 2)[:2]) for line in lines if "resolves to no" in line}
    assert unresolved == {(f"records/{name}", str(n)) for name, n in lost}, lines
    assert len(pointers) > len(lost)
    print(f"{len(intact)} records, damaged {damaged}, {len(lost)} of {len(pointers)} pointers lost")


@pytest.mark.parametrize("name", ["warc/X.warc.gz.open", "records/X.jsonl.open"])
def test_a_file_the_tool_did_not_write_is_left_alone(tmp_path, name):
    out = tmp_path / "out"
    stray = out / name
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"my own notes, not a WARC file\n" * 10)
    done = archiver("recover", str(out))
    assert done.returncode == 0, done.stderr
    assert stray.read_bytes() == b"my own notes, not a WARC file\n" * 10
    assert str(stray) in done.stderr + done.stdout


def test_a_stray_file_in_the_output_folder_is_named_and_stops_the_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "records").write_text("not a folder\n")
    run = run_cli(["demo", "--out", str(out), "--quiet"], tmp_path)
    assert run.returncode == 2, run.stderr[-2000:]
    assert run.stderr.strip().count("\n") == 0, run.stderr[-2000:]  # one line
    assert str(out / "records") in run.stderr and "Traceback" not in run.stderr
    assert (out / "records").read_text() == "not a folder\n"
