"""The browser's processes, found by the TMPDIR the crawl gave them (Linux /proc).

Playwright does not tell which processes a launched Chromium has; the crawl starts it
with a TMPDIR of its own (archiver.core.browser_handler), which every one of its
processes inherits, so a hung browser can be killed and started again. That folder
also takes Chromium's own temporary files, which a killed Chromium leaves behind: it is
removed at the end of the run, or by the next run when the run was killed.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path


def processes_with_tmp(tmp: Path) -> list[int]:
    """Pids of this user's processes whose environment has TMPDIR=`tmp`."""
    wanted = f"TMPDIR={tmp}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone, or not ours
            continue
        if wanted in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


TMP_PREFIX = "archiver-cr-"
# Chromium puts a socket at TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket, whose path
# must fit in 107 bytes; past it Chromium will not start.
_SOCKET_TAIL = len("/archiver-cr-4194304-abcdefgh/org.chromium.Chromium.XXXXXX/SingletonSocket")


def tmp_base() -> str:
    """The system's temporary folder, or /tmp when its path is too long for the socket."""
    base = tempfile.gettempdir()
    return base if len(base) + _SOCKET_TAIL <= 107 else "/tmp"


def run_tmp() -> Path:
    """A new temporary folder for this run's browser (after removing killed runs' ones)."""
    remove_dead_runs_tmp()
    return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=tmp_base()))


def remove_dead_runs_tmp() -> None:
    """Remove the Chromium temporary folders of runs that were killed (their pid is gone)."""
    for folder in Path(tmp_base()).glob(f"{TMP_PREFIX}*-*"):
        pid = folder.name[len(TMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
