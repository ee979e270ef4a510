"""The reference: plain `trafilatura.extract` over a folder of HTML pages.

Prints the seconds spent extracting (imports and start-up excluded, which
favours the reference), then, in one process, the CPU seconds it took (on a loaded
machine, what compares with the CPU time of archiver's extraction workers). With
`--processes N` the pages are shared out among N forked processes and the time is
that of the whole pool's work: the most any pipeline can get from trafilatura on this
machine's cores.

`--parts`: instead of trafilatura alone, every library archiver's records are read with,
each called plainly on every page: `trafilatura.extract` (the text), `htmldate.find_date`
(the publication date, as archiver asks for it: original date, extensive search),
extruct's JSON-LD, microdata and OpenGraph extractors (structured data) and py3langid on
the text (the language). One parse of the page is shared by all four, and extruct's
RDFa (a second parse, 10 ms a built page) is left out: both favour these parts. What
archiver adds (images and credits, authors, headline, Markdown, links) is not in it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

# Set before the pool forks, so that each process finds its share already in memory
# rather than receiving it through a pipe.
PAGES: list[bytes] = []
EXTRACT: list[Callable[[bytes], object]] = [trafilatura.extract]


def with_the_metadata_parts() -> Callable[[bytes], object]:
    """One page through every part, as --parts describes; their modules loaded (and
    py3langid's model read) now, before the clock starts, as a pipeline would."""
    import htmldate
    import py3langid
    from extruct import JsonLdExtractor, MicrodataExtractor, OpenGraphExtractor

    json_ld, microdata, open_graph = JsonLdExtractor(), MicrodataExtractor(), OpenGraphExtractor()
    py3langid.classify("a warm-up sentence")

    def extract(page: bytes) -> object:
        tree = trafilatura.load_html(page)
        if tree is None:
            return None
        text = trafilatura.extract(tree) or ""
        date = htmldate.find_date(tree, extensive_search=True, original_date=True)
        data = []
        for extractor in (json_ld, microdata, open_graph):
            try:  # extruct raises on one broken JSON-LD script; a pipeline goes on
                data.append(extractor.extract_items(tree, base_url=None))
            except ValueError:
                data.append(None)
        return text, date, data, py3langid.classify(text)

    return extract


def extract_all(pages: list[bytes]) -> None:
    extract = EXTRACT[0]
    for page in pages:
        extract(page)


def extract_share(index: int, processes: int) -> None:
    extract_all(PAGES[index::processes])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first LIMIT pages")
    parser.add_argument("--parts", action="store_true",
                        help="trafilatura, htmldate, extruct and py3langid on every page")
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("*.html"))[:args.limit]
    PAGES[:] = [path.read_bytes() for path in paths]
    if args.parts:
        EXTRACT[0] = with_the_metadata_parts()
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
