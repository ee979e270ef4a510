"""Files that readers see whole or not at all."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


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
    (a cache shared by concurrent crawls), each under a name of its own."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.open")
    try:
        with open(temporary, "w+b") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
