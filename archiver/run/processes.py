"""Whether a process of this machine still runs."""

from __future__ import annotations

import os
from pathlib import Path

# linux/sched.h: set on a task as it starts to exit, before it closes its files.
PF_EXITING = 0x00000004


def is_running(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet waited for, does not; nor does a
    process that has started to exit)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: fall back on a signal 0, which a zombie passes
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process
            return True
        return True
    # A dying process closes its descriptors (a lifeline's end of file comes then) before
    # it turns zombie: the kernel has marked it exiting (PF_EXITING) by then.
    state, *_, flags = stat.rsplit(")", 1)[1].split()[:7]
    return state not in ("Z", "X") and not int(flags) & PF_EXITING
