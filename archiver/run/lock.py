"""One run per output folder: an exclusive lock on a file in it.

The lock is a `flock` on the lock file, so the kernel releases it when the
holder exits in any way (kill -9 included); the file itself stays and names the
last holder (pid, host, start time, command with secrets hidden). A lock file whose holder is gone
is simply taken over, and the takeover is reported. `flock` needs a POSIX
system; on a network file system it is only as good as that system's locking.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from archiver.dates import now_iso
from archiver.run.redaction import redact_argv


class LockedError(Exception):
    """Another run holds the lock; the message names it."""


def _holder(stream: IO[str]) -> dict[str, Any]:
    stream.seek(0)
    try:
        data = json.loads(stream.read() or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def describe(holder: dict[str, Any]) -> str:
    if not holder:
        return "an unknown process"
    return (f"pid {holder.get('pid')} on {holder.get('host')} since {holder.get('started_at')}"
            f" ({holder.get('command')})")


def pid_alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


@contextmanager
def output_lock(path: Path) -> Iterator[dict[str, Any] | None]:
    """Hold the lock for the block; yields the holder taken over from (stale), if any."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stream = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(f"{path.parent} is in use by another run: "
                              f"{describe(_holder(stream))}") from None
        previous = _holder(stream)
        _write_holder(stream)
        yield previous or None
        stream.truncate(0)  # the file stays: removing it would race with the next run
    finally:
        stream.close()


def _write_holder(stream: IO[str]) -> None:
    stream.seek(0)
    stream.truncate()
    stream.write(json.dumps({
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started_at": now_iso(),
        "command": " ".join(["archiver", *redact_argv(sys.argv[1:])]),
    }))
    stream.flush()
