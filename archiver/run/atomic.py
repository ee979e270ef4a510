"""Files that readers see whole or not at all."""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from archiver.run.processes import is_running

# A PATH.PID.open of binary_file_atomically's untouched this long, whose process runs no
# more, was left by a writer killed halfway (kill -9, the OOM killer, a power cut).
ABANDONED_AFTER_SECONDS = 600


def write_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write to PATH.open, then rename: readers see the old file or the whole new one."""
    temporary = path.with_name(path.name + ".open")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write to PATH.PID.open, then rename (see binary_file_atomically)."""
    with binary_file_atomically(path) as stream:
        stream.write(data)


@contextmanager
def binary_file_atomically(path: Path) -> Iterator[BinaryIO]:
    """PATH.PID.open, open for writing and reading back, renamed to PATH when the block
    ends without an error (else removed): for a file several processes may write at once
    (a cache shared by concurrent crawls), each under a name of its own. Such files that
    writers killed halfway left beside PATH are removed first (remove_abandoned)."""
    remove_abandoned(path)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.open")
    try:
        with open(temporary, "w+b") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def remove_abandoned(path: Path) -> None:
    """Remove the PATH.PID.open files beside PATH whose process runs no more and that
    nothing wrote to for ABANDONED_AFTER_SECONDS: incomplete by their name, and never to
    be finished. (The age spares a writer on another machine sharing the folder, whose
    PID means nothing here.)"""
    now = time.time()
    for partial in path.parent.glob(f"{glob.escape(path.name)}.*.open"):
        pid = partial.name[len(path.name) + 1:-len(".open")]
        if not pid.isdigit() or is_running(int(pid)):
            continue
        try:
            if now - partial.stat().st_mtime >= ABANDONED_AFTER_SECONDS:
                partial.unlink()
        except OSError:  # gone meanwhile, or not ours to remove
            continue
