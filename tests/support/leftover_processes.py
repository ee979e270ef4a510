"""Processes a test run left behind: every child of the session carries its mark.

conftest.py sets ARCHIVER_TEST_SESSION in the environment at start, so every
process the tests start (crawls, their forkservers, workers and resource
trackers) inherits it. At the end of the session a marked process that is not
the session itself or one of its descendants has outlived whatever started it.
"""

from __future__ import annotations

import os
import time

import psutil

SESSION_MARK = "ARCHIVER_TEST_SESSION"


def still_alive(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    """Those of `processes` still running (not zombies) after up to `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except psutil.NoSuchProcess:
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def describe_and_kill(processes: list[psutil.Process]) -> list[str]:
    described = []
    for process in processes:
        try:
            described.append(f"{process.pid} {' '.join(process.cmdline())[:120]}")
            process.kill()
        except psutil.NoSuchProcess:
            continue
    return described


def orphans(mark: str, within: float) -> list[psutil.Process]:
    """Marked processes outside this process's tree, still alive after `within` seconds."""
    me = psutil.Process()
    ours = {me.pid, *(p.pid for p in me.children(recursive=True))}
    marked = []
    for process in psutil.process_iter():
        if process.pid in ours:
            continue
        try:
            if process.environ().get(SESSION_MARK) == mark:
                marked.append(process)
        except (psutil.AccessDenied, psutil.NoSuchProcess, psutil.ZombieProcess, OSError):
            continue
    return still_alive(marked, within)


def session_mark() -> str:
    return os.environ.setdefault(SESSION_MARK, f"{os.getpid()}-{time.time_ns()}")
