"""Live progress on stderr: a rich panel on a terminal, plain lines on a pipe, none with --quiet;
and the summary printed at the end of a run."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from archiver.cli import build_parser, crawl_overrides
from archiver.run.leftovers import Recovered
from archiver.run.summary import format_summary
from tests.support.paths import REPO

PLAIN_LINE = re.compile(r"^archiver: \d+:\d\d:\d\d elapsed, \d+ pages \(\d+/min\), \d+ articles, "
                        r"\d+ errors, \d+ queued, \d+ in flight$", re.MULTILINE)


@pytest.mark.crawl
@pytest.mark.slow
def test_a_pipe_gets_plain_lines_without_escape_codes(demo_output):
    stderr = demo_output.run.stderr
    lines = PLAIN_LINE.findall(stderr)
    assert len(lines) >= 2, stderr[-2000:]
    assert "\x1b" not in stderr and "\r" not in stderr


def test_quiet_turns_progress_off():
    args = build_parser().parse_args(["crawl", "http://a.test/", "--quiet"])
    assert crawl_overrides(args)["ARCHIVER_PROGRESS_ENABLED"] is False
    args = build_parser().parse_args(["crawl", "http://a.test/"])
    assert "ARCHIVER_PROGRESS_ENABLED" not in crawl_overrides(args)


def read_all(fd: int, process: subprocess.Popen) -> bytes:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every holder of the terminal's other end has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.crawl
@pytest.mark.slow
def test_a_terminal_gets_the_live_panel(tmp_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "archiver.cli", "demo", "--out", str(tmp_path / "out")],
        cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
        env=os.environ | {"TERM": "xterm-256color", "COLUMNS": "120"})
    os.close(slave)
    try:
        screen = read_all(master, process).decode("utf-8", "replace")
    finally:
        os.close(master)
    stdout = process.communicate(timeout=60)[0].decode()
    assert process.returncode == 0, screen[-2000:]
    assert "\x1b[" in screen  # drawn in place with cursor movements
    assert "archiver crawl" in screen and "articles" in screen and "pages/min" in screen
    assert not PLAIN_LINE.search(screen)
    assert "articles written" in stdout  # the summary still goes to stdout


@pytest.mark.crawl
@pytest.mark.slow
def test_the_run_summary_names_the_files_indexed_for_an_earlier_run(demo_output) -> None:
    report = json.loads((demo_output.out / "report.json").read_text("utf-8"))
    assert "CDXJ index written" not in format_summary(report)
    report["recovered"] = Recovered(indexed_warc_files=["a.warc.gz", "b.warc.gz"]).as_dict()
    assert ("  CDXJ index written for an earlier run's a.warc.gz, b.warc.gz"
            in format_summary(report).splitlines())
