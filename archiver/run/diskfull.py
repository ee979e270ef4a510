"""A full disk: how it is recognised, reported, and how files stay whole through it.

When a write finds the disk full, the run stops as if killed at that moment:
the write that failed is cut back (`append_whole`), nothing more is written
(the state takes no more writes, records are not written, the WARC capture
stops), the `.open` files are left for the next run to finish, and the crawl
ends at once with one line naming the file (archiver.extensions.shutdown).
No Scrapy here; the signal is archiver.signals.disk_full.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import BinaryIO

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFullError(Exception):
    """A write found no room (ENOSPC, a quota, SQLite's SQLITE_FULL)."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = str(path) if path is not None else "the output folder"
        super().__init__(f"disk full writing {self.path}")


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, DiskFullError):
        return True
    if isinstance(error, OSError):
        return error.errno in _FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL
    return False


def append_whole(stream: BinaryIO, data: bytes) -> None:
    """Write all of `data` at the stream's position, or leave the file as it was.

    `stream` must be unbuffered (open(..., buffering=0)), so that what a failed
    write left on disk is known and can be cut off.
    """
    start = stream.tell()
    view = memoryview(data)
    try:
        while view:
            view = view[stream.write(view):]
    except OSError:
        stream.truncate(start)
        stream.seek(start)
        raise
