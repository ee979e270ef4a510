"""What a writer killed halfway leaves: a PID that runs no more, a file untouched since."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def a_dead_pid() -> int:
    """The PID of a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def untouched_for(path: Path, seconds: float) -> Path:
    """`path`, its modification time set `seconds` back."""
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path
