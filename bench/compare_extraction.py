"""Extraction CPU a page, ours against plain `trafilatura.extract`, page by page in turn.

On a machine others load, two timings taken one after the other differ by more than
the changes worth measuring. Here each extractor runs in a process of its own, all
loaded first (the extractor preloaded as the workers have it), and every page goes
to each of them in turn, in an order that alternates page by page: whatever the
machine does meanwhile, it does to all of them alike. Each process times the page in
its own thread's CPU time. With `--baseline-code DIR` another checkout's extractor
takes part too (`git archive main | tar -x -C DIR`).

Pages: a folder of `*.html` or `*.html.gz` (by default the `make bench` site's,
bench-output/site-1000/plain; ../shared/corpus/real-pages/trafilatura holds real ones).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PAGES = HERE.parent / "bench-output" / "site-1000" / "plain"
WARM_UP = 5
READY = "ready"


def read_pages(folder: Path, limit: int) -> list[bytes]:
    paths = sorted([*folder.glob("*.html"), *folder.glob("*.html.gz")])[:limit]
    return [gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            for path in paths]


def serve(kind: str, folder: Path, limit: int) -> None:
    """In a child: read page numbers on stdin, answer each with the CPU seconds it took."""
    if kind == "plain":
        from trafilatura import extract

        def run(body: bytes) -> None:
            extract(body)
    else:
        import archiver.extraction.preload  # noqa: F401 (what the workers start with)
        from archiver.extraction import extract_article

        def run(body: bytes) -> None:
            extract_article(body, "http://127.0.0.1/page.html", content_type="text/html")
    pages = read_pages(folder, limit)
    for body in pages[:WARM_UP]:
        run(body)
    print(READY, flush=True)
    for line in sys.stdin:
        started = time.thread_time()
        run(pages[int(line)])
        print(time.thread_time() - started, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_PAGES)
    parser.add_argument("--limit", type=int, default=300, help="the first LIMIT pages")
    parser.add_argument("--rounds", type=int, default=1, help="times over the pages")
    parser.add_argument("--baseline-code", type=Path, metavar="DIR")
    parser.add_argument("--serve", choices=["ours", "plain"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.folder, args.limit)
        return 0
    count = len(read_pages(args.folder, args.limit))
    if not count:
        print(f"no *.html or *.html.gz pages in {args.folder}", file=sys.stderr)
        return 2
    # (name, kind, the checkout whose archiver it imports: PYTHONPATH)
    sides = [("plain trafilatura.extract", "plain", None), ("ours", "ours", HERE.parent)]
    if args.baseline_code:
        sides.append(("ours, baseline code", "ours", args.baseline_code.resolve()))
    children = {}
    for name, kind, code in sides:
        env = dict(os.environ, PYTHONPATH=str(code)) if code else None
        children[name] = subprocess.Popen(
            [sys.executable, __file__, str(args.folder), "--limit", str(args.limit),
             "--serve", kind], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env=env)
    try:
        for child in children.values():
            if child.stdout.readline().strip() != READY:
                print("an extractor process failed to start", file=sys.stderr)
                return 1
        seconds = dict.fromkeys(children, 0.0)
        names = list(children)
        for step in range(count * args.rounds):
            shift = step % len(names)
            for name in names[shift:] + names[:shift]:
                children[name].stdin.write(f"{step % count}\n")
                children[name].stdin.flush()
                seconds[name] += float(children[name].stdout.readline())
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait()
    plain = seconds["plain trafilatura.extract"]
    pages = count * args.rounds
    print(f"{count} pages of {args.folder}, {args.rounds} round(s), CPU ms a page:")
    for name, total in seconds.items():
        print(f"  {name}: {total / pages * 1000:.2f} ms ({total / plain:.2f}x plain)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
