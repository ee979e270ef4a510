"""Extraction's CPU a page, step by step, beside plain `trafilatura.extract` on the same pages.

Times `extract_article` over a folder of pages, `*.html` or `*.html.gz` (by default the
`make bench` site's, bench-output/site-1000/plain, which `python bench/run.py --pages
1000` builds; ../shared/corpus/real-pages/trafilatura holds real ones) with
each step of archiver.extraction.article (and of its per-page context) timed in CPU
time, after plain trafilatura has run over the same pages in the same process; both
after a warm-up on the first pages, and with the extractor preloaded as the workers
have it (archiver.extraction.preload). Steps nest: "context" holds the four rows
indented under it. To profile another checkout's extractor, run this file with
`PYTHONPATH=DIR`.
"""

from __future__ import annotations

import argparse
import collections
import functools
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import trafilatura

import archiver.extraction.article as article
import archiver.extraction.context as context
import archiver.extraction.page.document as document
import archiver.extraction.preload  # noqa: F401 (what the workers start with)
from archiver.extraction import extract_article

HERE = Path(__file__).resolve().parent
DEFAULT_PAGES = HERE.parent / "bench-output" / "site-1000" / "plain"
WARM_UP = 5
# The steps, as build_article and read_context call them, with the names printed.
STEPS = [
    (document, "load_page", "load_page (decode, parse)"),
    (article, "read_context", "context"),
    (context, "read_structured", "  structured data (JSON-LD, microdata, RDFa, <meta>)"),
    (context, "read_site_name", "  site name"),
    (context, "read_headline", "  headline, standfirst"),
    (context, "article_region", "  article region"),
    (article, "read_images", "images, captions, credits"),
    (article, "_body", "body (trafilatura, text and Markdown)"),
    (article, "read_authors", "authors"),
    (article, "read_dates", "dates (htmldate where the page shows none)"),
    (article, "classify_page", "page type"),
    (article, "read_language", "language"),
    (article, "read_canonical_url", "canonical URL"),
    (article, "read_description", "description"),
    (article, "read_section", "section"),
    (article, "read_tags", "tags"),
    (article, "site_from_title", "site name from the title"),
]


def timed(module: ModuleType, name: str, label: str, totals: collections.Counter) -> None:
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def step(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - started

    setattr(module, name, step)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_PAGES)
    parser.add_argument("--limit", type=int, default=500, help="the first LIMIT pages")
    args = parser.parse_args(argv)
    paths = sorted([*args.folder.glob("*.html"), *args.folder.glob("*.html.gz")])[:args.limit]
    if not paths:
        print(f"no *.html or *.html.gz pages in {args.folder}", file=sys.stderr)
        return 2
    pages = [(gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes(),
              f"http://127.0.0.1/{path.name.removesuffix('.gz')}") for path in paths]
    totals: collections.Counter[str] = collections.Counter()
    for module, name, label in STEPS:
        timed(module, name, label, totals)
    for body, url in pages[:WARM_UP]:
        trafilatura.extract(body)
        extract_article(body, url, content_type="text/html")
    started = time.process_time()
    for body, _ in pages:
        trafilatura.extract(body)
    plain = (time.process_time() - started) / len(pages) * 1000
    totals.clear()
    started = time.process_time()
    for body, url in pages:
        extract_article(body, url, content_type="text/html")
    ours = (time.process_time() - started) / len(pages) * 1000
    print(f"{len(pages)} pages of {args.folder}: extract_article {ours:.2f} ms a page, "
          f"plain trafilatura.extract {plain:.2f} ms, ratio {ours / plain:.2f}")
    print("| step | CPU ms a page |")
    print("|---|---:|")
    for _, _, label in STEPS:
        print(f"| {label} | {totals[label] / len(pages) * 1000:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
