"""Files written whole or not at all, and what writers killed halfway left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archiver.run import atomic
from tests.support.dead_writers import a_dead_pid, untouched_for


def test_a_file_is_written_whole_under_a_name_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "cache.bin"
    atomic.write_bytes_atomically(path, b"first")
    atomic.write_bytes_atomically(path, b"second")
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.bin"]


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    path = tmp_path / "cache.bin"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic.binary_file_atomically(path) as stream:
        stream.write(b"half")
        raise RuntimeError("killed halfway")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.bin"]


def test_partials_of_killed_writers_are_removed_at_the_next_write(tmp_path: Path) -> None:
    path = tmp_path / "cache.bin"
    dead = a_dead_pid()
    abandoned = tmp_path / f"cache.bin.{dead}.open"
    abandoned.write_bytes(b"half a file")
    untouched_for(abandoned, 3600)
    recent = tmp_path / f"cache.bin.{a_dead_pid()}.open"  # (another machine's writer, say)
    recent.write_bytes(b"being written")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = tmp_path / f"cache.bin.{sleeper.pid}.open"
        alive.write_bytes(b"still writing")
        untouched_for(alive, 3600)
        other = tmp_path / f"other.bin.{dead}.open"
        other.write_bytes(b"not this file's")
        untouched_for(other, 3600)
        atomic.write_bytes_atomically(path, b"whole")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert path.read_bytes() == b"whole"
    assert not abandoned.exists()
    assert recent.exists() and alive.exists() and other.exists()
