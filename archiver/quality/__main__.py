"""`python -m archiver.quality [--corpus DIR] [--failures] [--sweep] [--real-pages DIR]`:
see archiver.quality and archiver.quality.real."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver import settings
from archiver.quality.corpus import load_corpus
from archiver.quality.diffs import differences
from archiver.quality.real.run import run_real_pages
from archiver.quality.real.sets import SET_FOLDERS
from archiver.quality.report import rows, summary, table
from archiver.quality.runners import ours, plain_trafilatura, run

DEFAULT_CORPUS = Path("tests/quality/pages")
REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archiver.quality",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--failures", action="store_true",
                        help="list every page where our record differs from the annotation")
    parser.add_argument("--sweep", action="store_true",
                        help="measure trafilatura's modes and fallbacks inside our extractor")
    parser.add_argument("--real-pages", type=Path,
                        default=REPO_ROOT / settings.ARCHIVER_QUALITY_REAL_PAGES,
                        help="folder of the real-page sets (default: %(default)s)")
    parser.add_argument("--no-real-pages", action="store_true",
                        help="score the annotated corpus only")
    parser.add_argument("--only-real-pages", action="store_true",
                        help="score the real-page sets only")
    parser.add_argument("--real-set", action="append", choices=SET_FOLDERS,
                        help="only this real-page set (repeatable)")
    parser.add_argument("--processes", type=int, default=settings.ARCHIVER_QUALITY_PROCESSES,
                        help="worker processes for the real pages (default: %(default)s)")
    parser.add_argument("--real-dump", type=Path,
                        help="write every real page's predictions to this JSON file")
    parser.add_argument("pages", nargs="*", help="only these page names")
    args = parser.parse_args(argv)
    annotated_ok = True if args.only_real_pages else _annotated(parser, args)
    real_ok = True
    if not args.no_real_pages:
        print()
        real_ok = run_real_pages(args.real_pages, args.processes, args.real_dump, args.real_set)
    return 0 if annotated_ok and real_ok else 1


def _annotated(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    """The project's own annotated pages (regression tests rather than a measure)."""
    cases = [c for c in load_corpus(args.corpus) if not args.pages or c.name in args.pages]
    if not cases:
        parser.error(f"no annotated pages in {args.corpus}")
    if args.sweep:
        from archiver.quality.sweep import sweep

        print(sweep(cases))
        return True
    mine, baseline = run(ours, cases), run(plain_trafilatura, cases)
    if args.failures:
        for case in cases:
            for line in differences(case, mine.predictions[case.name]):
                print(f"{case.name}: {line}")
    table_rows = rows(cases, mine, baseline)
    print(table(table_rows))
    print()
    print(summary(cases, mine, baseline))
    failed = [row.field for row in table_rows if row.failed]
    if failed:
        print("below floor: " + ", ".join(failed), file=sys.stderr)
    return not failed


if __name__ == "__main__":
    sys.exit(main())
