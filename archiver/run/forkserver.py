"""The forkserver the crawl's worker processes start from, with the extractor loaded.

The extraction workers (and the CDXJ process, archiver.warc.background_cdxj)
are forked from a forkserver that has already imported the extractor
(`archiver.extraction.preload`): forking the crawler itself, with its reactor
and threads, is not safe, and spawning re-imports everything for each worker.

Workers die with the crawl, however it ends (kill -9, the OOM killer, a
cron timeout). Left alone they would not: their parent is the forkserver,
not the crawl, so PR_SET_PDEATHSIG cannot tie them to it; a worker blocks
on its task queue, whose write end it holds itself, so never sees the crawl
go; and the forkserver (which hands every worker a copy of its own "alive"
pipe) waits for its last worker, as the resource tracker waits for every
holder of its pipe. Each pool therefore owns a `Lifeline`: a pipe whose
write end only the crawl process holds; its workers watch the read end and
exit on end of file. Once they are gone the forkserver and the resource
tracker end by themselves.
A crawl killed outright also leaves multiprocessing's folder (pymp-*, the
forkserver's socket) that its exit would have removed; the workers remove it
when the end of file comes from the crawl's death rather than from close(),
and the forkserver as it exits, for a crawl killed before any worker started.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import multiprocessing.util
import os
import shutil
import threading
from multiprocessing.connection import Connection

from archiver.run.processes import is_running

PRELOAD = ["archiver.extraction.preload"]
# The crawl's pid and multiprocessing folder, handed to the forkserver in its environment.
OWNER_ENV = "ARCHIVER_FORKSERVER_OWNER"
# prctl(2): the calling thread's name, which is the process's name (ps, top, /proc/PID/comm)
# when called from the main thread.
PR_SET_NAME = 15


def forkserver_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_forkserver() -> None:
    """Start the forkserver now, before the crawl imports Scrapy and opens.

    Loading the extractor into it takes about 1.7 s of one core; started first
    it overlaps the crawl process's own start-up (about 1.5 s) on the other
    core, instead of holding up the first extraction. The pool uses the same
    server (multiprocessing keeps one per process).
    """
    forkserver_context()
    os.environ[OWNER_ENV] = f"{os.getpid()}:{multiprocessing.util.get_temp_dir()}"
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        del os.environ[OWNER_ENV]


def remove_owners_folder_at_exit() -> None:
    """In the forkserver (from its preload): at its exit, remove the multiprocessing folder
    of the crawl that started it if that crawl died without removing it.

    The forkserver exits once the crawl and every worker are gone; the workers remove
    the folder of a crawl killed outright (see _exit_at_end_of), but a crawl killed
    before its first worker started has none, and left its folder behind.
    """
    owner = os.environ.pop(OWNER_ENV, None)
    if owner:
        pid, _, folder = owner.partition(":")
        atexit.register(_remove_if_gone, int(pid), folder)


def _remove_if_gone(owner: int, folder: str) -> None:
    if not is_running(owner):
        shutil.rmtree(folder, ignore_errors=True)


class Lifeline:
    """A pipe whose write end stays in this process: `watch` is for the workers.

    The write end is not inheritable and never sent, so no other process holds
    it; when this process ends, or `close()` is called, the workers' read end
    sees end of file. `initargs` is what a pool passes to `exit_with_owner`.
    """

    def __init__(self) -> None:
        self.watch, self._held = multiprocessing.Pipe(duplex=False)
        # multiprocessing's folder of this process (the forkserver's socket is in it):
        # removed by a finalizer at a normal exit, left behind by kill -9.
        self.initargs = (self.watch, os.getpid(), multiprocessing.util.get_temp_dir())

    def close(self) -> None:
        self._held.close()


def exit_with_owner(watch: Connection, owner: int | None = None,
                    owner_tempdir: str | None = None) -> None:
    """In a worker (a pool's initializer): exit as soon as the lifeline's owner is gone,
    removing the owner's multiprocessing folder if the owner died without doing so."""
    threading.Thread(target=_exit_at_end_of, args=(watch, owner, owner_tempdir),
                     name="lifeline", daemon=True).start()


def _exit_at_end_of(watch: Connection, owner: int | None, owner_tempdir: str | None) -> None:
    try:
        watch.recv_bytes()  # nothing is ever sent: this returns only by EOFError
    except (EOFError, OSError):
        pass
    # End of file comes from close() (the owner alive: its folder is still in use) or
    # from the owner's death (its descriptors closed as it exits).
    if owner is not None and owner_tempdir and not is_running(owner):
        shutil.rmtree(owner_tempdir, ignore_errors=True)
    os._exit(1)


def name_process(name: str) -> None:
    """Give this process a name of its own (at most 15 bytes), so that `ps`, `top` and
    `make bench` tell it from its siblings: every process forked from the forkserver
    otherwise has the forkserver's name and command line. Where prctl(2) is not
    available (not Linux) the name stays as it was."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]), 0, 0, 0)
    except (OSError, AttributeError):
        pass
