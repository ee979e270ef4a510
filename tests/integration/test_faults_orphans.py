"""No process of a crawl outlives it, whatever ends it: kill -9, or signals in quick succession.

The crawl runs against a site whose slow pages keep it busy (tests.test_faults_signals);
once its extraction workers, forkserver, resource tracker and CDXJ process are
up, every process of the run (its descendants and its process group, noted
before the kill) is watched: none may be alive 5 s after the crawl ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from tests.integration.test_faults_signals import SETTINGS, SlowSite, wait_until_stuck
from tests.support.fault_site import RawServer
from tests.support.leftover_processes import describe_and_kill, still_alive
from tests.support.paths import REPO

GRACE = 5.0


@pytest.fixture
def slow_site():
    with RawServer() as server:
        yield SlowSite(server)


def start(site: SlowSite, out, log, tmp=None) -> subprocess.Popen:
    """The crawl in a session of its own: its process group holds the run's processes.
    With `tmp`, its temporary files go there (TMPDIR)."""
    env = os.environ | ({"TMPDIR": str(tmp)} if tmp else {})
    with open(log, "wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "archiver.cli", "crawl", site.server.url("/feed.xml"),
             "--out", str(out), *SETTINGS, "-s", "ARCHIVER_SHUTDOWN_CLOSE_TIMEOUT=0"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True,
            env=env)


def processes_of(pid: int) -> list[psutil.Process]:
    """The crawl, its descendants, and whatever else is in its process group."""
    crawl = psutil.Process(pid)
    found = {p.pid: p for p in [crawl, *crawl.children(recursive=True)]}
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == pid:
                found.setdefault(process.pid, process)
        except (ProcessLookupError, PermissionError):
            continue
    return list(found.values())


def wait_for_workers(pid: int) -> list[psutil.Process]:
    """Until the extraction worker and the CDXJ process (both forked by the forkserver) run."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        processes = processes_of(pid)
        forked = [p for p in processes if p.ppid() not in (pid, 1) and p.pid != pid]
        if len(forked) >= 2:
            return processes
        time.sleep(0.1)
    raise AssertionError(f"no workers: {[p.cmdline()[-1][:80] for p in processes_of(pid)]}")


@pytest.mark.parametrize(("signum", "times"), [(signal.SIGKILL, 1), (signal.SIGTERM, 3)],
                         ids=["kill-9", "three-SIGTERMs"])
def test_no_process_of_the_run_outlives_it(slow_site, tmp_path, signum, times):
    out, log, tmp = tmp_path / "out", tmp_path / "crawl.log", tmp_path / "tmp"
    tmp.mkdir()
    child = start(slow_site, out, log, tmp)
    wait_until_stuck(slow_site, out, child)
    try:
        processes = wait_for_workers(child.pid)
    except AssertionError:
        child.kill()
        child.wait()
        raise
    print(f"{len(processes)} processes: {[' '.join(p.cmdline())[-60:] for p in processes]}")
    for _ in range(times):
        os.kill(child.pid, signum)
        time.sleep(0.05)
    child.wait(timeout=30)
    left = describe_and_kill(still_alive(processes, GRACE))  # the test leaves none either
    assert not left, f"alive {GRACE:g} s after the crawl ended: {left}"
    # multiprocessing's folder of the crawl (the forkserver's socket), which its exit
    # would have removed: the workers remove it when they see the crawl dead.
    assert not list(tmp.glob("pymp-*"))


def test_a_crawl_killed_before_its_first_worker_leaves_no_folder(slow_site, tmp_path):
    """Killed while the forkserver still loads the extractor: no worker ever runs to remove
    the crawl's multiprocessing folder, so the forkserver does as it exits."""
    out, log, tmp = tmp_path / "out", tmp_path / "crawl.log", tmp_path / "tmp"
    tmp.mkdir()
    child = start(slow_site, out, log, tmp)
    deadline = time.monotonic() + 30
    forkservers: list[psutil.Process] = []
    while not forkservers and time.monotonic() < deadline and child.poll() is None:
        forkservers = [p for p in processes_of(child.pid)
                       if "multiprocessing.forkserver" in " ".join(p.cmdline())]
    try:
        assert forkservers, "the crawl started no forkserver"
        assert list(tmp.glob("pymp-*")), "the crawl made no multiprocessing folder"
        processes = processes_of(child.pid)
        assert not [p for p in processes if p.ppid() == forkservers[0].pid], "too late"
    finally:
        child.kill()
        child.wait()
    left = describe_and_kill(still_alive(processes, 60))  # the forkserver loads, then ends
    assert not left, f"alive after the crawl was killed: {left}"
    assert not list(tmp.glob("pymp-*"))
