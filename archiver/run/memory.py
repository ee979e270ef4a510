"""Memory a long-lived worker has freed, handed back to the system now and then.

glibc's malloc keeps what libxml2 and Python free on its heap for later reuse. A
worker that parses pages of very different sizes fragments that heap, and its
resident size creeps up page after page although nothing is kept: measured on real
pages, 15–20 MB a worker after a few hundred pages, which `malloc_trim(0)` gives back.
A trim takes about 0.5 ms, so it runs every TRIM_EVERY pages. Without glibc (musl,
macOS) there is nothing to call and nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
from collections.abc import Callable

TRIM_EVERY = 20


def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


_trim = _malloc_trim()
_pages = itertools.count(1)


def page_done() -> None:
    """Count a page; every TRIM_EVERY pages, give the heap's free memory back."""
    if next(_pages) % TRIM_EVERY == 0 and _trim is not None:
        _trim(0)
