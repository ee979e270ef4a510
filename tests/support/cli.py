"""Running archiver's CLI in a child process, with every connection it makes logged.

Crawls run in a child process (Twisted's reactor cannot be restarted in one
process). The child records every socket connection and name lookup it makes
through an audit hook, so tests can prove that a crawl talks to nobody but the
test server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs

from tests.support.paths import REPO

# Runs archiver's CLI with an audit hook that appends each connect/getaddrinfo
# target to the file named by ARCHIVER_TEST_NET_LOG.
_AUDITED_MAIN = """
import json, os, sys
_log = open(os.environ["ARCHIVER_TEST_NET_LOG"], "a")
def _hook(event, args):
    if event == "socket.connect" and not isinstance(args[1], (str, bytes)):  # not AF_UNIX
        _log.write(json.dumps(["connect", repr(args[1])]) + "\\n"); _log.flush()
    elif event == "socket.getaddrinfo":
        _log.write(json.dumps(["getaddrinfo", repr(args[0]), repr(args[1])]) + "\\n"); _log.flush()
sys.addaudithook(_hook)
"""
_RUN_MAIN = """
sys.argv = ["archiver"] + sys.argv[1:]
from archiver.cli import main
sys.exit(main())
"""


@attrs.frozen
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    network: list[list[str]]


def run_cli(args: list[str], tmp_path: Path, cwd: Path = REPO, prelude: str = "",
            env: dict[str, str] | None = None) -> CliRun:
    """`prelude`: code the child runs before importing archiver (with `env` added to its
    environment), as tests.support.html_parses does to count the HTML parses."""
    net_log = tmp_path / f"net-{os.getpid()}-{len(list(tmp_path.glob('net-*')))}.jsonl"
    net_log.touch()
    # An empty tldextract cache: a cached public suffix list would hide a download attempt.
    cache = tmp_path / f"tldextract-cache-{net_log.stem}"
    environ = os.environ | {"ARCHIVER_TEST_NET_LOG": str(net_log), "PYTHONUNBUFFERED": "1",
                            "TLDEXTRACT_CACHE": str(cache)} | (env or {})
    main = _AUDITED_MAIN + prelude + _RUN_MAIN
    done = subprocess.run([sys.executable, "-c", main, *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=300)
    network = [json.loads(line) for line in net_log.read_text().splitlines()]
    return CliRun(done.returncode, done.stdout, done.stderr, network)
