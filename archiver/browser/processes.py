"""The browser's processes, found by the TMPDIR the crawl gave them (Linux /proc).

Playwright does not tell which processes a launched Chromium has; the crawl starts it
with a TMPDIR of its own (archiver.core.browser_handler), which every one of its
processes inherits, so a hung browser can be killed and started again.
"""

from __future__ import annotations

import os
import signal
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
