"""`archiver replay OUTDIR`: browse an output folder's WARC files in pywb on 127.0.0.1.

pywb cannot share a venv with Scrapy (it pins an older pyOpenSSL and brings
brotlipy, which shadows Brotli), so its `wayback` server runs as a child
process from the checkout's `.venv-replay` (built by `make install`). It reads
the WARC folder as it is, through the CDXJ index beside each closed WARC file.
An article is then at `http://127.0.0.1:PORT/COLLECTION/TIMESTAMPmp_/URL`
(TIMESTAMP: the record's fetched_at as 14 digits; `id_` instead of `mp_` gives
the archived payload byte for byte).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from archiver import settings as defaults

CHECKOUT = Path(__file__).resolve().parents[2]  # archiver/commands/replay.py -> the checkout
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ReplayError(Exception):
    """Replay cannot start (no pywb, nothing indexed, port taken): one line for the user."""


def wayback_executable(bin_dir: str = defaults.ARCHIVER_REPLAY_BIN) -> str:
    candidates = [Path(bin_dir) / "wayback"] if bin_dir else [
        CHECKOUT / ".venv-replay" / "bin" / "wayback"]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = None if bin_dir else shutil.which("wayback")
    if found is None:
        raise ReplayError(f"pywb is missing ({candidates[0]} not found): run `make install`, "
                          "which builds .venv-replay with pywb")
    return found


def indexed_warc_dir(output_dir: Path) -> Path:
    warc_dir = (output_dir / defaults.ARCHIVER_WARC_SUBDIR).absolute()
    if not any(warc_dir.glob("*.cdxj")):
        raise ReplayError(f"no indexed WARC files in {warc_dir} (run a crawl into {output_dir}, "
                          "or `archiver index` its WARC files)")
    return warc_dir


def check_port_free(port: int) -> None:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise ReplayError(f"port {port} on 127.0.0.1 is in use: pick another with --port"
                              ) from None


def write_config(workdir: Path, warc_dir: Path, collection: str) -> None:
    # Unframed: a browser opening TIMESTAMPmp_/URL gets the page itself, not pywb's frame.
    (workdir / "config.yaml").write_text(
        f"framed_replay: false\ncollections:\n  {collection}:\n    index_paths: {warc_dir}/\n"
        f"    archive_paths: {warc_dir}/\n", "utf-8")


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ReplayError(f"pywb exited while starting (code {process.returncode})")
        try:
            with _NO_PROXY.open(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise ReplayError(f"pywb did not answer on {url} within {seconds:.0f}s")


@contextmanager
def serving(output_dir: Path, port: int, collection: str = defaults.ARCHIVER_REPLAY_COLLECTION,
            bin_dir: str = defaults.ARCHIVER_REPLAY_BIN) -> Iterator[str]:
    """pywb serving OUTPUT_DIR's WARC files; yields the collection's URL. Stopped on exit."""
    executable = wayback_executable(bin_dir)
    warc_dir = indexed_warc_dir(output_dir)
    check_port_free(port)
    with tempfile.TemporaryDirectory(prefix="archiver-replay-") as workdir:
        write_config(Path(workdir), warc_dir, collection)
        process = subprocess.Popen(
            [executable, "-b", "127.0.0.1", "-p", str(port)], cwd=workdir,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process)
            yield f"http://127.0.0.1:{port}/{collection}/"
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve_forever(output_dir: Path, port: int, collection: str) -> None:
    """Serve until Ctrl-C (or SIGTERM); print where, and how an article's URL is made."""
    signal.signal(signal.SIGTERM, _interrupt)
    # A shell starting us in the background (cron, `cmd &`) leaves SIGINT ignored,
    # and Python then keeps it ignored: Ctrl-C or `kill -INT` must still stop us.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with serving(output_dir, port, collection) as base:
        print(f"Replaying {output_dir} at {base}\n"
              f"  an article: {base}TIMESTAMPmp_/URL  (TIMESTAMP: fetched_at as YYYYMMDDhhmmss)\n"
              f"  report with links: archiver report {output_dir} --port {port}\n"
              "Press Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Stopped.", flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
