"""Workers hand freed heap memory back to the system every TRIM_EVERY pages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from archiver.run import memory

_FRAGMENTED_THEN_TRIMMED = """
import lxml.html
from archiver.run import memory

def rss_kb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4

kept = []
for size in range(200):  # large trees freed, small objects kept between them
    tree = lxml.html.fromstring("<div>" + "<p>word word word</p>" * (2000 + size) + "</div>")
    kept.append(tree[0].text_content())
    del tree
before = rss_kb()
for _ in range(memory.TRIM_EVERY):
    memory.page_done()
print(before - rss_kb())
"""


def test_a_trim_every_so_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    trims: list[int] = []
    monkeypatch.setattr(memory, "_trim", trims.append)
    for _ in range(3 * memory.TRIM_EVERY + 1):
        memory.page_done()
    assert len(trims) in (3, 4) and set(trims) == {0}  # the count may have started earlier


@pytest.mark.skipif(memory._trim is None, reason="no glibc malloc_trim here")
def test_the_trim_gives_memory_back() -> None:
    run = subprocess.run([sys.executable, "-c", _FRAGMENTED_THEN_TRIMMED], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout) > 256  # kB (real pages: 15–20 MB over a worker's life)
