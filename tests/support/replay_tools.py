"""The replay and packaging tools (pywb, wacz), which live in their own venv.

pywb pins pyOpenSSL below the version Scrapy brings and installs brotlipy,
whose `brotli` module shadows the Brotli that Scrapy decodes `br` with, so
the two cannot share a venv: `make install` builds .venv-replay for them.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import REPO

REPLAY_BIN = REPO / ".venv-replay" / "bin"
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tool(name: str) -> str:
    path = REPLAY_BIN / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `make install` to build .venv-replay")
    return str(path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET without proxies, accepting (and not undoing) any Content-Encoding.

    pywb decodes a gzip payload for a client that does not accept gzip, so the
    request says it does, as a browser would.
    """
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    try:
        with _NO_PROXY.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def pywb(warc_dir: Path, workdir: Path, collection: str = "crawl") -> Iterator[str]:
    """pywb on 127.0.0.1 serving `warc_dir` through its own CDXJ files; yields its base URL."""
    (workdir / "config.yaml").write_text(
        f"collections:\n  {collection}:\n    index_paths: {warc_dir}/\n"
        f"    archive_paths: {warc_dir}/\n")
    port = free_port()
    log = open(workdir / "pywb.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([tool("wayback"), "-b", "127.0.0.1", "-p", str(port)],
                               cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/{collection}"
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("pywb exited while starting")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("pywb did not start")
