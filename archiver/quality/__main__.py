"""`python -m archiver.quality [--corpus DIR] [--failures] [--sweep]`: see archiver.quality."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archiver.quality.corpus import load_corpus
from archiver.quality.diffs import differences
from archiver.quality.report import rows, summary, table
from archiver.quality.runners import ours, plain_trafilatura, run

DEFAULT_CORPUS = Path("tests/quality/pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archiver.quality",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--failures", action="store_true",
                        help="list every page where our record differs from the annotation")
    parser.add_argument("--sweep", action="store_true",
                        help="measure trafilatura's modes and fallbacks inside our extractor")
    parser.add_argument("pages", nargs="*", help="only these page names")
    args = parser.parse_args(argv)
    cases = [c for c in load_corpus(args.corpus) if not args.pages or c.name in args.pages]
    if not cases:
        parser.error(f"no annotated pages in {args.corpus}")
    if args.sweep:
        from archiver.quality.sweep import sweep

        print(sweep(cases))
        return 0
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
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
