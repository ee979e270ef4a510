"""The reference: plain `trafilatura.extract` over a folder of HTML pages.

Prints the seconds spent extracting (imports and start-up excluded, which
favours the reference), then, in one process, the CPU seconds it took (on a loaded
machine, what compares with the CPU time of archiver's extraction workers). With
`--processes N` the pages are shared out among N forked processes and the time is
that of the whole pool's work: the most any pipeline can get from trafilatura on this
machine's cores.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from pathlib import Path

import trafilatura

# Set before the pool forks, so that each process finds its share already in memory
# rather than receiving it through a pipe.
PAGES: list[bytes] = []


def extract_all(pages: list[bytes]) -> None:
    for page in pages:
        trafilatura.extract(page)


def extract_share(index: int, processes: int) -> None:
    extract_all(PAGES[index::processes])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first LIMIT pages")
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("*.html"))[:args.limit]
    PAGES[:] = [path.read_bytes() for path in paths]
    if args.processes == 1:
        started, cpu = time.perf_counter(), time.process_time()
        extract_all(PAGES)
        print(time.perf_counter() - started, time.process_time() - cpu)
        return
    # Forked after the import and the reading, and started before the clock, so the
    # pool's time is extraction alone.
    with multiprocessing.get_context("fork").Pool(args.processes) as pool:
        pool.map(abs, range(args.processes))
        started = time.perf_counter()
        pool.starmap(extract_share, [(index, args.processes) for index in range(args.processes)],
                     chunksize=1)
        print(time.perf_counter() - started)


if __name__ == "__main__":
    main()
