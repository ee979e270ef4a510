"""The reference: plain single-process `trafilatura.extract` over a folder of HTML pages.

Prints the seconds spent extracting (imports and start-up excluded, which
favours the reference).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    pages = [path.read_bytes() for path in sorted(Path(sys.argv[1]).glob("*.html"))]
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(page)
    print(time.perf_counter() - started)


if __name__ == "__main__":
    main()
